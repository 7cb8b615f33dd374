/** `phoenix-mesh status`: is the file in the container the one git says, and which revision does Traefik serve? */
import { evaluateObjects, readLiveState } from "../../domain/verify/evaluate.js";
import { parseDynamic, readDynamic, readLiveText } from "../../adapters/dynamic/read.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues, Settings } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import { sha256 } from "../../core/digest.js";
import { formatDiagnostic } from "../../core/diagnostics.js";
import { PhoenixMeshError } from "../../core/errors.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import { diffConfigs, type ConfigDiff } from "../../domain/diff/semantic.js";
import {
  liveRevisions,
  revisionMiddlewareOf,
  revisionOf,
  revisionOfMarker,
} from "../../domain/traefik/revision.js";
import { formatStatus, type StatusInstance, type StatusReport } from "./format.js";

export interface StatusOptions {
  flags: FlagValues;
  file?: string | undefined;
  ref?: string | undefined;
  json?: boolean;
}

/** deploy.targets: each target's own status, in sync only when all are. */
export interface FleetStatusReport {
  inSync: boolean;
  targets: StatusReport[];
}

export async function statusCommand(
  options: StatusOptions,
  io: CommandIO,
): Promise<StatusReport | FleetStatusReport> {
  const { settings } = await loadSettings(options.flags, io);
  const oneTarget = settings.origins.target === "flag" || settings.origins.target === "env";
  const fleet = oneTarget ? [] : settings.deployTargets;
  if (settings.target === undefined && fleet.length === 0)
    throw new PhoenixMeshError("USAGE", "no target to inspect", {
      hint: `pass --target, set ${SETTINGS.target.env}, or ${SETTINGS.target.file} in phoenix-mesh.yaml`,
    });
  const path = options.file ?? settings.output;
  const expected = await readDynamic(
    options.ref === undefined ? { kind: "path", path } : { kind: "ref", path, ref: options.ref },
    io.cwd,
  );
  if (fleet.length === 0)
    return statusOf(settings.target!, settings.traefikApis, expected, settings, options, io);
  const targets: StatusReport[] = [];
  const drifted: string[] = [];
  for (const t of fleet) {
    if (options.json !== true) io.stderr(`${t.target}:\n`);
    try {
      targets.push(await statusOf(t.target, t.traefikApis, expected, settings, options, io));
    } catch (error) {
      if (!(error instanceof PhoenixMeshError) || error.code !== "DRIFT") throw error;
      targets.push(error.details as StatusReport);
      drifted.push(`${t.target} (${error.message})`);
    }
  }
  const report: FleetStatusReport = { inSync: drifted.length === 0, targets };
  if (drifted.length > 0)
    throw new PhoenixMeshError(
      "DRIFT",
      `${drifted.length} of ${fleet.length} targets are not in sync with ${expected.label}: ${drifted.join("; ")}`,
      { details: report, hint: "run phoenix-mesh deploy: it puts the file on every target, or on none" },
    );
  if (options.json !== true) io.stderr(`in sync: all ${fleet.length} targets\n`);
  return report;
}

/** One target and the Traefik instances serving its file: printed, and DRIFT thrown when not in sync. */
async function statusOf(
  targetUrl: string,
  traefikApis: readonly string[],
  expected: Awaited<ReturnType<typeof readDynamic>>,
  settings: Settings,
  options: StatusOptions,
  io: CommandIO,
): Promise<StatusReport> {
  const side = await readLiveSide(targetUrl, expected, settings, io);
  const { target, live, provider } = side;
  let traefik: string[] | null = null;
  let disabled: string[] | null = null;
  const fileInSync = side.inSync;
  // The header names the revision; a hand-written file may carry only the marker middleware.
  const marker = revisionMiddlewareOf(expected.config);
  const expectedRevision =
    revisionOf(expected.text) ?? (marker === undefined ? null : revisionOfMarker(marker));
  let instances: StatusInstance[] | null = null;
  if (traefikApis.length > 0) {
    const { traefikApi } = await import("../../adapters/traefik-api/api.js");
    instances = await Promise.all(
      traefikApis.map(async (url): Promise<StatusInstance> => {
        const api = traefikApi(url);
        const middlewares = await api.list("middlewares");
        const revisions = liveRevisions(middlewares, provider);
        const servedHere = expectedRevision === null || revisions.includes(expectedRevision);
        // Served means every object enabled, HTTP, TCP and UDP: a router Traefik disabled serves nothing.
        const disabledHere =
          fileInSync && servedHere
            ? evaluateObjects(
                expected.config,
                await readLiveState(api, expected.config, middlewares),
                provider,
              )
                .filter((o) => !o.ok)
                .map(
                  (o) =>
                    `${o.kind} ${o.name} is ${o.status}${o.errors.length === 0 ? "" : `: ${o.errors.join("; ")}`}`,
                )
            : null;
        return { api: url, traefik: revisions, served: servedHere, disabled: disabledHere };
      }),
    );
    const several = instances.length > 1;
    traefik = [...new Set(instances.flatMap((i) => i.traefik))];
    const checked = instances.filter((i) => i.disabled !== null);
    disabled =
      checked.length === 0
        ? null
        : checked.flatMap((i) => (i.disabled ?? []).map((d) => (several ? `${i.api}: ${d}` : d)));
  }
  // In sync means served, not only written: the file provider may watch another folder, or have
  // failed, while the right file sits in the container (Phoenix's own mistake). With several
  // Traefik instances, by every one of them.
  const served = instances === null || instances.every((i) => i.served);
  const inSync = fileInSync && served && (disabled ?? []).length === 0;
  const report: StatusReport = {
    inSync,
    served: traefik === null ? null : served,
    target: target.description,
    expected: { source: expected.label, ...digestOf(expected.text) },
    live,
    traefik,
    disabled,
    diff: fileInSync ? null : side.diff(),
    ...(instances !== null && instances.length > 1 ? { instances } : {}),
  };
  if (options.json !== true) io.stderr(formatStatus(report));
  if (fileInSync && !served) {
    throw new PhoenixMeshError(
      "DRIFT",
      instances !== null && instances.length > 1
        ? `${report.target} holds revision ${expectedRevision ?? "?"}, but ${instances
            .filter((i) => !i.served)
            .map((i) => `${i.api} serves ${servesWords(i.traefik)}`)
            .join("; ")}`
        : `${report.target} holds revision ${expectedRevision ?? "?"}, but Traefik serves ${servesWords(traefik ?? [])}`,
      {
        details: report,
        hint: "its file provider watches another folder than the deploy target, or failed to start (see phoenix-mesh doctor, and providers.file in traefik.yml)",
      },
    );
  }
  if (fileInSync && served && disabled !== null && disabled.length > 0) {
    throw new PhoenixMeshError(
      "DRIFT",
      `Traefik serves revision ${expectedRevision ?? "?"} but has disabled ${disabled.length} of its objects`,
      { details: report, hint: "phoenix-mesh verify gives Traefik's reasons and probes each host" },
    );
  }
  if (!inSync) {
    throw new PhoenixMeshError("DRIFT", `${report.target} differs from ${expected.label}`, {
      details: report,
      hint:
        live === null
          ? "nothing is deployed yet: run phoenix-mesh deploy"
          : "run phoenix-mesh deploy to put the committed file in place (hand edits in the container are overwritten)",
    });
  }
  return report;
}

const digestOf = (text: string) => ({ revision: revisionOf(text) ?? null, sha256: sha256(text) });

/**
 * What the target holds, compared with the expected file: the live file (pct, ssh, a folder), or
 * the tree under a Redis root key, compared key by key with the tree the file would be written as.
 */
async function readLiveSide(
  targetUrl: string,
  expected: Awaited<ReturnType<typeof readDynamic>>,
  settings: Settings,
  io: CommandIO,
): Promise<{
  target: { description: string };
  inSync: boolean;
  live: StatusReport["live"];
  provider: string;
  diff: () => ConfigDiff;
}> {
  const { parseTargetUrl } = await import("../../adapters/targets/target-url.js");
  const spec = parseTargetUrl(targetUrl);
  if (spec.kind === "redis") {
    const [{ openRedisTarget }, { readTree, storedRevision }, { kvTree, configOfTree, sameTree }] =
      await Promise.all([
        import("../../adapters/redis/client.js"),
        import("../../adapters/redis/tree-store.js"),
        import("../../domain/kv/tree.js"),
      ]);
    const { conn, description } = await openRedisTarget(spec, {
      env: io.env,
      timeoutMs: settings.stepTimeoutSeconds * 1000,
    });
    let stored: Awaited<ReturnType<typeof readTree>>;
    try {
      stored = await readTree(conn, spec.rootKey);
    } finally {
      await conn.close();
    }
    const want = kvTree(expected.config, spec.rootKey);
    return {
      target: { description },
      inSync: sameTree(want, stored.tree),
      live: storedRevision(stored),
      provider: "redis",
      // Both sides as the tree reads back (all values strings), so only real differences show.
      diff: () => diffConfigs(configOfTree(stored.tree, spec.rootKey), configOfTree(want, spec.rootKey)),
    };
  }
  const { openTarget } = await import("../../adapters/targets/open-target.js");
  const target = await openTarget(targetUrl, { env: io.env, sshOptions: settings.sshOptions });
  let live: Awaited<ReturnType<typeof readLiveText>>;
  try {
    live = await readLiveText(target);
  } finally {
    await target.close();
  }
  // A live file Traefik would not load is drift like any other (exit 1), not an error of this
  // run: say why, and show what the expected file would add.
  let config: DynamicConfig = {};
  if (live !== undefined && live.text !== expected.text) {
    try {
      config = parseDynamic(live.text, live.label).config;
    } catch (error) {
      if (!(error instanceof PhoenixMeshError) || error.code !== "OUTPUT_INVALID") throw error;
      io.stderr(
        `${error.message}${error.diagnostics.length === 0 ? "" : `:\n${error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join("\n")}`}\n`,
      );
    }
  }
  return {
    target,
    inSync: live?.text === expected.text,
    live: live === undefined ? null : digestOf(live.text),
    provider: "file",
    diff: () => diffConfigs(config, expected.config),
  };
}

function servesWords(revisions: readonly string[]): string {
  return revisions.length === 0 ? "no phoenix-mesh revision" : `revision ${revisions.join(", ")}`;
}
