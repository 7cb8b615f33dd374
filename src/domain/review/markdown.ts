/**
 * Pure: the review of a routing change in Markdown — the pull request body, `diff --format
 * markdown` and the check workflow's job summary are this one text. GitHub caps a body at 65,536
 * characters; the cap is met by design, never by slicing: each part gets a budget in order of
 * importance (warnings have their own; removals and changes before additions; the map and the
 * file diff from what is left), shrinks by whole rows and hunks, and the text says what it left out.
 */
import { changeMap } from "./change-map.js";
import { fileDiffSection, type FileDiff } from "./file-diff.js";
import { groupSection, MIN_GROUP } from "./groups.js";
import { fenced, num } from "./markdown-text.js";
import { planCounts, type ReviewPlan } from "./plan.js";
import { warningsSection } from "./warnings-section.js";

export const GITHUB_BODY_LIMIT = 65_536;

export interface Review {
  plan: ReviewPlan;
  /** planWarnings(): Markdown lines, most dangerous first. */
  warnings: string[];
  /** Warnings of the render that wrote the new file, as plain text. */
  renderWarnings: string[];
  fileDiff: FileDiff;
  /** A Markdown line saying what the file was made from, if known. */
  source?: string | undefined;
}

/** What frames the review: a pull request body has a marker, a heading and a footer. */
export interface Frame {
  marker?: string;
  heading?: string;
  footer?: string;
}

const WARNINGS_BUDGET = 8_000;
const LEFT_OUT_RESERVE = 600;
const SEPARATOR = "\n\n";

export function reviewMarkdown(review: Review, frame: Frame = {}, limit = GITHUB_BODY_LIMIT): string {
  const { plan } = review;
  const head = [frame.marker, frame.heading, planLine(plan)];
  const tail = [review.source, frame.footer];
  const fixed = [...head, ...tail].filter(present);
  let room = limit - fixed.join(SEPARATOR).length - LEFT_OUT_RESERVE - 14 * SEPARATOR.length;
  const leftOut: string[] = [];
  const take = (part: { text: string; leftOut: string | undefined }) => {
    room -= part.text.length;
    if (part.leftOut !== undefined) leftOut.push(part.leftOut);
    return part.text;
  };
  const groups = (["removed", "changed", "added"] as const).filter((c) => plan[c].length > 0);
  const reserve = (after: number) => MIN_GROUP * (groups.length - after);
  const warnings = take(
    warningsSection(review.warnings, review.renderWarnings, Math.min(WARNINGS_BUDGET, room - reserve(0))),
  );
  // Once a group is cut, the groups after it are not listed: no addition shows while a removal hides.
  let cut = false;
  const tables = groups.map((c, i) => {
    const part = groupSection(c, plan, cut ? 0 : room - reserve(i + 1));
    cut ||= part.leftOut !== undefined;
    return take(part);
  });
  const map = take(mapSection(plan, room));
  const diff = take(fileDiffSection(review.fileDiff, room));
  const note =
    leftOut.length === 0
      ? undefined
      : `_Left out to stay within GitHub's limit of ${limit.toLocaleString("en")} characters: ${leftOut.join("; ")}._`;
  return `${[...head, warnings, ...tables, map, review.source, diff, note, frame.footer].filter(present).join(SEPARATOR)}\n`;
}

function planLine(plan: ReviewPlan): string {
  if (plan.identical) return "No routing changes.";
  const rows = plan.removed.length + plan.changed.length + plan.added.length;
  if (rows === 0) return "No host changes routing (only definitions that no route uses changed).";
  return `**Plan:** ${planCounts(plan)} · ${num(plan.unchanged)} host${plan.unchanged === 1 ? "" : "s"} unchanged.`;
}

function mapSection(plan: ReviewPlan, room: number): { text: string; leftOut: string | undefined } {
  const rows = plan.removed.length + plan.changed.length + plan.added.length;
  if (rows === 0) return { text: "", leftOut: undefined };
  const map = changeMap(plan);
  const text =
    map === undefined
      ? `### Map\n\n_No map: ${num(rows)} hosts change, too many to draw legibly; the tables list them._`
      : `### Map\n\n${fenced("mermaid", map)}`;
  return text.length <= room ? { text, leftOut: undefined } : { text: "", leftOut: "the map" };
}

function present(part: string | undefined): part is string {
  return part !== undefined && part !== "";
}
