/**
 * Pure: what changes for routing between two dynamic configurations — per object in every
 * section (HTTP, TCP, UDP, TLS: added/removed/changed) and per route: every router, by the
 * hosts and paths its rule routes (read by the rule parser, so every form Traefik reads counts),
 * with its backends resolved through weighted, mirroring, failover and HRW services, its
 * entryPoints, TLS, transport and middlewares, and the definitions it uses (a middleware whose
 * ipAllowList widens changes the routes that use it). The revision marker middleware is left
 * out: it changes with every revision and means nothing to a reviewer.
 */
import { isRevisionMarker } from "../traefik/revision.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { routedBy } from "../traefik/rule.js";
import type { ConfigDiff, HostDiff, HostRoute, SectionDiff, SectionName } from "./types.js";
import { whatChanged } from "./what-changed.js";

export type { ConfigDiff, HostDiff, HostRoute, SectionDiff, SectionName } from "./types.js";

type Objects = Record<string, unknown>;

const SECTIONS: [SectionName, (c: Loose) => unknown][] = [
  ["routers", (c) => c.http?.routers],
  ["services", (c) => c.http?.services],
  ["middlewares", (c) => c.http?.middlewares],
  ["serversTransports", (c) => c.http?.serversTransports],
  ["tcp.routers", (c) => c.tcp?.routers],
  ["tcp.services", (c) => c.tcp?.services],
  ["tcp.middlewares", (c) => c.tcp?.middlewares],
  ["tcp.serversTransports", (c) => c.tcp?.serversTransports],
  ["udp.routers", (c) => c.udp?.routers],
  ["udp.services", (c) => c.udp?.services],
  ["tls.certificates", (c) => certificates(c)],
  ["tls.options", (c) => c.tls?.options],
  ["tls.stores", (c) => c.tls?.stores],
];

export function diffConfigs(before: DynamicConfig, after: DynamicConfig): ConfigDiff {
  const sections = SECTIONS.map(([name, get]) =>
    diffSection(name, get(before as Loose), get(after as Loose)),
  );
  const oldRoutes = hostRoutes(before);
  const newRoutes = hostRoutes(after);
  const redefined = (name: SectionName) => new Set(sections.find((s) => s.section === name)?.changed);
  const definitions: Redefined = {
    http: {
      service: redefined("services"),
      middleware: redefined("middlewares"),
      transport: redefined("serversTransports"),
    },
    tcp: {
      service: redefined("tcp.services"),
      middleware: redefined("tcp.middlewares"),
      transport: redefined("tcp.serversTransports"),
    },
    udp: { service: redefined("udp.services"), middleware: new Set(), transport: new Set() },
    tlsOptions: redefined("tls.options"),
  };
  const hosts: HostDiff[] = [];
  for (const host of [...new Set([...oldRoutes.keys(), ...newRoutes.keys()])].sort()) {
    const b = oldRoutes.get(host) ?? null;
    const a = newRoutes.get(host) ?? null;
    if (b === null && a !== null) hosts.push({ host, change: "added", before: null, after: a, what: [] });
    else if (a === null && b !== null)
      hosts.push({ host, change: "removed", before: b, after: null, what: [] });
    else if (a !== null && b !== null) {
      const own = whatChanged(b, a);
      const what = [...own, ...redefinedFor(a, definitions, own.length === 0)];
      if (what.length > 0 || canonical(a) !== canonical(b))
        hosts.push({ host, change: "changed", before: b, after: a, what: what.length > 0 ? what : ["rule"] });
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

function diffSection(name: SectionName, before: unknown, after: unknown): SectionDiff {
  const clean = (o: unknown): Objects => {
    const all = (o ?? {}) as Objects;
    return name === "middlewares"
      ? Object.fromEntries(Object.entries(all).filter(([k]) => !isRevisionMarker(k)))
      : all;
  };
  const b = clean(before);
  const a = clean(after);
  const keys = (o: object) => Object.keys(o).sort();
  return {
    section: name,
    added: keys(a).filter((k) => !(k in b)),
    removed: keys(b).filter((k) => !(k in a)),
    changed: keys(a).filter((k) => k in b && canonical(a[k]) !== canonical(b[k])),
  };
}

interface Redefined {
  http: { service: Set<string>; middleware: Set<string>; transport: Set<string> };
  tcp: { service: Set<string>; middleware: Set<string>; transport: Set<string> };
  udp: { service: Set<string>; middleware: Set<string>; transport: Set<string> };
  tlsOptions: Set<string>;
}

/** The definitions a route uses that changed while keeping their names. */
function redefinedFor(route: HostRoute, changed: Redefined, serviceToo: boolean): string[] {
  const own = changed[route.protocol];
  const out: string[] = [];
  // A service whose URL changed is redefined too; say so only when nothing else explains it.
  if (serviceToo && own.service.has(route.service)) out.push(`service ${route.service} redefined`);
  for (const m of route.middlewares) if (own.middleware.has(m)) out.push(`middleware ${m} redefined`);
  if (route.transport !== null && own.transport.has(route.transport))
    out.push(`transport ${route.transport} redefined`);
  const options = /options (\S+)/.exec(route.tls ?? "")?.[1];
  if (options !== undefined && changed.tlsOptions.has(options)) out.push(`TLS options ${options} redefined`);
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

/** A loose view of every section (the typed DynamicConfig covers only what other code reads). */
interface Loose {
  http?: {
    routers?: Record<string, LooseRouter>;
    services?: Objects;
    middlewares?: Objects;
    serversTransports?: Objects;
  };
  tcp?: {
    routers?: Record<string, LooseRouter>;
    services?: Objects;
    middlewares?: Objects;
    serversTransports?: Objects;
  };
  udp?: { routers?: Record<string, LooseRouter>; services?: Objects };
  tls?: { certificates?: { certFile?: string; stores?: string[] }[]; options?: Objects; stores?: Objects };
}

interface LooseRouter {
  rule?: string;
  ruleSyntax?: string;
  service?: string;
  entryPoints?: string[];
  middlewares?: string[];
  tls?: { certResolver?: string; options?: string; passthrough?: boolean };
}

function certificates(c: Loose): Objects {
  return Object.fromEntries((c.tls?.certificates ?? []).map((cert, i) => [cert.certFile ?? `#${i}`, cert]));
}

/** Every route of a configuration by the name a reviewer knows it by (see HostDiff.host). */
export function hostRoutes(config: DynamicConfig): Map<string, HostRoute> {
  const loose = config as Loose;
  const out = new Map<string, HostRoute>();
  const add = (key: string, route: HostRoute) => {
    out.set(out.has(key) ? `${key} (${route.router})` : key, route);
  };
  for (const protocol of ["http", "tcp", "udp"] as const) {
    const section = loose[protocol];
    const routers = Object.entries(section?.routers ?? {}).sort(([x], [y]) => (x < y ? -1 : 1));
    for (const [router, r] of routers) {
      const route = routeOf(loose, protocol, router, r);
      if (protocol === "udp") {
        add(`udp://[${router}]`, route);
        continue;
      }
      const { hosts, paths } = routedBy(r.rule, r.ruleSyntax, protocol);
      const suffix = paths.length === 0 ? "" : paths.sort().join(",");
      const prefix = protocol === "tcp" ? "tcp://" : "";
      if (hosts.length === 0) add(`${prefix}[${router}]${suffix}`, route);
      for (const host of hosts) add(`${prefix}${host}${suffix}`, route);
    }
  }
  return out;
}

function routeOf(c: Loose, protocol: "http" | "tcp" | "udp", router: string, r: LooseRouter): HostRoute {
  const service = r.service ?? "";
  const lb = lbOf(c, protocol, service);
  return {
    protocol,
    router,
    rule: r.rule ?? null,
    service,
    backends: backendsOf(c, protocol, service, 0),
    entryPoints: r.entryPoints ?? [],
    middlewares: (r.middlewares ?? []).filter((m) => !isRevisionMarker(m)),
    tls: tlsOf(r),
    transport: typeof lb?.["serversTransport"] === "string" ? lb["serversTransport"] : null,
  };
}

function tlsOf(r: LooseRouter): string | null {
  if (r.tls === undefined) return null;
  if (r.tls.passthrough === true) return "passthrough";
  const parts = [
    r.tls.certResolver,
    r.tls.options === undefined ? undefined : `options ${r.tls.options}`,
  ].filter((x) => x !== undefined);
  return parts.length === 0 ? "default" : parts.join(", ");
}

function lbOf(
  c: Loose,
  protocol: "http" | "tcp" | "udp",
  service: string,
): Record<string, unknown> | undefined {
  const s = (c[protocol]?.services?.[service] ?? undefined) as Record<string, unknown> | undefined;
  return s?.["loadBalancer"] as Record<string, unknown> | undefined;
}

/** Where a service sends traffic: server URLs/addresses, or its children with their weights. */
function backendsOf(c: Loose, protocol: "http" | "tcp" | "udp", service: string, depth: number): string[] {
  if (service === "") return [];
  const s = c[protocol]?.services?.[service] as Record<string, Record<string, unknown>> | undefined;
  if (s === undefined || depth > 8) return [service];
  const lb = s["loadBalancer"];
  if (lb !== undefined) {
    const servers = (lb["servers"] ?? []) as { url?: string; address?: string; weight?: number }[];
    return servers.map(
      (x) => `${x.url ?? x.address ?? "?"}${x.weight === undefined ? "" : ` weight ${x.weight}`}`,
    );
  }
  const children = (key: string) =>
    ((s[key]?.["services"] ?? []) as { name: string; weight?: number }[]).map(
      (x) => `${x.name}×${x.weight ?? 1}`,
    );
  if (s["weighted"] !== undefined) return children("weighted");
  if (s["highestRandomWeight"] !== undefined) return children("highestRandomWeight");
  const mirroring = s["mirroring"];
  if (mirroring !== undefined) {
    const mirrors = ((mirroring["mirrors"] ?? []) as { name: string; percent?: number }[]).map(
      (m) => `${m.name} ${m.percent ?? 0}%`,
    );
    return [`${String(mirroring["service"])} (mirrored to ${mirrors.join(", ") || "none"})`];
  }
  const failover = s["failover"];
  if (failover !== undefined)
    return [`${String(failover["service"])} (fallback ${String(failover["fallback"])})`];
  return [service];
}
