/** Pure: the host → backend table people read after a render. */
import type { TemplateModel } from "../model/template-model.js";

export interface RouteRow {
  host: string;
  router: string;
  backend: string;
  entryPoints: string[];
  transport: string | null;
  /** What Traefik checks the backend's certificate for: the URL's address, a name, or "NOT VERIFIED". */
  certificate: string | null;
  source: string;
}

export function routeRows(model: TemplateModel): RouteRow[] {
  const services = new Map(model.services.map((s) => [s.id, s]));
  const transports = new Map(model.transports.map((t) => [t.id, t]));
  const rows: RouteRow[] = [];
  for (const r of model.routers) {
    const service = services.get(r.service);
    for (const host of r.hosts) {
      rows.push({
        host,
        router: r.id,
        backend: service?.url ?? r.service,
        entryPoints: r.entryPoints,
        transport: service?.transport ?? null,
        certificate: certificateCheck(service?.url, transports.get(service?.transport ?? "")),
        source: r.guest === null ? "settings" : `${r.guest.kind} ${r.guest.id} (${r.convention})`,
      });
    }
  }
  return rows.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

function certificateCheck(
  url: string | undefined,
  transport: TemplateModel["transports"][number] | undefined,
): string | null {
  if (url === undefined || transport === undefined) return null;
  if (transport.insecureSkipVerify) return "NOT VERIFIED";
  return transport.serverName ?? new URL(url).hostname.replace(/^\[|\]$/g, "");
}

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

export function formatRouteTable(rows: readonly RouteRow[]): string {
  if (rows.length === 0) return "no routes: no guest in the inventory asks for one\n";
  return formatTable(
    ["HOST", "BACKEND", "TLS TRANSPORT", "CERT CHECKED FOR", "SOURCE"],
    rows.map((r) => [r.host, r.backend, r.transport ?? "-", r.certificate ?? "-", r.source]),
  );
}
