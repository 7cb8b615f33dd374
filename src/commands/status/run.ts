/** `phoenix-mesh status`: is the file in the container the one git says, and which revision does Traefik serve? */
import { evaluateObjects, readLiveState } from "../../domain/verify/evaluate.js";
import { readDynamic, readLiveDynamic } from "../../adapters/dynamic/read.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import { sha256 } from "../../core/digest.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { diffConfigs } from "../../domain/diff/semantic.js";
import {
  liveRevisions,
  revisionMiddlewareOf,
  revisionOf,
  revisionOfMarker,
} from "../../domain/traefik/revision.js";
import { formatStatus, type StatusReport } from "./format.js";

export interface StatusOptions {
  flags: FlagValues;
  file?: string | undefined;
  ref?: string | undefined;
  json?: boolean;
}

export async function statusCommand(options: StatusOptions, io: CommandIO): Promise<StatusReport> {
  const { settings } = await loadSettings(options.flags, io);
  if (settings.target === undefined)
    throw new PhoenixMeshError("USAGE", "no target to inspect", {
      hint: `pass --target, set ${SETTINGS.target.env}, or ${SETTINGS.target.file} in phoenix-mesh.yaml`,
    });
  const path = options.file ?? settings.output;
  const expected = await readDynamic(
    options.ref === undefined ? { kind: "path", path } : { kind: "ref", path, ref: options.ref },
    io.cwd,
  );
  const { openTarget } = await import("../../adapters/targets/open-target.js");
  const target = await openTarget(settings.target, { env: io.env, sshOptions: settings.sshOptions });
  let live: Awaited<ReturnType<typeof readLiveDynamic>>;
  try {
    live = await readLiveDynamic(target);
  } finally {
    await target.close();
  }
  let traefik: string[] | null = null;
  let disabled: string[] | null = null;
  const fileInSync = live?.text === expected.text;
  // The header names the revision; a hand-written file may carry only the marker middleware.
  const marker = revisionMiddlewareOf(expected.config);
  const expectedRevision =
    revisionOf(expected.text) ?? (marker === undefined ? null : revisionOfMarker(marker));
  if (settings.traefikApi !== undefined) {
    const { traefikApi } = await import("../../adapters/traefik-api/api.js");
    const api = traefikApi(settings.traefikApi);
    const middlewares = await api.list("middlewares");
    traefik = liveRevisions(middlewares);
    // Served means every object enabled, HTTP, TCP and UDP: a router Traefik disabled serves nothing.
    if (fileInSync && (expectedRevision === null || traefik.includes(expectedRevision)))
      disabled = evaluateObjects(expected.config, await readLiveState(api, expected.config, middlewares))
        .filter((o) => !o.ok)
        .map(
          (o) =>
            `${o.kind} ${o.name} is ${o.status}${o.errors.length === 0 ? "" : `: ${o.errors.join("; ")}`}`,
        );
  }
  // In sync means served, not only written: the file provider may watch another folder, or have
  // failed, while the right file sits in the container (Phoenix's own mistake).
  const served = traefik === null || expectedRevision === null || traefik.includes(expectedRevision);
  const inSync = fileInSync && served && (disabled ?? []).length === 0;
  const digestOf = (text: string) => ({ revision: revisionOf(text) ?? null, sha256: sha256(text) });
  const report: StatusReport = {
    inSync,
    served: traefik === null ? null : served,
    target: target.description,
    expected: { source: expected.label, ...digestOf(expected.text) },
    live: live === undefined ? null : digestOf(live.text),
    traefik,
    disabled,
    diff: fileInSync ? null : diffConfigs(live?.config ?? {}, expected.config),
  };
  if (options.json !== true) io.stderr(formatStatus(report));
  if (fileInSync && !served) {
    throw new PhoenixMeshError(
      "DRIFT",
      `${report.target} holds revision ${expectedRevision ?? "?"}, but Traefik serves ${traefik?.length === 0 ? "no phoenix-mesh revision" : `revision ${traefik?.join(", ")}`}`,
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
        live === undefined
          ? "nothing is deployed yet: run phoenix-mesh deploy"
          : "run phoenix-mesh deploy to put the committed file in place (hand edits in the container are overwritten)",
    });
  }
  return report;
}
