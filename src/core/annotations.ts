/**
 * Pure: diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`), which
 * the runner reads from stdout and shows on the exact line of the pull request's diff. Escaping
 * follows the runner's rules: %, CR and LF in messages; also : and , in properties.
 */
import type { Diagnostic } from "./diagnostics.js";

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function annotation(d: Diagnostic): string {
  const props = [
    d.file === undefined ? undefined : `file=${escapeProperty(d.file)}`,
    d.line === undefined ? undefined : `line=${d.line}`,
    d.column === undefined ? undefined : `col=${d.column}`,
    `title=${escapeProperty(`phoenix-mesh: ${d.code}`)}`,
  ].filter((p) => p !== undefined);
  const message = `${d.pointer === undefined || d.pointer === "" ? "" : `${d.pointer}: `}${d.message}${d.hint === undefined ? "" : `\n→ ${d.hint}`}`;
  return `::${d.severity} ${props.join(",")}::${escapeData(message)}\n`;
}
