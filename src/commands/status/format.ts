/** Pure: the status report, and its words for people. */
import type { ConfigDiff } from "../../domain/diff/semantic.js";
import { formatDiffText } from "../../domain/diff/format-text.js";

export interface StatusReport {
  /** The live file is the expected one, and (with --api) Traefik serves its revision. */
  inSync: boolean;
  /** Whether Traefik serves the expected revision; null without --api. */
  served: boolean | null;
  target: string;
  expected: { source: string; revision: string | null; sha256: string };
  live: { revision: string | null; sha256: string } | null;
  /** Revisions Traefik serves, when --api is given. */
  traefik: string[] | null;
  /** Objects of the served file Traefik does not enable (HTTP, TCP, UDP); null when not asked. */
  disabled: string[] | null;
  diff: ConfigDiff | null;
  /** With several Traefik instances (--api given more than once): what each one serves. */
  instances?: StatusInstance[];
}

export interface StatusInstance {
  api: string;
  /** Revisions this instance serves. */
  traefik: string[];
  served: boolean;
  disabled: string[] | null;
}

export function formatStatus(r: StatusReport): string {
  const rev = (x: { revision: string | null; sha256: string } | null) =>
    x === null ? "(no file)" : `${x.revision ?? "(no revision)"}  sha256:${x.sha256.slice(0, 16)}`;
  const lines = [
    `expected  ${rev(r.expected)}  from ${r.expected.source}`,
    `live      ${rev(r.live)}  in ${r.target}`,
  ];
  const serves = (revisions: string[]) =>
    revisions.length === 0 ? "no phoenix-mesh revision" : revisions.join(", ");
  if (r.instances !== undefined)
    for (const i of r.instances)
      lines.push(`traefik   ${i.api} serves ${serves(i.traefik)}${i.served ? "" : " ✗"}`);
  else if (r.traefik !== null) lines.push(`traefik   serves ${serves(r.traefik)}`);
  for (const d of r.disabled ?? []) lines.push(`traefik   ${d}`);
  lines.push(
    r.inSync
      ? r.served === null
        ? "in sync (the live file; pass --api to check what Traefik serves)"
        : r.instances !== undefined
          ? `in sync: the live file is the expected one, and all ${r.instances.length} Traefik instances serve it`
          : "in sync: the live file is the expected one, and Traefik serves it"
      : r.diff === null
        ? (r.disabled ?? []).length > 0 && r.served === true
          ? "DRIFT: Traefik serves the expected file, but has disabled some of its objects (above)"
          : r.instances !== undefined
            ? `DRIFT: the live file is the expected one, but ${r.instances.filter((i) => !i.served).length} of ${r.instances.length} Traefik instances do not serve it`
            : "DRIFT: the live file is the expected one, but Traefik does not serve it"
        : `DRIFT: the live file differs from the expected one (live → expected):\n${formatDiffText(r.diff)}`,
  );
  return `${lines.join("\n")}\n`;
}
