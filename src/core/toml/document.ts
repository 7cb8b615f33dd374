/**
 * The only importer of smol-toml: Traefik's configuration files may be TOML (traefik.toml, and
 * dynamic files ending in .toml). Read into the same shape as ../yaml/document.ts gives, so a
 * checker does not care which of the two a file is. TOML tables carry no positions here:
 * locate() finds the line of a key by its dotted path ([a.b] header or `key =`), or nothing.
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
      const keys = pointer.split("/").slice(1);
      const last = keys.at(-1);
      if (last === undefined) return undefined;
      const lines = text.split("\n");
      const header = `[${keys.join(".")}]`;
      const keyLine = new RegExp(`^\\s*"?${last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?\\s*=`);
      const at = lines.findIndex((l) => l.trim() === header || keyLine.test(l));
      return at === -1 ? undefined : { line: at + 1, column: 1 };
    },
  };
}
