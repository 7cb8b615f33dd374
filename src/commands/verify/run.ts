/** `phoenix-mesh verify`: does Traefik serve this file — this revision, every object enabled, every Host answering? */
import { readDynamic } from "../../adapters/dynamic/read.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import { providerOf } from "../../adapters/targets/target-url.js";
import { traefikApi } from "../../adapters/traefik-api/api.js";
import { probeHost } from "../../adapters/traefik-api/probe.js";
import { tlsInspector } from "../../adapters/traefik-api/tls-inspect.js";
import type { CommandIO } from "../../core/command-io.js";
import { formatDiagnostic } from "../../core/diagnostics.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { formatVerifyReport } from "../../domain/verify/format.js";
import { verifyInstances } from "../../domain/verify/instances.js";
import type { VerifyReport } from "../../domain/verify/run.js";

export interface VerifyOptions {
  flags: FlagValues;
  file?: string | undefined;
  json?: boolean;
}

export async function verifyCommand(options: VerifyOptions, io: CommandIO): Promise<VerifyReport> {
  const { settings } = await loadSettings(options.flags, io);
  const apis = settings.traefikApis;
  if (apis.length === 0) {
    throw new PhoenixMeshError("USAGE", "no Traefik API given", {
      hint: `pass --api URL (e.g. http://10.0.0.12:8080), set ${SETTINGS.traefikApi.env}, or ${SETTINGS.traefikApi.file} in phoenix-mesh.yaml`,
    });
  }
  // A dangling reference is Traefik's to judge, and its own error text is what the user needs.
  const file = await readDynamic({ kind: "path", path: options.file ?? settings.output }, io.cwd);
  for (const p of file.problems) io.stderr(`${formatDiagnostic({ ...p, severity: "warning" })}\n`);
  const probeUrl = settings.probe;
  const instances = apis.map((url) => traefikApi(url));
  const report = await verifyInstances(
    file.config,
    Math.round(settings.timeoutSeconds * 1000),
    instances,
    {
      probe: probeUrl === undefined ? undefined : (host) => probeHost(probeUrl, host),
      // CA files are read here; verify has no target open, so a CA only in the container is said so.
      inspectTls: tlsInspector(undefined),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      now: () => performance.now(),
      log: (line) => io.stderr(`${line}\n`),
    },
    // With a redis:// target, Traefik serves the file's objects as <name>@redis.
    { provider: providerOf(settings.target) },
  );
  if (options.json !== true) io.stderr(formatVerifyReport(report));
  if (!report.ok) {
    const which =
      instances.length === 1
        ? "Traefik does not"
        : `${(report.instances ?? []).filter((i) => !i.ok).length} of ${instances.length} Traefik instances do not`;
    throw new PhoenixMeshError("VERIFY_FAILED", `${which} serve ${file.label} as written`, {
      details: report,
    });
  }
  return report;
}
