/** Pure: inventory source texts → parsed values, or diagnostics naming file, line and column. */
import type { Diagnostic } from "../../core/diagnostics.js";
import { parseJson } from "../../core/json/parse.js";
import type { ParsedFile, SourceFile } from "../../core/source-file.js";
import type { InventoryPart, RawInventory } from "./files.js";
import { CONSUMED } from "./types.js";

export function parseInventory(
  sources: Record<InventoryPart, SourceFile>,
): { inventory: RawInventory; diagnostics: [] } | { inventory: undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parsed: Partial<Record<InventoryPart, ParsedFile>> = {};
  for (const [part, source] of Object.entries(sources) as [InventoryPart, SourceFile][]) {
    const result = parseJson(source.text, CONSUMED[part]);
    if (result.ok) {
      parsed[part] = { ...source, value: result.value };
      continue;
    }
    const d: Diagnostic = {
      severity: "error",
      code: result.error.message.startsWith("duplicate key") ? "json-duplicate-key" : "json-syntax",
      message: result.error.message,
      file: source.path,
      line: result.error.line,
      column: result.error.column,
    };
    if (result.error.pointer !== undefined) d.pointer = result.error.pointer;
    if (d.code === "json-syntax")
      d.hint = "fix the JSON syntax; `python3 -m json.tool FILE` shows the same spot";
    else d.hint = "remove one of the two keys; only one value can be meant";
    diagnostics.push(d);
  }
  if (diagnostics.length > 0) return { inventory: undefined, diagnostics };
  return { inventory: parsed as RawInventory, diagnostics: [] };
}
