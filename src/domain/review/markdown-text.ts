/**
 * Pure: Markdown pieces that cannot break the page around them, whatever names they carry:
 * code spans a backtick cannot close, table cells a `|` cannot split, fences longer than any
 * backtick run inside, `<details>` always closed.
 */

/** A code span (GitHub links no URL inside one, so private backends do not become links). */
export function code(text: string): string {
  const clean = text.replace(/[`\n\r]/g, "");
  return clean.trim() === "" ? "—" : `\`${clean}\``;
}

/** The same inside a table row, where GFM splits cells at every unescaped `|`, code spans included. */
export function cellCode(text: string): string {
  return code(text).replace(/\|/g, "\\|");
}

/** Plain text in a table cell: no Markdown, no HTML, no cell break. */
export function cellText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[`*_<>[\]~]/g, (c) => `\\${c}`)
    .replace(/[\n\r]/g, " ");
}

/** A fenced block whose fence no line inside can end. */
export function fenced(lang: string, text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}

/** A collapsed block: its summary is plain text, its body Markdown (blank lines keep it Markdown). */
export function details(summary: string, body: string): string {
  return `<details><summary>${summary.replace(/[<>&]/g, "")}</summary>\n\n${body}\n\n</details>`;
}

/** 2,000, not 2000: counts in a review are read at a glance. */
export function num(n: number): string {
  return n.toLocaleString("en-US");
}
