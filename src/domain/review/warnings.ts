/**
 * Pure: what a reviewer must not miss, as Markdown lines, most dangerous first: routes that stop
 * answering, what Traefik really checks of each HTTPS backend whose TLS is new or changed (from
 * the transport's own settings: "certificate verification DISABLED" when it is), hosts outside
 * the domain. Each line names at most a few hosts; the tables list them all.
 */
import { isInside } from "../model/dns.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { code, num } from "./markdown-text.js";
import type { PlanRow, ReviewPlan } from "./plan.js";

const NAMES = 8;

export function planWarnings(plan: ReviewPlan, after: DynamicConfig, domain: string | undefined): string[] {
  const out: string[] = [];
  const removed = plan.removed;
  if (removed.length > 0)
    out.push(
      `⚠️ **${num(removed.length)} route${removed.length === 1 ? "" : "s"} removed**: ${names(removed, "listed under Removed")} will stop answering.`,
    );
  out.push(...tlsLines(plan, after));
  if (domain !== undefined && domain !== "") {
    const outside = [...plan.changed, ...plan.added].filter((r) => !isInside(r.host, domain));
    if (outside.length > 0)
      out.push(
        `🌐 Hosts outside \`${domain}\`: ${names(outside, "in the tables")} — check the gateway and the certificate cover them.`,
      );
  }
  return out;
}

/** `a`, `b` … and 12 more (where): at most NAMES names, however many rows. */
export function names(rows: PlanRow[], where: string): string {
  const shown = rows.slice(0, NAMES).map((r) => code(r.host));
  return rows.length <= NAMES
    ? shown.join(", ")
    : `${shown.join(", ")} and ${num(rows.length - NAMES)} more (${where})`;
}

/** HTTPS backends whose TLS is new or changed, grouped by the transport that checks them. */
function tlsLines(plan: ReviewPlan, after: DynamicConfig): string[] {
  const touched = [
    ...plan.added,
    ...plan.changed.filter((r) => r.what.some((w) => /^(scheme|transport) /.test(w))),
  ].filter((r) => r.diff.after?.backends.some((b) => b.startsWith("https://")) === true);
  const byTransport = new Map<string, PlanRow[]>();
  for (const r of touched) {
    const t = r.diff.after?.transport ?? "";
    byTransport.set(t, [...(byTransport.get(t) ?? []), r]);
  }
  const transports = after.http?.serversTransports ?? {};
  return [...byTransport].map(([name, rows]) => {
    const hosts = names(rows, "in the tables");
    const t = transports[name];
    if (name === "")
      return `🔒 HTTPS backends with **no serversTransport** (Traefik trusts only the system's CAs): ${hosts}.`;
    if (t === undefined)
      return `🔒 HTTPS backends checked by serversTransport ${code(name)}, which this file does not define: ${hosts}.`;
    if (t.insecureSkipVerify === true)
      return `⚠️ HTTPS backends with certificate verification **DISABLED** (${code(name)}: insecureSkipVerify): ${hosts}.`;
    const cas = (t.rootCAs ?? []).length === 0 ? "the system's CAs" : (t.rootCAs ?? []).map(code).join(", ");
    const checked =
      t.serverName === undefined ? "the address in the backend URL" : `the name ${code(t.serverName)}`;
    return `🔒 HTTPS backends whose certificate must chain to ${cas} and name ${checked} (${code(name)}): ${hosts}.`;
  });
}
