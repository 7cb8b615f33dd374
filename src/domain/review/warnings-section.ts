/**
 * Pure: the warnings of a review within their own budget: the plan's warnings first (each line
 * already bounded), then the render's — the first few listed, the rest folded — and a note
 * when some did not fit.
 */
import { cellText, details } from "./markdown-text.js";

const SHOWN_RENDER_WARNINGS = 5;
const LINE_MAX = 400;
const NOTE_RESERVE = 160;

export function warningsSection(
  planWarnings: string[],
  renderWarnings: string[],
  budget: number,
): { text: string; leftOut: string | undefined } {
  const total = planWarnings.length + renderWarnings.length;
  if (total === 0) return { text: "", leftOut: undefined };
  const heading = "### Warnings";
  let room = budget - heading.length - NOTE_RESERVE - 2 * details("", "").length;
  // In order of importance: once one does not fit, none after it is shown (a short render note
  // must not take the place of a plan warning cut before it).
  let full = false;
  const fit = (items: string[]) => {
    const kept: string[] = [];
    for (const item of items) {
      if (full || item.length + 1 > room) {
        full = true;
        break;
      }
      kept.push(item);
      room -= item.length + 1;
    }
    return kept;
  };
  const plan = fit(planWarnings.map((w) => `- ${w}`));
  const render = fit(renderWarnings.map((w) => `- 📝 ${cellText(clip(w))}`));
  const listed = render.slice(0, SHOWN_RENDER_WARNINGS);
  const folded = render.slice(SHOWN_RENDER_WARNINGS);
  const missing = total - plan.length - render.length;
  const parts = [
    heading,
    [...plan, ...listed].join("\n"),
    folded.length === 0 ? "" : details(`${folded.length} more render warnings`, folded.join("\n")),
    missing === 0 ? "" : `_…and ${missing} more warnings not shown (size limit); the job log has them all._`,
  ];
  return {
    text: parts.filter((p) => p !== "").join("\n\n"),
    leftOut: missing === 0 ? undefined : `${missing} of ${total} warnings`,
  };
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= LINE_MAX ? line : `${line.slice(0, LINE_MAX - 1)}…`;
}
