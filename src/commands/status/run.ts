/** `phoenix-mesh status`: is the file in the container the one git says, and which revision does Traefik serve? */
import { PhoenixMeshError } from "../../core/errors.js";
import { diffConfigs, type ConfigDiff } from "../../domain/diff/semantic.js";
import { revisionOf } from "../../domain/traefik/revision.js";
import { formatDiffText } from "../../domain/diff/format-text.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { parseDynamicConfig } from "../../domain/traefik/check-dynamic.js";
import { liveRevisions } from "../../domain/traefik/revision.js";
import { readDeployable, TARGET_ENV } from "../deploy/run.js";
import type { CommandIO } from "../../core/command-io.js";
import { TRAEFIK_API_ENV } from "../verify/run.js";

export interface StatusOptions {
  config?: string | undefined;
  file?: string | undefined;
  ref?: string | undefined;
  target?: string | undefined;
  api?: string | undefined;
  json?: boolean;
}

export interface StatusReport {
  inSync: boolean;
  target: string;
  expected: { source: string; revision: string | null; sha256: string };
  live: { revision: string | null; sha256: string } | null;
  /** Revisions Traefik serves, when --api is given. */
  traefik: string[] | null;
  diff: ConfigDiff | null;
}

export async function statusCommand(options: StatusOptions, io: CommandIO): Promise<StatusReport> {
  const { settings } = await loadSettings({ config: options.config }, io.env, io.cwd);
  const targetUrl = options.target ?? (io.env[TARGET_ENV] || undefined) ?? settings.deploy.target;
  if (targetUrl === undefined)
    throw new PhoenixMeshError("USAGE", "no target to inspect", {
      hint: `pass --target, set ${TARGET_ENV}, or deploy.target in phoenix-mesh.yaml`,
    });
  const expected = await readDeployable(options, settings, io);
  const [{ openTarget }, { sha256 }] = await Promise.all([
    import("../../adapters/targets/open-target.js"),
    import("../deploy/flow.js"),
  ]);
  const target = await openTarget(targetUrl, io.env);
  let liveText: string | undefined;
  try {
    liveText = await target.readFile(target.livePath);
  } finally {
    await target.close();
  }
  const apiUrl = options.api ?? (io.env[TRAEFIK_API_ENV] || undefined) ?? settings.deploy.traefikApi;
  let traefik: string[] | null = null;
  if (apiUrl !== undefined) {
    const { traefikApi } = await import("../../adapters/traefik-api/api.js");
    traefik = liveRevisions(await traefikApi(apiUrl).list("middlewares"));
  }
  const inSync = liveText === expected.text;
  const liveConfig =
    liveText === undefined ? undefined : parseDynamicConfig(liveText, target.livePath).config;
  const report: StatusReport = {
    inSync,
    target: target.description,
    expected: {
      source: expected.label,
      revision: revisionOf(expected.text) ?? null,
      sha256: sha256(expected.text),
    },
    live:
      liveText === undefined ? null : { revision: revisionOf(liveText) ?? null, sha256: sha256(liveText) },
    traefik,
    diff: inSync ? null : diffConfigs(liveConfig ?? {}, expected.config),
  };
  if (options.json !== true) io.stdout(formatStatus(report));
  if (!inSync) {
    throw new PhoenixMeshError("DRIFT", `${report.target} differs from ${expected.label}`, {
      details: report,
      hint:
        liveText === undefined
          ? "nothing is deployed yet: run phoenix-mesh deploy"
          : "run phoenix-mesh deploy to put the committed file in place (hand edits in the container are overwritten)",
    });
  }
  return report;
}

function formatStatus(r: StatusReport): string {
  const rev = (x: { revision: string | null; sha256: string } | null) =>
    x === null ? "(no file)" : `${x.revision ?? "(no revision)"}  sha256:${x.sha256.slice(0, 16)}`;
  const lines = [
    `expected  ${rev(r.expected)}  from ${r.expected.source}`,
    `live      ${rev(r.live)}  in ${r.target}`,
  ];
  if (r.traefik !== null)
    lines.push(
      `traefik   serves ${r.traefik.length === 0 ? "no phoenix-mesh revision" : r.traefik.join(", ")}`,
    );
  lines.push(
    r.inSync
      ? "in sync"
      : `DRIFT: the live file differs from the expected one (live → expected):\n${r.diff === null ? "" : formatDiffText(r.diff)}`,
  );
  return `${lines.join("\n")}\n`;
}
