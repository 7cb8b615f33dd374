/** `phoenix-mesh deploy`: put a rendered file into the Traefik container atomically and prove it live. */
import { readFile } from "node:fs/promises";
import { PhoenixMeshError } from "../../core/errors.js";
import { displayPath } from "../../adapters/io/paths.js";
import { formatDiagnostic } from "../../core/diagnostics.js";
import { loadSettings } from "../../adapters/settings/load.js";
import type { Settings } from "../../adapters/settings/types.js";
import { checkDynamicConfig } from "../../domain/traefik/check-dynamic.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import type { ReloadMode } from "../../adapters/targets/reload.js";
import type { DeployReport } from "./flow.js";
import { formatDeployReport } from "./format.js";
import type { CommandIO } from "../../core/command-io.js";
import { TRAEFIK_API_ENV } from "../verify/run.js";

export const TARGET_ENV = "PHOENIX_MESH_TARGET";

export interface DeployOptions {
  config?: string | undefined;
  file?: string | undefined;
  ref?: string | undefined;
  target?: string | undefined;
  api?: string | undefined;
  probe?: string | undefined;
  reload?: ReloadMode | undefined;
  timeoutSeconds?: number | undefined;
  lockTimeoutSeconds?: number | undefined;
  json?: boolean;
}

/** The file to deploy: a path, or the settings' output as committed at --ref. Validated exactly as render validates its output. */
export async function readDeployable(
  options: { file?: string | undefined; ref?: string | undefined },
  settings: Settings,
  io: CommandIO,
): Promise<{ text: string; config: DynamicConfig; label: string }> {
  const path = options.file ?? settings.output;
  let text: string;
  let label = displayPath(path, io.cwd);
  if (options.ref !== undefined) {
    const { readAtRef } = await import("../../adapters/git/read-at-ref.js");
    const at = await readAtRef(path, options.ref);
    text = at.content;
    label = `${at.relativePath}@${options.ref} (${at.commit.slice(0, 12)})`;
  } else {
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new PhoenixMeshError("IO", `cannot read ${label}: ${(error as Error).message}`, {
        hint: "pass --file or --ref, or render first",
        cause: error,
      });
    }
  }
  const checked = checkDynamicConfig(text, label);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  if (checked.config === undefined || errors.length > 0) {
    throw new PhoenixMeshError(
      "OUTPUT_INVALID",
      `refusing to deploy ${label}: it is not a valid Traefik dynamic configuration`,
      { diagnostics: checked.diagnostics },
    );
  }
  for (const w of checked.diagnostics) io.stderr(`${formatDiagnostic(w)}\n`);
  return { text, config: checked.config, label };
}

export async function deployCommand(options: DeployOptions, io: CommandIO): Promise<DeployReport> {
  const { settings } = await loadSettings({ config: options.config }, io.env, io.cwd);
  const targetUrl = options.target ?? (io.env[TARGET_ENV] || undefined) ?? settings.deploy.target;
  const apiUrl = options.api ?? (io.env[TRAEFIK_API_ENV] || undefined) ?? settings.deploy.traefikApi;
  if (targetUrl === undefined)
    throw new PhoenixMeshError("USAGE", "no deploy target", {
      hint: `pass --target (e.g. pct://102/etc/traefik/dynamic/dynamic_conf.yml), set ${TARGET_ENV}, or deploy.target in phoenix-mesh.yaml`,
    });
  if (apiUrl === undefined)
    throw new PhoenixMeshError("USAGE", "no Traefik API to verify the deploy with", {
      hint: `pass --api (e.g. http://10.0.0.12:8080), set ${TRAEFIK_API_ENV}, or deploy.traefik_api in phoenix-mesh.yaml`,
    });
  const file = await readDeployable(options, settings, io);

  const [{ openTarget }, { deployFile }, { traefikApi }, { probeHost }] = await Promise.all([
    import("../../adapters/targets/open-target.js"),
    import("./flow.js"),
    import("../../adapters/traefik-api/api.js"),
    import("../../adapters/traefik-api/probe.js"),
  ]);
  const target = await openTarget(targetUrl, io.env);
  const probeUrl = options.probe ?? settings.deploy.probe;
  try {
    io.stderr(`deploying ${file.label} → ${target.description}\n`);
    const report = await deployFile({
      content: file.text,
      config: file.config,
      target,
      api: traefikApi(apiUrl),
      reload: options.reload ?? settings.deploy.reload ?? "watch",
      verifyTimeoutMs: (options.timeoutSeconds ?? settings.deploy.timeoutSeconds ?? 15) * 1000,
      lockWaitMs: (options.lockTimeoutSeconds ?? settings.deploy.lockTimeoutSeconds ?? 60) * 1000,
      probe: probeUrl === undefined ? undefined : (host) => probeHost(probeUrl, host),
      now: () => performance.now() + performance.timeOrigin,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      log: (line) => io.stderr(`${line}\n`),
    });
    if (options.json !== true) io.stdout(formatDeployReport(report));
    return report;
  } catch (error) {
    if (options.json !== true && error instanceof PhoenixMeshError && error.details !== undefined) {
      io.stdout(formatDeployReport(error.details as DeployReport));
    }
    throw error;
  } finally {
    await target.close();
  }
}
