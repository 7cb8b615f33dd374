/**
 * Find where the value at a JSON pointer starts in a JSON text, without building values.
 * Used only to put `file:line:column` on a diagnostic, so it may be slow-ish; it is never on the
 * happy path. The text has already been parsed successfully.
 */
import { lineColumnAt } from "../text/position.js";
import { stripBom } from "./parse.js";

export function locatePointer(input: string, pointer: string): { line: number; column: number } | undefined {
  const text = stripBom(input);
  const tokens = pointer === "" ? [] : pointer.slice(1).split("/").map(unescape);
  let pos = skipWs(text, 0);
  for (const token of tokens) {
    const next = enter(text, pos, token);
    if (next === undefined) break; // point at the deepest value we could reach
    pos = next;
  }
  return lineColumnAt(text, pos);
}

function unescape(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

function skipWs(text: string, pos: number): number {
  while (pos < text.length && " \t\r\n".includes(text[pos] ?? "")) pos++;
  return pos;
}

/** Position of the member/element `token` of the container starting at `pos`. */
function enter(text: string, pos: number, token: string): number | undefined {
  const open = text[pos];
  if (open !== "{" && open !== "[") return undefined;
  let p = skipWs(text, pos + 1);
  let index = 0;
  while (p < text.length && text[p] !== "}" && text[p] !== "]") {
    if (open === "{") {
      const keyEnd = skipString(text, p);
      const key = JSON.parse(text.slice(p, keyEnd)) as string;
      p = skipWs(text, keyEnd);
      p = skipWs(text, p + 1); // ':'
      if (key === token) return p;
    } else if (String(index) === token) {
      return p;
    }
    p = skipWs(text, skipValue(text, p));
    if (text[p] === ",") p = skipWs(text, p + 1);
    index++;
  }
  return undefined;
}

function skipString(text: string, pos: number): number {
  let p = pos + 1;
  while (p < text.length && text[p] !== '"') p += text[p] === "\\" ? 2 : 1;
  return p + 1;
}

function skipValue(text: string, pos: number): number {
  const c = text[pos];
  if (c === '"') return skipString(text, pos);
  if (c === "{" || c === "[") {
    let depth = 0;
    let p = pos;
    while (p < text.length) {
      const ch = text[p];
      if (ch === '"') {
        p = skipString(text, p);
        continue;
      }
      if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        depth--;
        if (depth === 0) return p + 1;
      }
      p++;
    }
    return p;
  }
  let p = pos;
  while (p < text.length && !",}] \t\r\n".includes(text[p] ?? "")) p++;
  return p;
}
