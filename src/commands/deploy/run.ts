/** `phoenix-mesh deploy`: put a rendered file into the Traefik container atomically and prove it live. */
import { parseDynamic, readDynamicText, requireResolved } from "../../adapters/dynamic/read.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import { formatDiagnostic } from "../../core/diagnostics.js";
import { PhoenixMeshError } from "../../core/errors.js";
import type { FleetReport } from "./fleet.js";
import type { DeployReport } from "./flow.js";
import { formatDeployReport, formatFleetReport } from "./format.js";
import { parseTargetUrl, type RedisSpec } from "../../adapters/targets/target-url.js";
import type { Settings } from "../../adapters/settings/types.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import type { ProbeResult } from "../../domain/traefik/api-types.js";
import type { TlsInspector } from "../../domain/verify/run.js";

export interface DeployOptions {
  flags: FlagValues;
  file?: string | undefined;
  ref?: string | undefined;
  json?: boolean;
}

export async function deployCommand(
  options: DeployOptions,
  io: CommandIO,
): Promise<DeployReport | FleetReport> {
  const { settings } = await loadSettings(options.flags, io);
  const { target: targetUrl, traefikApis: apiUrls } = settings;
  // --target (flag or environment) names one target; else deploy.targets, when set, names several.
  const oneTarget = settings.origins.target === "flag" || settings.origins.target === "env";
  if (!oneTarget && settings.deployTargets.length > 0) {
    if (settings.origins.traefikApi === "flag" || settings.origins.traefikApi === "env")
      throw new PhoenixMeshError("USAGE", "--api goes with --target, not with deploy.targets", {
        hint: "deploy.targets gives each target its own traefik_api; to deploy to one of them, pass --target and --api",
      });
    return deployToFleet(settings, options, io);
  }
  if (targetUrl === undefined)
    throw new PhoenixMeshError("USAGE", "no deploy target", {
      hint: `pass --target (e.g. pct://102/etc/traefik/dynamic/dynamic_conf.yml), set ${SETTINGS.target.env}, or ${SETTINGS.target.file} in phoenix-mesh.yaml`,
    });
  if (apiUrls.length === 0)
    throw new PhoenixMeshError("USAGE", "no Traefik API to verify the deploy with", {
      hint: `pass --api (e.g. http://10.0.0.12:8080), set ${SETTINGS.traefikApi.env}, or ${SETTINGS.traefikApi.file} in phoenix-mesh.yaml`,
    });
  const spec = parseTargetUrl(targetUrl);
  if (spec.kind === "redis") return deployToRedis(spec, settings, options, io);
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
  const file = await fileToDeploy(settings, options, io);

  const [{ openTarget }, { deployFile }, , { probeHost }, { tlsInspector }] = await modules;
  const target = await openTarget(targetUrl, { env: io.env, sshOptions: settings.sshOptions });
  try {
    io.stderr(`deploying ${file.label} → ${target.description}\n`);
    const report = await deployFile({
      content: file.text,
      // Run by deployFile while its container call starts: the swap renames only after this
      // returns, and a refused file changes nothing.
      check: () => checkFile(file, io),
      target,
      instances: await instances,
      versions,
      // CA files named by the transports live in the container: read them through the target.
      ...stepsFrom(
        settings,
        io,
        probeHost,
        tlsInspector((path) => target.readFile(path)),
      ),
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

/**
 * redis://…: the file as Traefik's KV tree, written in one transaction, proved live on every
 * Traefik that reads it (./kv.ts). The password comes from the environment only.
 */
async function deployToRedis(
  spec: RedisSpec,
  settings: Settings,
  options: DeployOptions,
  io: CommandIO,
): Promise<DeployReport> {
  if (settings.reload !== "watch")
    throw new PhoenixMeshError("USAGE", `--reload ${settings.reload} does not apply to a Redis target`, {
      hint: "Traefik's Redis provider reloads on Redis' keyspace notifications by itself: leave reload at watch",
    });
  const [{ openRedisTarget }, { deployKv }, { traefikApi }, { probeHost }, { tlsInspector }] =
    await Promise.all([
      import("../../adapters/redis/client.js"),
      import("./kv.js"),
      import("../../adapters/traefik-api/api.js"),
      import("../../adapters/traefik-api/probe.js"),
      import("../../adapters/traefik-api/tls-inspect.js"),
    ]);
  const instances = settings.traefikApis.map((url) => traefikApi(url));
  const file = await fileToDeploy(settings, options, io);
  const { conn, description } = await openRedisTarget(spec, {
    env: io.env,
    timeoutMs: settings.stepTimeoutSeconds * 1000,
  });
  try {
    io.stderr(`deploying ${file.label} → ${description}\n`);
    const report = await deployKv({
      content: file.text,
      check: () => checkFile(file, io),
      conn,
      rootKey: spec.rootKey,
      description,
      instances,
      // CA files named by transports live where Traefik runs: read here when they are here too.
      ...stepsFrom(settings, io, probeHost, tlsInspector(undefined)),
    });
    if (options.json !== true) io.stderr(formatDeployReport(report));
    return report;
  } catch (error) {
    if (options.json !== true && error instanceof PhoenixMeshError && error.details !== undefined)
      io.stderr(formatDeployReport(error.details as DeployReport));
    throw error;
  } finally {
    await conn.close();
  }
}

/** The deploy's check of the file: exactly render's; its warnings said, its errors refuse it. */
function checkFile(file: { text: string; label: string }, io: CommandIO): DynamicConfig {
  const checked = parseDynamic(file.text, file.label);
  requireResolved(checked, "deploy");
  for (const w of checked.problems) io.stderr(`${formatDiagnostic(w)}\n`);
  return checked.config;
}

/** deploy.targets: the same file to several containers, all or nothing (./fleet.ts). */
async function deployToFleet(
  settings: Settings,
  options: DeployOptions,
  io: CommandIO,
): Promise<FleetReport> {
  const [{ openTarget }, { deployFleet }, { traefikApi }, { probeHost }, { tlsInspector }] =
    await Promise.all([
      import("../../adapters/targets/open-target.js"),
      import("./fleet.js"),
      import("../../adapters/traefik-api/api.js"),
      import("../../adapters/traefik-api/probe.js"),
      import("../../adapters/traefik-api/tls-inspect.js"),
    ]);
  const file = await fileToDeploy(settings, options, io);
  const targets: Awaited<ReturnType<typeof openTarget>>[] = [];
  try {
    for (const t of settings.deployTargets)
      targets.push(await openTarget(t.target, { env: io.env, sshOptions: settings.sshOptions }));
    const members = settings.deployTargets.map((t, i) => ({
      target: targets[i]!,
      instances: t.traefikApis.map((url) => traefikApi(url)),
    }));
    io.stderr(`deploying ${file.label} → ${targets.map((t) => t.description).join(", ")} (all or nothing)\n`);
    try {
      const report = await deployFleet({
        content: file.text,
        check: () => checkFile(file, io),
        members,
        // A CA file named by a transport is read from the first container.
        ...stepsFrom(
          settings,
          io,
          probeHost,
          tlsInspector((p) => targets[0]!.readFile(p)),
        ),
      });
      if (options.json !== true) io.stderr(formatFleetReport(report));
      return report;
    } catch (error) {
      if (options.json !== true && error instanceof PhoenixMeshError && error.details !== undefined)
        io.stderr(formatFleetReport(error.details as FleetReport));
      throw error;
    }
  } finally {
    await Promise.all(targets.map((t) => t.close()));
  }
}

/** What both deploy flows take from the settings: how to reload, wait, lock, keep, probe and log. */
function stepsFrom(
  settings: Settings,
  io: CommandIO,
  probeHost: (url: string, host: string) => Promise<ProbeResult>,
  inspectTls: TlsInspector,
) {
  const probeUrl = settings.probe;
  return {
    reload: settings.reload,
    verifyTimeoutMs: settings.timeoutSeconds * 1000,
    lockWaitMs: settings.lockTimeoutSeconds * 1000,
    keepBackups: settings.keepBackups,
    probe: probeUrl === undefined ? undefined : (host: string) => probeHost(probeUrl, host),
    inspectTls,
    now: () => performance.now() + performance.timeOrigin,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    log: (line: string) => io.stderr(`${line}\n`),
  };
}

/** The rendered file: --file or the settings' output, from the working tree or as committed at --ref. */
function fileToDeploy(settings: Settings, options: DeployOptions, io: CommandIO) {
  const path = options.file ?? settings.output;
  return readDynamicText(
    options.ref === undefined ? { kind: "path", path } : { kind: "ref", path, ref: options.ref },
    io.cwd,
  );
}
