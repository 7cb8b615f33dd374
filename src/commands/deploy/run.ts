/** `phoenix-mesh deploy`: put a rendered file into the Traefik container atomically and prove it live. */
import { parseDynamic, readDynamicText, requireResolved } from "../../adapters/dynamic/read.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import { formatDiagnostic } from "../../core/diagnostics.js";
import { PhoenixMeshError } from "../../core/errors.js";
import type { DeployReport } from "./flow.js";
import { formatDeployReport } from "./format.js";

export interface DeployOptions {
  flags: FlagValues;
  file?: string | undefined;
  ref?: string | undefined;
  json?: boolean;
}

export async function deployCommand(options: DeployOptions, io: CommandIO): Promise<DeployReport> {
  const { settings } = await loadSettings(options.flags, io);
  const { target: targetUrl, traefikApis: apiUrls, probe: probeUrl } = settings;
  if (targetUrl === undefined)
    throw new PhoenixMeshError("USAGE", "no deploy target", {
      hint: `pass --target (e.g. pct://102/etc/traefik/dynamic/dynamic_conf.yml), set ${SETTINGS.target.env}, or ${SETTINGS.target.file} in phoenix-mesh.yaml`,
    });
  if (apiUrls.length === 0)
    throw new PhoenixMeshError("USAGE", "no Traefik API to verify the deploy with", {
      hint: `pass --api (e.g. http://10.0.0.12:8080), set ${SETTINGS.traefikApi.env}, or ${SETTINGS.traefikApi.file} in phoenix-mesh.yaml`,
    });
  // The deploy's code, Traefik's version (the first API round trip) and the file are fetched at
  // once: each waits on a different thing (the disk, the network, module loading), and the version
  // is still known before anything is written.
  const modules = Promise.all([
    import("../../adapters/targets/open-target.js"),
    import("./flow.js"),
    import("../../adapters/traefik-api/api.js"),
    import("../../adapters/traefik-api/probe.js"),
    import("../../adapters/traefik-api/tls-inspect.js"),
  ]);
  const instances = modules.then(([, , { traefikApi }]) => apiUrls.map((url) => traefikApi(url)));
  const versions = apiUrls.map((_, i) => instances.then((all) => all[i]!.version()));
  // Awaited by deployFile; a bad file may stop the run first.
  for (const version of versions) version.catch(() => undefined);
  const path = options.file ?? settings.output;
  const file = await readDynamicText(
    options.ref === undefined ? { kind: "path", path } : { kind: "ref", path, ref: options.ref },
    io.cwd,
  );

  const [{ openTarget }, { deployFile }, , { probeHost }, { tlsInspector }] = await modules;
  const target = await openTarget(targetUrl, { env: io.env, sshOptions: settings.sshOptions });
  try {
    io.stderr(`deploying ${file.label} → ${target.description}\n`);
    const report = await deployFile({
      content: file.text,
      // Run by deployFile while its container call starts: the swap renames only after this
      // returns, and a refused file changes nothing.
      check: () => {
        const checked = parseDynamic(file.text, file.label);
        requireResolved(checked, "deploy");
        for (const w of checked.problems) io.stderr(`${formatDiagnostic(w)}\n`);
        return checked.config;
      },
      target,
      instances: await instances,
      versions,
      reload: settings.reload,
      verifyTimeoutMs: settings.timeoutSeconds * 1000,
      lockWaitMs: settings.lockTimeoutSeconds * 1000,
      keepBackups: settings.keepBackups,
      probe: probeUrl === undefined ? undefined : (host) => probeHost(probeUrl, host),
      // CA files named by the transports live in the container: read them through the target.
      inspectTls: tlsInspector((path) => target.readFile(path)),
      now: () => performance.now() + performance.timeOrigin,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      log: (line) => io.stderr(`${line}\n`),
    });
    if (options.json !== true) io.stderr(formatDeployReport(report));
    return report;
  } catch (error) {
    if (options.json !== true && error instanceof PhoenixMeshError && error.details !== undefined) {
      io.stderr(formatDeployReport(error.details as DeployReport));
    }
    throw error;
  } finally {
    await target.close();
  }
}
