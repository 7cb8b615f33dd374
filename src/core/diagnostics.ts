/**
 * A Diagnostic is one problem found in the user's input, as data (validation never throws).
 * Commands collect them and throw once, at the boundary, with all of them.
 */
export type Severity = "error" | "warning";

export interface SourcePosition {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. `port-range`. */
  code: string;
  message: string;
  /** Where the problem is: the file, and line/column when known. */
  file?: string;
  line?: number;
  column?: number;
  /** RFC 6901 JSON pointer of the offending value inside `file`. */
  pointer?: string;
  /** What to do about it. */
  hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === "error");
}

export function warningsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === "warning");
}

/** `file:line:column pointer: message (hint)` — the format editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic): string {
  const where =
    d.file === undefined ? "" : `${d.file}${d.line === undefined ? "" : `:${d.line}:${d.column ?? 1}`}`;
  const pointer = d.pointer === undefined || d.pointer === "" ? "" : `${where === "" ? "" : " "}${d.pointer}`;
  const head = where === "" && pointer === "" ? "" : `${where}${pointer}: `;
  const hint = d.hint === undefined ? "" : `\n    → ${d.hint}`;
  return `${d.severity}: ${head}${d.message}${hint}`;
}

export function escapePointerToken(token: string | number): string {
  const text = String(token);
  // Most tokens need nothing: skip the two replaces (pointers are built per object of large files).
  return text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text;
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join("");
}
