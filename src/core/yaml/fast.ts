/**
 * The only importer of js-yaml: a fast parse for the output check of large generated files.
 * `yaml`'s parse of an 11,000-router file takes seconds (its duplicate-key check grows faster
 * than linearly); js-yaml does it in ~0.2 s and still rejects duplicate keys. When it fails, the
 * caller re-parses with ./document.ts for `yaml`'s better messages and positions.
 */
import { CORE_SCHEMA, load, YAMLException } from "js-yaml";

export type FastParse =
  { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/**
 * js-yaml expands aliases without a bound, so a text with any alias is left to ./document.ts
 * (which bounds them): generated files never hold one. `undefined` means "use the other parser".
 */
export function hasAliases(text: string): boolean {
  // Most files have no "*" at all: one indexOf instead of a regular expression over megabytes.
  if (!text.includes("*")) return false;
  return /(^|[\s[{,:-])\*[^\s,\]}]/m.test(text);
}

export function parseYamlFast(text: string): FastParse {
  try {
    // The core schema, as ./document.ts and Traefik's yaml.v3 read into an interface{}: a
    // timestamp-like `2024-01-01` stays a string (js-yaml's default schema would make it a Date,
    // and try a timestamp pattern on every plain scalar).
    return { ok: true, value: load(text, { json: false, schema: CORE_SCHEMA }) };
  } catch (error) {
    if (error instanceof YAMLException) {
      // Some errors carry no position (several documents in a stream): the caller re-parses.
      const mark = error.mark as YAMLException["mark"] | undefined;
      return {
        ok: false,
        message: error.reason,
        line: (mark?.line ?? 0) + 1,
        column: (mark?.column ?? 0) + 1,
      };
    }
    throw error;
  }
}
