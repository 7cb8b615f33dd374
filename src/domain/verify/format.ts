/** Pure: a verify report as text for people. */
import type { VerifyReport } from "./run.js";
import { formatTable } from "../render/route-table.js";

export function formatVerifyReport(report: VerifyReport): string {
  if (report.instances !== undefined) return formatInstances(report, report.instances);
  const lines: string[] = [];
  if (report.loaded) {
    lines.push(
      `revision ${report.revision ?? "?"} is loaded${report.loadedAfterMs === null ? "" : ` (seen after ${(report.loadedAfterMs / 1000).toFixed(1)} s)`}`,
    );
  }
  if (report.objects.length > 0) {
    lines.push(
      formatTable(
        ["KIND", "NAME", "STATUS", "TRAEFIK SAYS"],
        report.objects.map((o) => [o.kind, o.name, o.ok ? o.status : `${o.status} ✗`, o.errors.join("; ")]),
      ),
    );
  }
  if (report.probes.length > 0) {
    lines.push(
      formatTable(
        ["HOST", "ROUTER", "PROBE"],
        report.probes.map((p) => [p.host, p.router, `${p.status ?? p.error ?? "?"}${p.ok ? "" : " ✗"}`]),
      ),
    );
  }
  if (report.ok) {
    const count = (kind: string) => report.objects.filter((o) => o.kind === kind).length;
    lines.push(
      `OK: ${count("router")} routers, ${count("service")} services, ${count("middleware")} middlewares, ${count("serversTransport")} serversTransports as the file says` +
        (report.probes.length > 0 ? `; ${report.probes.length} hosts answered` : ""),
    );
  } else {
    lines.push(`FAILED:\n${report.problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Several Traefik instances: each one's report under its API, then one line for them all. */
function formatInstances(report: VerifyReport, instances: (VerifyReport & { api: string })[]): string {
  const parts = instances.map(
    ({ api, ...one }) =>
      `Traefik ${api}:\n${formatVerifyReport(one)
        .trimEnd()
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n")}`,
  );
  const failed = instances.filter((i) => !i.ok).map((i) => i.api);
  parts.push(
    report.ok
      ? `OK: all ${instances.length} Traefik instances serve revision ${report.revision ?? "?"}`
      : `FAILED on ${failed.length} of ${instances.length} Traefik instances (${failed.join(", ")})`,
  );
  return `${parts.join("\n")}\n`;
}
