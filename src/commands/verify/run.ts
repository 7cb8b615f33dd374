/** `phoenix-mesh verify`: does Traefik serve this file — this revision, every object enabled, every Host answering? */
import { readFile } from "node:fs/promises";
import { PhoenixMeshError } from "../../core/errors.js";
import { displayPath } from "../../adapters/io/paths.js";
import { formatVerifyReport } from "../../domain/verify/format.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { parseDynamicConfig } from "../../domain/traefik/check-dynamic.js";
import { traefikApi } from "../../adapters/traefik-api/api.js";
import { probeHost } from "../../adapters/traefik-api/probe.js";
import { verifyLive, type VerifyReport } from "../../domain/verify/run.js";
import type { CommandIO } from "../../core/command-io.js";

export const TRAEFIK_API_ENV = "PHOENIX_MESH_TRAEFIK_API";

export interface VerifyOptions {
  config?: string | undefined;
  api?: string | undefined;
  file?: string | undefined;
  probe?: string | undefined;
  timeoutSeconds?: number | undefined;
  json?: boolean;
}

export async function verifyCommand(options: VerifyOptions, io: CommandIO): Promise<VerifyReport> {
  const api = options.api ?? (io.env[TRAEFIK_API_ENV] || undefined);
  if (api === undefined) {
    throw new PhoenixMeshError("USAGE", "no Traefik API given", {
      hint: `pass --api URL (e.g. http://10.0.0.12:8080) or set ${TRAEFIK_API_ENV}`,
    });
  }
  const path =
    options.file ?? (await loadSettings({ config: options.config }, io.env, io.cwd)).settings.output;
  const label = displayPath(path, io.cwd);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PhoenixMeshError("IO", `cannot read ${label}: ${(error as Error).message}`, {
      hint: "pass --file, or render first",
      cause: error,
    });
  }
  // Only what cannot be read stops here; a dangling reference is Traefik's to judge, and its
  // own error text is what the user needs to see.
  const checked = parseDynamicConfig(text, label);
  if (checked.config === undefined) {
    throw new PhoenixMeshError("OUTPUT_INVALID", `${label} is not a valid Traefik dynamic configuration`, {
      diagnostics: checked.diagnostics,
    });
  }
  const timeoutMs = Math.round((options.timeoutSeconds ?? 10) * 1000);
  const probeUrl = options.probe;
  const report = await verifyLive(checked.config, timeoutMs, {
    api: traefikApi(api),
    probe: probeUrl === undefined ? undefined : (host) => probeHost(probeUrl, host),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => performance.now(),
    log: (line) => io.stderr(`${line}\n`),
  });
  if (options.json !== true) io.stdout(formatVerifyReport(report));
  if (!report.ok) {
    throw new PhoenixMeshError("VERIFY_FAILED", `Traefik does not serve ${label} as written`, {
      details: report,
    });
  }
  return report;
}
