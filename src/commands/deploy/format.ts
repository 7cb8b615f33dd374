/** Pure: a deploy report for people. */
import type { FleetReport } from "./fleet.js";
import type { DeployReport } from "./flow.js";
import { formatTable } from "../../domain/render/route-table.js";
import { formatVerifyReport } from "../../domain/verify/format.js";

export function formatDeployReport(report: DeployReport): string {
  const rev = (r: { revision: string | null; sha256: string } | null) =>
    r === null ? "(none)" : (r.revision ?? `sha256:${r.sha256.slice(0, 12)}`);
  const lines = [
    `${report.operation.toUpperCase()}: ${report.message}`,
    `target   ${report.target} (Traefik ${report.traefikVersion})`,
    `before   ${rev(report.before)}`,
    `after    ${rev(report.after)}`,
  ];
  if (report.backup !== null) lines.push(`backup   ${report.backup}`);
  lines.push(
    formatTable(
      ["STEP", "MS"],
      [...report.timings.map((t) => [t.step, String(t.ms)]), ["total", String(report.totalMs)]],
    ),
  );
  if (report.verify !== null && !report.verify.ok)
    lines.push(`verification:\n${formatVerifyReport(report.verify)}`);
  if (report.rollback !== null) lines.push(`rollback verification:\n${formatVerifyReport(report.rollback)}`);
  return `${lines.join("\n")}\n`;
}

/** Several targets: one line for all, then each target's outcome, and what failed where. */
export function formatFleetReport(report: FleetReport): string {
  const rev = (r: { revision: string | null; sha256: string } | null) =>
    r === null ? "(none)" : (r.revision ?? `sha256:${r.sha256.slice(0, 12)}`);
  const lines = [
    `${report.operation.toUpperCase()}: ${report.message}`,
    formatTable(
      ["TARGET", "BEFORE", "AFTER", "OUTCOME"],
      report.targets.map((t) => [
        t.target,
        rev(t.before),
        rev(report.after),
        `${t.operation}${t.verify !== null && !t.verify.ok ? " ✗" : ""}`,
      ]),
    ),
    formatTable(
      ["STEP", "MS"],
      [...report.timings.map((t) => [t.step, String(t.ms)]), ["total", String(report.totalMs)]],
    ),
  ];
  for (const t of report.targets) {
    if (t.verify !== null && !t.verify.ok)
      lines.push(`${t.target}, verification:\n${formatVerifyReport(t.verify)}`);
    if (t.rollback !== null)
      lines.push(`${t.target}, rollback verification:\n${formatVerifyReport(t.rollback)}`);
  }
  return `${lines.join("\n")}\n`;
}
