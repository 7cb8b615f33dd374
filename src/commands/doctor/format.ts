/** Pure: doctor's findings for people. */
import type { Finding } from "../../domain/doctor/finding.js";

const MARK = { ok: "ok     ", warning: "WARNING", error: "ERROR  " } as const;

export function formatFindings(findings: readonly Finding[], changes: readonly string[]): string {
  const lines = findings.map(
    (f) =>
      `${MARK[f.status]}  ${f.check.padEnd(30)} ${f.message}${f.fix === undefined ? "" : `\n${" ".repeat(41)}fix: ${f.fix}`}`,
  );
  if (changes.length > 0) lines.push("", "changed:", ...changes.map((c) => `  - ${c}`));
  const count = (s: Finding["status"]) => findings.filter((f) => f.status === s).length;
  lines.push("", `${count("error")} errors, ${count("warning")} warnings, ${count("ok")} ok`);
  return `${lines.join("\n")}\n`;
}
