/**
 * Pure: what `render --check` shows when the committed file is stale — a real line diff (Myers,
 * ./unified.ts) of the committed and the fresh file, with the revision lines set aside: the
 * revision sits near both ends of the file and changes with any input, so comparing it would pin
 * the first hunk to line 3 and hide the change. Bounded: past `maxEdits` it says the line diff is
 * too large, and past `maxLines` it says how many lines it left out.
 */
import { REVISION_LINE } from "../traefik/revision.js";
import { editScript } from "./unified.js";

export function diffLines(
  oldText: string,
  newText: string,
  maxLines = 60,
  maxEdits = 4_000,
): { text: string; tooLarge: boolean } {
  const mask = (text: string) =>
    text
      .split("\n")
      .map((l) => (REVISION_LINE.test(l) ? "\0revision" : l))
      .join("\n");
  const script = editScript(mask(oldText), mask(newText), maxEdits);
  if (script === undefined) return { text: "", tooLarge: true };
  const lines: string[] = [];
  let lastShown = -2;
  script.forEach((e, i) => {
    // A revision line added or removed is no change to show (nor a reason for a location line).
    if (e.op === " " || e.text.startsWith("\0")) return;
    // One line of context each side, and a location line for each separate run.
    if (i - 1 > lastShown) {
      lines.push(`@@ line ${e.newLine + 1} @@`);
      const before = script[i - 1];
      if (before !== undefined && before.op === " " && !before.text.startsWith("\0"))
        lines.push(`  ${before.text}`);
    }
    lines.push(`${e.op} ${e.text}`);
    lastShown = i;
    const after = script[i + 1];
    if (after !== undefined && after.op === " " && !after.text.startsWith("\0")) {
      lines.push(`  ${after.text}`);
      lastShown = i + 1;
    }
  });
  const changed = lines;
  if (changed.length === 0)
    return { text: "only the revision differs (templates or the tool's version changed)\n", tooLarge: false };
  const shown = changed.slice(0, maxLines);
  if (changed.length > maxLines) shown.push(`… ${changed.length - maxLines} more lines`);
  return { text: `${shown.join("\n")}\n`, tooLarge: false };
}
