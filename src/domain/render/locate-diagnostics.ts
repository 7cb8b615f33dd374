/** Pure: fills in line and column of diagnostics that carry a file and a JSON pointer. */
import type { Diagnostic } from "../../core/diagnostics.js";
import { locatePointer } from "../../core/json/locate.js";
import { parseYaml } from "../../core/yaml/document.js";

export type Locator = (pointer: string) => { line: number; column: number } | undefined;

export function jsonLocator(text: string): Locator {
  return (pointer) => locatePointer(text, pointer);
}

export function yamlLocator(text: string): Locator {
  let doc: ReturnType<typeof parseYaml> | undefined;
  return (pointer) => (doc ??= parseYaml(text)).locate(pointer);
}

export function locateDiagnostics(
  diagnostics: readonly Diagnostic[],
  locators: ReadonlyMap<string, Locator>,
): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.line !== undefined || d.file === undefined || d.pointer === undefined) return d;
    const position = locators.get(d.file)?.(d.pointer);
    return position === undefined ? d : { ...d, ...position };
  });
}
