/**
 * Pure: the file diff of a review, within a budget: whole hunks first to last, then the lines of
 * the next hunk that fit (its header recounted, so it stays a valid patch fragment), then a note
 * of exactly what was left out. The revision lines are never shown: they change with any input.
 */
import { details, fenced } from "./markdown-text.js";

export interface FileDiff {
  /** undefined: the line diff was too large to compute. */
  hunks: string[] | undefined;
  labels: { old: string; new: string };
}

const NOTE_RESERVE = 160;

export function fileDiffSection(
  diff: FileDiff,
  budget: number,
): { text: string; leftOut: string | undefined } {
  const title = (n: number) => `File diff (${n} hunk${n === 1 ? "" : "s"}; revision lines left out)`;
  if (diff.hunks === undefined) {
    const text = details("File diff", "_Too large to compute here; see the Files tab._");
    return text.length <= budget ? { text, leftOut: undefined } : { text: "", leftOut: "the file diff" };
  }
  if (diff.hunks.length === 0) return { text: "", leftOut: undefined };
  const header = `--- ${diff.labels.old}\n+++ ${diff.labels.new}\n`;
  const all = diff.hunks.join("");
  const shell = details(title(diff.hunks.length), fenced("diff", `${header}${all}`));
  if (shell.length <= budget) return { text: shell, leftOut: undefined };
  const fixed = details(title(diff.hunks.length), fenced("diff", header)).length + NOTE_RESERVE;
  let room = budget - fixed;
  if (room <= 0) return { text: "", leftOut: "the file diff" };
  const kept: string[] = [];
  let partial = false;
  for (const hunk of diff.hunks) {
    if (hunk.length <= room) {
      kept.push(hunk);
      room -= hunk.length;
      continue;
    }
    const cut = firstLines(hunk, room);
    if (cut !== undefined) {
      kept.push(cut);
      partial = true;
    }
    break;
  }
  const whole = kept.length - (partial ? 1 : 0);
  const more = diff.hunks.length - kept.length;
  const what = [
    partial ? `the rest of hunk ${whole + 1}` : undefined,
    more > 0 ? `${kept.length === 0 ? "all" : "the last"} ${more} hunk${more === 1 ? "" : "s"}` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(" and ");
  const note = `_Left out (size limit): ${what}; see the Files tab._`;
  const text =
    kept.length === 0
      ? details(title(diff.hunks.length), note)
      : details(title(diff.hunks.length), `${fenced("diff", `${header}${kept.join("")}`)}\n\n${note}`);
  return { text, leftOut: `${what} of the file diff` };
}

/** The head of a hunk that fits in `room` characters, with its `@@` counts recomputed. */
function firstLines(hunk: string, room: number): string | undefined {
  const lines = hunk.replace(/\n$/, "").split("\n");
  const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(lines[0] ?? "");
  if (m === null) return undefined;
  const body: string[] = [];
  let size = 40; // the new header
  for (const line of lines.slice(1)) {
    if (size + line.length + 1 > room) break;
    body.push(line);
    size += line.length + 1;
  }
  if (!body.some((l) => l.startsWith("+") || l.startsWith("-"))) return undefined;
  const oldCount = body.filter((l) => !l.startsWith("+")).length;
  const newCount = body.filter((l) => !l.startsWith("-")).length;
  return `@@ -${m[1]},${oldCount} +${m[2]},${newCount} @@\n${body.join("\n")}\n`;
}
