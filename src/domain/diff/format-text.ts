/** Pure: a semantic diff as plain text, host by host. */
import type { ConfigDiff, HostRoute } from "./semantic.js";

export function describeRoute(r: HostRoute | null): string {
  if (r === null) return "-";
  const extras = [
    r.transport === null ? null : `transport ${r.transport}`,
    r.tls === null ? null : `tls ${r.tls}`,
    r.middlewares.length === 0 ? null : `middlewares ${r.middlewares.join(",")}`,
  ].filter((x) => x !== null);
  return `${r.backends.join(", ")} [${r.entryPoints.join(",")}]${extras.length === 0 ? "" : ` (${extras.join("; ")})`}`;
}

export function formatDiffText(diff: ConfigDiff): string {
  if (diff.identical) return "no routing changes\n";
  const lines = [
    `${diff.summary.added} host${diff.summary.added === 1 ? "" : "s"} added, ${diff.summary.removed} removed, ${diff.summary.changed} changed`,
  ];
  for (const h of diff.hosts) {
    const mark = h.change === "added" ? "+" : h.change === "removed" ? "-" : "~";
    lines.push(
      h.change === "changed"
        ? `${mark} ${h.host}: ${describeRoute(h.before)} → ${describeRoute(h.after)}`
        : `${mark} ${h.host}: ${describeRoute(h.after ?? h.before)}`,
    );
  }
  for (const s of diff.sections) {
    const parts = [
      s.added.length === 0 ? null : `added ${s.added.join(", ")}`,
      s.removed.length === 0 ? null : `removed ${s.removed.join(", ")}`,
      s.changed.length === 0 ? null : `changed ${s.changed.join(", ")}`,
    ].filter((x) => x !== null);
    if (parts.length > 0) lines.push(`${s.section}: ${parts.join("; ")}`);
  }
  return `${lines.join("\n")}\n`;
}
