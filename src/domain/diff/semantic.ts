/**
 * Pure: what changes for routing between two dynamic configurations — per object (routers,
 * services, middlewares, serversTransports added/removed/changed) and per Host (old → new
 * backends, entryPoints, TLS, transport, and the definitions it uses: a middleware whose
 * ipAllowList widens changes the hosts that use it). The revision marker middleware is left out:
 * it changes with every revision and means nothing to a reviewer.
 */
import { isRevisionMarker } from "../traefik/revision.js";
import type { ConfigDiff, HostDiff, HostRoute, SectionDiff, SectionName } from "./types.js";
import { whatChanged } from "./what-changed.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { hostsOf } from "../traefik/rule.js";

export type { ConfigDiff, HostDiff, HostRoute, SectionDiff, SectionName } from "./types.js";

const SECTIONS: SectionName[] = ["routers", "services", "middlewares", "serversTransports"];

export function diffConfigs(before: DynamicConfig, after: DynamicConfig): ConfigDiff {
  const sections = SECTIONS.map((section) => diffSection(section, before, after));
  const oldHosts = hostRoutes(before);
  const newHosts = hostRoutes(after);
  const redefined = (name: SectionName) => new Set(sections.find((s) => s.section === name)?.changed);
  const definitions = {
    service: redefined("services"),
    middleware: redefined("middlewares"),
    transport: redefined("serversTransports"),
  };
  const hosts: HostDiff[] = [];
  for (const host of [...new Set([...oldHosts.keys(), ...newHosts.keys()])].sort()) {
    const b = oldHosts.get(host) ?? null;
    const a = newHosts.get(host) ?? null;
    if (b === null && a !== null) hosts.push({ host, change: "added", before: null, after: a, what: [] });
    else if (a === null && b !== null)
      hosts.push({ host, change: "removed", before: b, after: null, what: [] });
    else if (a !== null && b !== null) {
      const own = whatChanged(b, a);
      const what = [...own, ...redefinedFor(a, definitions, own.length === 0)];
      if (what.length > 0 || canonical(a) !== canonical(b))
        hosts.push({ host, change: "changed", before: b, after: a, what });
    }
  }
  const count = (c: HostDiff["change"]) => hosts.filter((h) => h.change === c).length;
  return {
    identical: sections.every((s) => s.added.length + s.removed.length + s.changed.length === 0),
    sections,
    hosts,
    summary: { added: count("added"), removed: count("removed"), changed: count("changed") },
  };
}

function section(config: DynamicConfig, name: SectionName): Record<string, unknown> {
  const all = (config.http?.[name] ?? {}) as Record<string, unknown>;
  if (name !== "middlewares") return all;
  return Object.fromEntries(Object.entries(all).filter(([k]) => !isRevisionMarker(k)));
}

function diffSection(name: SectionName, before: DynamicConfig, after: DynamicConfig): SectionDiff {
  const b = section(before, name);
  const a = section(after, name);
  const keys = (o: object) => Object.keys(o).sort();
  return {
    section: name,
    added: keys(a).filter((k) => !(k in b)),
    removed: keys(b).filter((k) => !(k in a)),
    changed: keys(a).filter((k) => k in b && canonical(a[k]) !== canonical(b[k])),
  };
}

/** The definitions a route uses that changed while keeping their names. */
function redefinedFor(
  route: HostRoute,
  changed: { service: Set<string>; middleware: Set<string>; transport: Set<string> },
  /** A service whose URL changed is redefined too; say so only when nothing else explains it. */
  serviceToo: boolean,
): string[] {
  const out: string[] = [];
  if (serviceToo && changed.service.has(route.service)) out.push(`service ${route.service} redefined`);
  for (const m of route.middlewares) if (changed.middleware.has(m)) out.push(`middleware ${m} redefined`);
  if (route.transport !== null && changed.transport.has(route.transport))
    out.push(`transport ${route.transport} redefined`);
  return out;
}

/** JSON with sorted keys, so key order in the YAML does not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

export function hostRoutes(config: DynamicConfig): Map<string, HostRoute> {
  const services = config.http?.services ?? {};
  const out = new Map<string, HostRoute>();
  for (const [router, r] of Object.entries(config.http?.routers ?? {}).sort(([x], [y]) => (x < y ? -1 : 1))) {
    const lb = services[r.service]?.loadBalancer;
    const route: HostRoute = {
      router,
      service: r.service,
      backends: lb === undefined ? [r.service] : lb.servers.map((s) => s.url),
      entryPoints: r.entryPoints ?? [],
      middlewares: (r.middlewares ?? []).filter((m) => !isRevisionMarker(m)),
      tls: r.tls?.certResolver ?? (r.tls === undefined ? null : "default"),
      transport: lb?.serversTransport ?? null,
    };
    for (const host of hostsOf(r.rule)) if (!out.has(host)) out.set(host, route);
  }
  return out;
}
