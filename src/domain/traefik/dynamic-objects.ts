/**
 * Pure: would Traefik enable every object of a dynamic configuration? What Traefik's runtime
 * refuses, from its router and service managers (pkg/server/router, pkg/server/service): a rule
 * it cannot parse (./rules/), a reference to something no provider here defines — anywhere: a
 * router's service, middlewares, TLS options and parent routers; weighted, mirroring, failover
 * and HRW children; chain and errors middlewares; transports — a service or middleware with no
 * type or two, and, given the static configuration, unknown entryPoints (or of the wrong
 * protocol), certificate resolvers and plugins. A name with `@` belongs to another provider
 * (`api@internal`, `auth@docker`) and is not judged.
 */
import { escapePointerToken as esc, unescapePointerToken as unesc } from "../../core/diagnostics.js";
import { ruleError, syntaxOf } from "./rules/check.js";
import type { StaticFacts } from "./static-facts.js";

export interface ObjectProblem {
  severity: "error" | "warning";
  code: string;
  pointer: string;
  message: string;
  hint?: string;
  /** For a dangling reference: the name nothing here defines (callers word their own hints with it). */
  missing?: string;
}

type Obj = Record<string, unknown>;

/** The shape nearly every server URL has; only others are given to the (slower) URL parser. */
const PLAIN_URL = /^(https?|h2c):\/\/[\w.-]+(:\d{1,5})?(\/[\w./%-]*)?$/;

const CHILD_LISTS = ["weighted", "highestRandomWeight"];

/**
 * A string, or where to make it from when it is needed: pointers and names are built only for a
 * problem. A Place is one object per loop, moved from object to object (no allocation per
 * object of a 10,000-route file); its Owner view words the same place for messages.
 */
type Lazy = string | Place | Owner;

class Place {
  name = "";
  constructor(
    readonly base: string,
    readonly label: string,
  ) {}
}

class Owner {
  constructor(readonly place: Place) {}
}

function text(lazy: Lazy): string {
  if (typeof lazy === "string") return lazy;
  if (lazy instanceof Place) return `${lazy.base}${esc(lazy.name)}`;
  return `${lazy.place.label} "${lazy.place.name}"`;
}

const HTTP_SERVICE_TYPES = ["loadBalancer", "weighted", "mirroring", "failover", "highestRandomWeight"];
const TCP_SERVICE_TYPES = ["loadBalancer", "weighted"];

export function checkObjects(config: Obj, facts?: StaticFacts): ObjectProblem[] {
  const out: ObjectProblem[] = [];
  const push = (
    code: string,
    pointer: string,
    message: string,
    hint?: string,
    severity: "error" | "warning" = "error",
  ) => out.push({ severity, code, pointer, message, ...(hint === undefined ? {} : { hint }) });
  const http = obj(config["http"]);
  const tcp = obj(config["tcp"]);
  const udp = obj(config["udp"]);
  const tlsOptions = new Set(["default", ...Object.keys(obj(obj(config["tls"])["options"]))]);
  // Lookups in the sections themselves: no copy of 10,000 names into a Set.
  const names = (section: Obj, key: string) => new Names(obj(section[key]));
  const defined = {
    http: {
      service: names(http, "services"),
      middleware: names(http, "middlewares"),
      transport: names(http, "serversTransports"),
      router: names(http, "routers"),
    },
    tcp: {
      service: names(tcp, "services"),
      middleware: names(tcp, "middlewares"),
      transport: names(tcp, "serversTransports"),
      router: names(tcp, "routers"),
    },
    udp: {
      service: names(udp, "services"),
      middleware: new Names(NO_OBJ),
      transport: new Names(NO_OBJ),
      router: names(udp, "routers"),
    },
  };
  const ref = (
    protocol: "http" | "tcp" | "udp",
    kind: "service" | "middleware" | "transport" | "router",
    raw: unknown,
    /** The referring object's pointer, and where in it: joined only for a problem. */
    at: Lazy,
    suffix: string,
    owner: Lazy,
  ) => {
    if (raw === undefined) return;
    const name = local(raw);
    if (name === undefined || defined[protocol][kind].has(name)) return;
    const pointer = `${text(at)}${suffix}`;
    const label = {
      service: "service",
      middleware: "middleware",
      transport: "serversTransport",
      router: "router",
    }[kind];
    out.push({
      severity: "error",
      code: `ref-${kind}`,
      pointer,
      message: `${text(owner)} uses ${protocol === "http" ? "" : `${protocol.toUpperCase()} `}${label} "${name}", which is not defined`,
      ...(kind === "middleware"
        ? { hint: `define it, or name another provider's (${name}@file, ${name}@docker)` }
        : {}),
      missing: name,
    });
  };
  const entryPoints = (list: unknown, pointer: string, owner: string, protocol: "tcp" | "udp") => {
    if (facts === undefined) return;
    // No entryPoints: every entryPoint of the router's protocol; none at all disables it.
    if (arr(list).length === 0 && ![...facts.entryPoints.values()].includes(protocol))
      push(
        "entrypoint",
        pointer.replace(/\/entryPoints$/, ""),
        `${owner}: no valid entryPoint for this router (the static configuration has no ${protocol.toUpperCase()} entryPoint)`,
      );
    arr(list).forEach((ep, i) => {
      if (typeof ep !== "string") return;
      const kind = facts.entryPoints.get(ep);
      if (kind === undefined)
        push(
          "entrypoint",
          `${pointer}/${i}`,
          `${owner} uses entryPoint "${ep}", which the static configuration does not define`,
          `define it under entryPoints: in the static configuration, or use one of: ${[...facts.entryPoints.keys()].join(", ") || "(none)"}`,
        );
      else if (kind !== protocol)
        push(
          "entrypoint",
          `${pointer}/${i}`,
          `${owner} uses entryPoint "${ep}", which is ${kind.toUpperCase()}: a ${protocol.toUpperCase()} router cannot listen on it`,
        );
    });
  };

  // HTTP routers: rule, service or child routers, parents, middlewares, TLS.
  const httpRouters = obj(http["routers"]);
  const parents = new Set<string>();
  for (const name in httpRouters)
    for (const p of arr(obj(httpRouters[name])["parentRefs"])) {
      const parent = local(p);
      if (parent !== undefined) parents.add(parent);
    }
  const routerPlace = new Place("/http/routers/", "router");
  const routerOwner = new Owner(routerPlace);
  for (const name in httpRouters) {
    const r = obj(httpRouters[name]);
    routerPlace.name = name;
    const at = routerPlace;
    const owner = routerOwner;
    ruleProblem(r, "http", at, owner, push);
    const isParent = parents.has(name);
    if (r["service"] === undefined && !isParent)
      push(
        "router-service",
        text(at),
        `${text(owner)} has no service and no child routers`,
        "give it a service, or make it the parent of other routers (parentRefs)",
      );
    if (r["service"] !== undefined && isParent)
      push(
        "router-service",
        `${text(at)}/service`,
        `${text(owner)} has both a service and is referenced as a parent by other routers`,
      );
    ref("http", "service", r["service"], at, "/service", owner);
    const middlewares = arr(r["middlewares"]);
    for (let i = 0; i < middlewares.length; i++)
      ref("http", "middleware", middlewares[i], at, `/middlewares/${i}`, owner);
    const parentRefs = arr(r["parentRefs"]);
    for (let i = 0; i < parentRefs.length; i++) {
      const parent = local(parentRefs[i]);
      if (parent !== undefined && !defined.http.router.has(parent))
        push("ref-router", `${text(at)}/parentRefs/${i}`, `parent router "${parent}" does not exist`);
    }
    if (parentRefs.length > 0) {
      for (const key of ["tls", "observability", "entryPoints"])
        if (r[key] !== undefined)
          push(
            "router-child",
            `${text(at)}/${key}`,
            `non-root router cannot have ${key === "tls" ? "TLS" : key === "entryPoints" ? "Entrypoints" : "Observability"} configuration`,
          );
    } else if (facts !== undefined)
      entryPoints(r["entryPoints"], `${text(at)}/entryPoints`, text(owner), "tcp");
    if (r["tls"] !== undefined)
      tlsProblems(obj(r["tls"]), true, `${text(at)}/tls`, text(owner), tlsOptions, facts, push);
  }
  const httpServices = obj(http["services"]);
  const servicePlace = new Place("/http/services/", "service");
  const serviceOwner = new Owner(servicePlace);
  for (const name in httpServices) {
    const s = obj(httpServices[name]);
    servicePlace.name = name;
    const at = servicePlace;
    const owner = serviceOwner;
    serviceType(s, HTTP_SERVICE_TYPES, at, name, push);
    const lb = obj(s["loadBalancer"]);
    ref("http", "transport", lb["serversTransport"], at, "/loadBalancer/serversTransport", owner);
    const servers = arr(lb["servers"]);
    for (let i = 0; i < servers.length; i++) {
      const url = obj(servers[i])["url"];
      if (typeof url === "string" && !PLAIN_URL.test(url) && !URL.canParse(url))
        push(
          "server-url",
          `${text(at)}/loadBalancer/servers/${i}/url`,
          `${text(owner)}: "${url}" is not a URL Traefik can parse`,
        );
    }
    for (const kind of CHILD_LISTS) {
      const children = arr(obj(s[kind])["services"]);
      for (let i = 0; i < children.length; i++)
        ref("http", "service", obj(children[i])["name"], at, `/${kind}/services/${i}/name`, owner);
    }
    if (s["mirroring"] !== undefined) {
      const mirroring = obj(s["mirroring"]);
      ref("http", "service", mirroring["service"], at, "/mirroring/service", owner);
      const mirrors = arr(mirroring["mirrors"]);
      for (let i = 0; i < mirrors.length; i++)
        ref("http", "service", obj(mirrors[i])["name"], at, `/mirroring/mirrors/${i}/name`, owner);
    }
    if (s["failover"] !== undefined) {
      const failover = obj(s["failover"]);
      ref("http", "service", failover["service"], at, "/failover/service", owner);
      ref("http", "service", failover["fallback"], at, "/failover/fallback", owner);
    }
  }
  for (const [name, value] of entries(http["middlewares"])) {
    const m = obj(value);
    const at = `/http/middlewares/${esc(name)}`;
    const owner = `middleware "${name}"`;
    const types = Object.keys(m);
    if (types.length !== 1)
      push(
        "middleware-type",
        at,
        types.length === 0
          ? `${owner} has no type: Traefik refuses it ("invalid middleware type or middleware does not exist")`
          : `${owner} has ${types.length} types (${types.join(", ")}): a middleware is exactly one`,
      );
    arr(obj(m["chain"])["middlewares"]).forEach((c, i) =>
      ref("http", "middleware", c, at, `/chain/middlewares/${i}`, owner),
    );
    ref("http", "service", obj(m["errors"])["service"], at, `/errors/service`, owner);
    if (facts !== undefined)
      for (const plugin of Object.keys(obj(m["plugin"])))
        if (!facts.plugins.has(plugin))
          push(
            "plugin",
            `${at}/plugin/${esc(plugin)}`,
            `${owner} uses plugin "${plugin}", which the static configuration does not install`,
            "add it under experimental.plugins (or localPlugins) in the static configuration",
          );
  }

  // TCP.
  for (const [name, value] of entries(tcp["routers"])) {
    const r = obj(value);
    const at = `/tcp/routers/${esc(name)}`;
    const owner = `TCP router "${name}"`;
    ruleProblem(r, "tcp", at, owner, push);
    if (r["service"] === undefined) push("router-service", at, `${owner} has no service`);
    ref("tcp", "service", r["service"], at, `/service`, owner);
    arr(r["middlewares"]).forEach((m, i) => ref("tcp", "middleware", m, at, `/middlewares/${i}`, owner));
    entryPoints(r["entryPoints"], `${at}/entryPoints`, owner, "tcp");
    tlsProblems(obj(r["tls"]), r["tls"] !== undefined, `${at}/tls`, owner, tlsOptions, facts, push);
  }
  for (const [name, value] of entries(tcp["services"])) {
    const s = obj(value);
    const at = `/tcp/services/${esc(name)}`;
    serviceType(s, TCP_SERVICE_TYPES, at, name, push);
    ref(
      "tcp",
      "transport",
      obj(s["loadBalancer"])["serversTransport"],
      at,
      `/loadBalancer/serversTransport`,
      `TCP service "${name}"`,
    );
    arr(obj(s["weighted"])["services"]).forEach((c, i) =>
      ref("tcp", "service", obj(c)["name"], at, `/weighted/services/${i}/name`, `TCP service "${name}"`),
    );
  }
  // UDP.
  for (const [name, value] of entries(udp["routers"])) {
    const r = obj(value);
    const at = `/udp/routers/${esc(name)}`;
    if (r["service"] === undefined) push("router-service", at, `UDP router "${name}" has no service`);
    ref("udp", "service", r["service"], at, `/service`, `UDP router "${name}"`);
    entryPoints(r["entryPoints"], `${at}/entryPoints`, `UDP router "${name}"`, "udp");
  }
  for (const [name, value] of entries(udp["services"])) {
    const s = obj(value);
    const at = `/udp/services/${esc(name)}`;
    serviceType(s, TCP_SERVICE_TYPES, at, name, push);
    arr(obj(s["weighted"])["services"]).forEach((c, i) =>
      ref("udp", "service", obj(c)["name"], at, `/weighted/services/${i}/name`, `UDP service "${name}"`),
    );
  }
  // Which objects the routers reach matters only for a problem in one: computed only then.
  const latent = out.some((p) => /^\/(http|tcp|udp)\/(services|middlewares)\//.test(p.pointer));
  return latent ? latentAsWarnings(out, reachable(http, tcp, udp)) : out;
}

/**
 * Traefik builds a service or middleware only when a router uses it (directly, or through a
 * weighted, mirroring, failover, chain or errors definition): a problem in one no router
 * reaches does not disable anything yet. It stays a warning until a router uses it.
 */
function latentAsWarnings(problems: ObjectProblem[], used: Set<string>): ObjectProblem[] {
  return problems.map((p) => {
    const m = /^\/(http|tcp|udp)\/(services|middlewares)\/([^/]+)/.exec(p.pointer);
    if (m === null || p.severity !== "error" || used.has(`${m[1]}/${m[2]}/${unesc(m[3]!)}`)) return p;
    return {
      ...p,
      severity: "warning",
      message: `${p.message} (no router uses it yet, so Traefik does not build it)`,
    };
  });
}

/** "http/services/name", "tcp/middlewares/name"…: what the routers reach, transitively. */
function reachable(http: Obj, tcp: Obj, udp: Obj): Set<string> {
  const used = new Set<string>();
  const visit = (protocol: string, section: "services" | "middlewares", raw: unknown) => {
    const name = local(raw);
    const source = protocol === "http" ? http : protocol === "tcp" ? tcp : udp;
    if (name === undefined || used.has(`${protocol}/${section}/${name}`)) return;
    used.add(`${protocol}/${section}/${name}`);
    const o = obj(obj(source[section])[name]);
    if (section === "services") {
      for (const kind of ["weighted", "highestRandomWeight"])
        for (const c of arr(obj(o[kind])["services"])) visit(protocol, "services", obj(c)["name"]);
      const mirroring = obj(o["mirroring"]);
      visit(protocol, "services", mirroring["service"]);
      for (const m of arr(mirroring["mirrors"])) visit(protocol, "services", obj(m)["name"]);
      const failover = obj(o["failover"]);
      visit(protocol, "services", failover["service"]);
      visit(protocol, "services", failover["fallback"]);
    } else {
      for (const c of arr(obj(o["chain"])["middlewares"])) visit(protocol, "middlewares", c);
      visit(protocol, "services", obj(o["errors"])["service"]);
    }
  };
  for (const [protocol, section] of [
    ["http", http],
    ["tcp", tcp],
    ["udp", udp],
  ] as const)
    for (const r of Object.values(obj(section["routers"]))) {
      visit(protocol, "services", obj(r)["service"]);
      for (const m of arr(obj(r)["middlewares"])) visit(protocol, "middlewares", m);
    }
  return used;
}

/** A reference to this provider's object: `name`, or `name@file`; another provider's is not ours to judge. */
function local(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  if (raw.endsWith("@file")) return raw.slice(0, -"@file".length);
  return raw.includes("@") ? undefined : raw;
}

type Push = (
  code: string,
  pointer: string,
  message: string,
  hint?: string,
  severity?: "error" | "warning",
) => void;

function ruleProblem(r: Obj, kind: "http" | "tcp", at: Lazy, owner: Lazy, push: Push): void {
  const rule = r["rule"];
  if (typeof rule !== "string" || rule.trim() === "") {
    push(
      "rule",
      `${text(at)}/rule`,
      `${text(owner)} has no rule`,
      kind === "tcp"
        ? "TCP routers route by HostSNI(`name`), or HostSNI(`*`) for all"
        : "e.g. rule: Host(`app.example.lan`)",
    );
    return;
  }
  const syntax = syntaxOf(typeof r["ruleSyntax"] === "string" ? r["ruleSyntax"] : undefined);
  const checked = ruleError(rule, kind, syntax);
  if (checked !== undefined)
    push(
      "rule",
      `${text(at)}/rule`,
      `${text(owner)}: error while parsing rule ${rule}: ${checked.message}`,
      `column ${checked.at + 1} of the rule (${syntax} syntax)`,
    );
}

function tlsProblems(
  tls: Obj,
  present: boolean,
  at: string,
  owner: string,
  options: Set<string>,
  facts: StaticFacts | undefined,
  push: Push,
): void {
  if (!present) return;
  const o = tls["options"];
  if (typeof o === "string" && !o.includes("@") && !options.has(o))
    push(
      "ref-tls-options",
      `${at}/options`,
      `${owner} uses TLS options "${o}", which are not defined`,
      "define them under tls.options",
    );
  const resolver = tls["certResolver"];
  if (facts !== undefined && typeof resolver === "string" && !facts.certResolvers.has(resolver))
    push(
      "cert-resolver",
      `${at}/certResolver`,
      `${owner} uses certResolver "${resolver}", which the static configuration does not define`,
      `define it under certificatesResolvers, or use one of: ${[...facts.certResolvers].join(", ") || "(none)"}`,
    );
}

function serviceType(s: Obj, types: string[], lazyAt: Lazy, name: string, push: Push): void {
  let count = 0;
  for (const t of types) if (s[t] !== undefined) count++;
  if (count === 1) return;
  const at = text(lazyAt);
  const present = types.filter((t) => s[t] !== undefined);
  if (present.length === 0)
    push(
      "service-type",
      at,
      `the service "${name}" does not have any type defined`,
      `give it one of: ${types.join(", ")}`,
    );
  else if (present.length > 1)
    push(
      "service-type",
      at,
      `service "${name}": cannot create service: multi-types service not supported, consider declaring two different pieces of service instead`,
    );
}

/** Shared, frozen: an absent section costs no allocation (this runs per object of 10,000-route files). */
const NO_OBJ: Obj = Object.freeze({});
const NO_ARR: unknown[] = Object.freeze([]) as unknown as unknown[];

function obj(v: unknown): Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : NO_OBJ;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : NO_ARR;
}

/** The entries of a section, without Object.entries' array of pairs. */
function* entries(v: unknown): Generator<[string, unknown]> {
  const o = obj(v);
  for (const key in o) if (Object.hasOwn(o, key)) yield [key, o[key]];
}

/** The names a section defines, looked up in the section itself. */
class Names {
  constructor(private readonly section: Obj) {}
  has(name: string): boolean {
    return Object.hasOwn(this.section, name);
  }
}
