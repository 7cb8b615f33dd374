/** Pure: a semantic diff as Markdown: the route table diff reviewers read, host by host. */
import type { ConfigDiff, HostDiff } from "./semantic.js";
import { describeRoute } from "./format-text.js";

const ICON: Record<HostDiff["change"], string> = {
  added: "🟢 added",
  removed: "🔴 removed",
  changed: "🟡 changed",
};

/** Escapes what would break a table cell or render as Markdown. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[`*_<>[\]]/g, (c) => `\\${c}`)
    .replace(/\n/g, " ");
}

export function summaryLine(diff: ConfigDiff): string {
  const { added, removed, changed } = diff.summary;
  if (diff.identical) return "No routing changes.";
  if (added + removed + changed === 0)
    return "No host changes routing (only definitions that no route uses changed).";
  return `**${added}** host${added === 1 ? "" : "s"} added, **${removed}** removed, **${changed}** changed.`;
}

export function routeTableMarkdown(diff: ConfigDiff, maxRows = Number.POSITIVE_INFINITY): string {
  if (diff.hosts.length === 0) return "_No host changes._\n";
  const rows = diff.hosts
    .slice(0, maxRows)
    .map(
      (h) =>
        `| ${ICON[h.change]} | \`${h.host.replace(/`/g, "")}\` | ${cell(describeRoute(h.before))} | ${cell(describeRoute(h.after))} |`,
    );
  const more = diff.hosts.length > maxRows ? `\n_…and ${diff.hosts.length - maxRows} more hosts._\n` : "";
  return `| change | host | before | after |\n| --- | --- | --- | --- |\n${rows.join("\n")}\n${more}`;
}

export function formatDiffMarkdown(diff: ConfigDiff): string {
  return `${summaryLine(diff)}\n\n${routeTableMarkdown(diff)}`;
}
