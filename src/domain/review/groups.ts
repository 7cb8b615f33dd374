/**
 * Pure: one group of the plan (removed, changed or added) as a Markdown table within a budget.
 * Above COLLAPSE_AT rows the table folds into a `<details>` whose summary holds the count;
 * rows that do not fit are counted in a note, never cut mid-row.
 */
import { describeRoute } from "../diff/format-text.js";
import { cellCode, cellText, code, details, num } from "./markdown-text.js";
import type { Change, PlanRow, ReviewPlan } from "./plan.js";

export const COLLAPSE_AT = 20;
/** The largest a group can shrink to: its heading and a note. */
export const MIN_GROUP = 220;
const NOTE_RESERVE = 200;
const COMMON_LINES = 10;

const HEADING: Record<Change, string> = {
  removed: "🔴 Removed",
  changed: "🟡 Changed",
  added: "🟢 Added",
};

const COLUMNS: Record<Change, string> = {
  removed: "| host | was | from |\n| --- | --- | --- |",
  changed: "| host | what changes | now | from |\n| --- | --- | --- | --- |",
  added: "| host | backend | from |\n| --- | --- | --- |",
};

export function groupSection(
  change: Change,
  plan: ReviewPlan,
  budget: number,
): { text: string; leftOut: string | undefined } {
  const rows = plan[change];
  if (rows.length === 0) return { text: "", leftOut: undefined };
  const n = rows.length;
  const heading = `### ${HEADING[change]} (${num(n)})`;
  const intro = change === "changed" ? commonLines(plan) : "";
  const collapse = n > COLLAPSE_AT;
  const wrap = (table: string, shown: number) =>
    collapse
      ? details(
          // Folded only above COLLAPSE_AT rows: always "hosts".
          `${shown === n ? "" : `${num(shown)} of `}${num(n)} ${change} hosts`,
          table,
        )
      : table;
  const assemble = (table: string, shown: number, note: string) =>
    [heading, intro, wrap(table, shown), note].filter((p) => p !== "").join("\n\n");
  const fixed = assemble(COLUMNS[change], 0, "").length + NOTE_RESERVE;
  if (fixed > budget) {
    return {
      text: `${heading}\n\n_Not listed here (size limit): \`phoenix-mesh diff\` lists all ${num(n)}._`,
      leftOut: `all ${num(n)} ${change} rows`,
    };
  }
  let room = budget - fixed;
  const lines: string[] = [];
  for (const r of rows) {
    const line = row(r);
    if (line.length + 1 > room) break;
    lines.push(line);
    room -= line.length + 1;
  }
  const missing = n - lines.length;
  const note =
    missing === 0
      ? ""
      : `_…and ${num(missing)} more ${change} host${missing === 1 ? "" : "s"} not listed here (size limit): \`phoenix-mesh diff\` lists them all._`;
  return {
    text: assemble(`${COLUMNS[change]}\n${lines.join("\n")}`, lines.length, note),
    leftOut: missing === 0 ? undefined : `${num(missing)} of ${num(n)} ${change} rows`,
  };
}

function row(r: PlanRow): string {
  const origin = cellText(r.origin ?? "—");
  if (r.change === "removed")
    return `| ${cellCode(r.host)} | ${cellCode(describeRoute(r.diff.before))} | ${origin} |`;
  if (r.change === "added")
    return `| ${cellCode(r.host)} | ${cellCode(describeRoute(r.diff.after))} | ${origin} |`;
  const what = r.what.length === 0 ? "definition" : r.what.map(cellCode).join("<br>");
  return `| ${cellCode(r.host)} | ${what} | ${cellCode(describeRoute(r.diff.after))} | ${origin} |`;
}

/** Changes many hosts share, one line each: "**300 hosts**: `port 80 → 81`". */
function commonLines(plan: ReviewPlan): string {
  const lines = plan.common
    .slice(0, COMMON_LINES)
    .map((c) => `- **${num(c.hosts)} host${c.hosts === 1 ? "" : "s"}**: ${code(clip(c.what, 200))}`);
  if (plan.common.length > COMMON_LINES)
    lines.push(`- …and ${plan.common.length - COMMON_LINES} more shared changes`);
  return lines.join("\n");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
