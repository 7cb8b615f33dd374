/**
 * The only importer of smol-toml: Traefik's configuration files may be TOML (traefik.toml, and
 * dynamic files ending in .toml). Read into the same shape as ../yaml/document.ts gives, so a
 * checker does not care which of the two a file is. smol-toml keeps no positions: locate() reads
 * the text line by line for the line that defines a path (see locateInToml).
 */
import { parse, TomlError } from "smol-toml";
import type { YamlDocument } from "../yaml/document.js";

export function parseToml(text: string): YamlDocument {
  let value: unknown;
  const errors: YamlDocument["errors"] = [];
  try {
    value = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    errors.push({
      message: (error.message.split("\n")[0] ?? error.message).replace(/^Invalid TOML document: /, ""),
      line: error.line,
      column: error.column,
    });
  }
  return {
    value,
    errors,
    documents: 1,
    warnings: [],
    locate(pointer) {
      return locateInToml(text, pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeToken));
    },
  };
}

const unescapeToken = (t: string) => t.replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * The line that defines the value at `path`, read line by line as TOML reads it: `[a.b]` and
 * `[[a.b]]` headers set the table (an array of tables counts its items), `key = …` and dotted
 * `a.b = …` keys extend it. A path no line names exactly is found on the first line that defines
 * something inside it, else on its deepest ancestor the file writes out (a pointer into an inline
 * table or an array finds the line that holds it); nothing when no part of it is there.
 */
function locateInToml(text: string, path: string[]): { line: number; column: number } | undefined {
  if (path.length === 0) return { line: 1, column: 1 };
  const want = path.join("\0");
  let table: string[] = [];
  const arrays = new Map<string, number>();
  let best: { line: number; depth: number } | undefined;
  let firstInside: number | undefined;
  const consider = (keys: string[], line: number) => {
    let depth = 0;
    while (depth < keys.length && depth < path.length && keys[depth] === path[depth]) depth++;
    if (depth === keys.length && (best === undefined || depth > best.depth)) best = { line, depth };
    // A line that defines something inside the path (`tls.certResolver = …` for /…/tls) creates it.
    if (depth === path.length && keys.length > path.length) firstInside ??= line;
  };
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    const header = /^\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header !== null) {
      const keys = splitKey(header[2]!);
      if (header[1] !== undefined) {
        const name = keys.join("\0");
        const n = arrays.get(name) ?? 0;
        arrays.set(name, n + 1);
        table = [...keys, String(n)];
      } else table = keys;
      consider(table, i + 1);
      if (table.join("\0") === want) return { line: i + 1, column: 1 };
      continue;
    }
    const assignment =
      /^((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=/.exec(
        line,
      );
    if (assignment === null) continue;
    const keys = [...table, ...splitKey(assignment[1]!)];
    consider(keys, i + 1);
    if (keys.join("\0") === want) return { line: i + 1, column: 1 };
  }
  if (firstInside !== undefined) return { line: firstInside, column: 1 };
  return best === undefined || best.depth === 0 ? undefined : { line: best.line, column: 1 };
}

/** A dotted TOML key (`a."b.c".d`) as its parts. */
function splitKey(key: string): string[] {
  const parts: string[] = [];
  for (const m of key.matchAll(/\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/g)) {
    parts.push(m[1] !== undefined ? unescapeBasic(m[1]) : (m[2] ?? m[3] ?? ""));
  }
  return parts;
}

/**
 * A basic string's escapes, as TOML v1.0.0 defines them: JSON's, less `\/`, plus `\UXXXXXXXX`
 * (any code point) and TOML 1.1's `\e` and `\xHH`, which smol-toml also reads. An escape TOML
 * does not know is left as written (the parser has refused the file by then anyway).
 */
function unescapeBasic(text: string): string {
  return text.replace(
    /\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|(.))/g,
    (all, u, U, x, c) => {
      const hex = (u ?? U ?? x) as string | undefined;
      if (hex !== undefined) {
        const code = parseInt(hex, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return escaped(c as string) ?? all;
    },
  );
}

function escaped(c: string): string | undefined {
  switch (c) {
    case "b":
      return "\b";
    case "t":
      return "\t";
    case "n":
      return "\n";
    case "f":
      return "\f";
    case "r":
      return "\r";
    case "e":
      return "\u001b";
    case '"':
    case "\\":
      return c;
    default:
      return undefined;
  }
}
