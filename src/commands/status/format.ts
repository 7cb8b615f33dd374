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
}

export function formatStatus(r: StatusReport): string {
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
  for (const d of r.disabled ?? []) lines.push(`traefik   ${d}`);
  lines.push(
    r.inSync
      ? r.served === null
        ? "in sync (the live file; pass --api to check what Traefik serves)"
        : "in sync: the live file is the expected one, and Traefik serves it"
      : r.diff === null
        ? (r.disabled ?? []).length > 0 && r.served === true
          ? "DRIFT: Traefik serves the expected file, but has disabled some of its objects (above)"
          : "DRIFT: the live file is the expected one, but Traefik does not serve it"
        : `DRIFT: the live file differs from the expected one (live → expected):\n${formatDiffText(r.diff)}`,
  );
  return `${lines.join("\n")}\n`;
}
