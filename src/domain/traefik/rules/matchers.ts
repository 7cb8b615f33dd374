/**
 * Pure: the matchers each kind of router takes under each rule syntax, with their arities and
 * argument checks, as the pinned Traefik defines them (pkg/muxer/http/matcher.go, matcher_v2.go,
 * pkg/muxer/tcp/matcher.go, matcher_v2.go). The messages follow Traefik's own.
 */
import { re2Problem } from "./regexp.js";

export type RouterKind = "http" | "tcp";
export type RuleSyntax = "v2" | "v3";

type Check = (args: string[]) => string | undefined;

interface Matcher {
  /** Allowed argument counts; undefined: any number (v2). */
  arity: number[] | undefined;
  check: Check;
}

const ok: Check = () => undefined;

const ascii =
  (name: string): Check =>
  (args) => {
    const bad = args.find((a) => !isAscii(a));
    return bad === undefined
      ? undefined
      : `invalid value "${bad}" for ${name} matcher, non-ASCII characters are not allowed`;
  };

const regexps =
  (name: string, which: (args: string[]) => string[]): Check =>
  (args) => {
    for (const pattern of which(args)) {
      const problem = re2Problem(pattern);
      if (problem !== undefined) return `compiling ${name} matcher: error parsing regexp: ${problem}`;
    }
    return undefined;
  };

const slashPath: Check = (args) => {
  const bad = args.find((p) => !p.startsWith("/"));
  return bad === undefined ? undefined : `path "${bad}" does not start with a '/'`;
};

const ips: Check = (args) => {
  const bad = args.find((a) => !isIpOrCidr(a));
  return bad === undefined
    ? undefined
    : `initializing IP checker for ClientIP matcher: invalid CIDR address: ${bad}`;
};

const both =
  (...checks: Check[]): Check =>
  (args) => {
    for (const c of checks) {
      const problem = c(args);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** gorilla/mux templates (v2 syntax): `{name:pattern}` with balanced braces and valid patterns. */
const templates =
  (name: string): Check =>
  (args) => {
    for (const a of args) {
      let depth = 0;
      for (const c of a) {
        if (c === "{") depth++;
        else if (c === "}" && --depth < 0) break;
      }
      if (depth !== 0) return `mux: unbalanced braces in "${a}"`;
      for (const m of a.matchAll(/\{([^{}:]*)(?::([^{}]*))?\}/g)) {
        const problem = m[2] === undefined ? undefined : re2Problem(m[2]);
        if (problem !== undefined) return `compiling ${name} matcher: error parsing regexp: ${problem}`;
      }
    }
    return undefined;
  };

const pairs = (args: string[]) =>
  args.length % 2 === 0 ? undefined : `number of parameters must be multiple of 2, got [${args.join(" ")}]`;

const HOST_OR_IP = /^[\w.\-:]+$/;

const MATCHERS: Record<RouterKind, Record<RuleSyntax, Record<string, Matcher>>> = {
  http: {
    v3: {
      ClientIP: { arity: [1], check: ips },
      Method: { arity: [1], check: ok },
      Host: { arity: [1], check: ascii("Host") },
      HostRegexp: {
        arity: [1],
        check: both(
          ascii("HostRegexp"),
          regexps("HostRegexp", (a) => a),
        ),
      },
      Path: { arity: [1], check: slashPath },
      PathRegexp: { arity: [1], check: regexps("PathPrefix", (a) => a) },
      PathPrefix: { arity: [1], check: slashPath },
      Header: { arity: [2], check: ok },
      HeaderRegexp: { arity: [2], check: regexps("HeaderRegexp", (a) => a.slice(1)) },
      Query: { arity: [1, 2], check: ok },
      QueryRegexp: { arity: [1, 2], check: regexps("QueryRegexp", (a) => a.slice(1)) },
    },
    v2: {
      Host: { arity: undefined, check: ascii("Host") },
      HostHeader: { arity: undefined, check: ascii("HostHeader") },
      HostRegexp: { arity: undefined, check: both(ascii("HostRegexp"), templates("HostRegexp")) },
      ClientIP: { arity: undefined, check: ips },
      Path: { arity: undefined, check: both((a) => slashV2(a), templates("Path")) },
      PathPrefix: { arity: undefined, check: both((a) => slashV2(a), templates("PathPrefix")) },
      Method: { arity: undefined, check: ok },
      Headers: { arity: undefined, check: pairs },
      HeadersRegexp: {
        arity: undefined,
        check: both(
          pairs,
          regexps("HeadersRegexp", (a) => a.filter((_, i) => i % 2 === 1)),
        ),
      },
      // Each argument is split at its first "=" into a key and a value (queryV2): all need one.
      Query: {
        arity: undefined,
        check: both(
          (a) => pairs(a.flatMap((q) => q.split(/=(.*)/s).slice(0, q.includes("=") ? 2 : 1))),
          templates("Query"),
        ),
      },
    },
  },
  tcp: {
    v3: {
      ALPN: { arity: [1], check: alpn },
      ClientIP: { arity: [1], check: ips },
      HostSNI: {
        arity: [1],
        check: (a) =>
          a[0] === "*" || HOST_OR_IP.test(a[0] ?? "")
            ? undefined
            : `invalid value for HostSNI matcher, "${a[0]}" is not a valid hostname`,
      },
      HostSNIRegexp: {
        arity: [1],
        check: both(
          (a) =>
            !isAscii(a[0] ?? "")
              ? `invalid value for HostSNIRegexp matcher, "${a[0]}" is not a valid hostname`
              : undefined,
          regexps("HostSNIRegexp", (a) => a),
        ),
      },
    },
    v2: {
      ALPN: { arity: undefined, check: alpn },
      ClientIP: { arity: undefined, check: ips },
      HostSNI: {
        arity: undefined,
        check: (a) => {
          const bad = a.find((h) => h !== "*" && !HOST_OR_IP.test(h));
          return bad === undefined
            ? undefined
            : `invalid value for "HostSNI" matcher, "${bad}" is not a valid hostname or IP`;
        },
      },
      HostSNIRegexp: { arity: undefined, check: templates("HostSNIRegexp") },
    },
  },
};

function alpn(args: string[]): string | undefined {
  const bad = args.find((p) => p === "acme-tls/1");
  return bad === undefined ? undefined : `invalid protocol value for ALPN matcher, "${bad}" is not allowed`;
}

function slashV2(args: string[]): string | undefined {
  const bad = args.find((p) => !p.startsWith("/"));
  return bad === undefined ? undefined : `mux: path must start with a slash, got "${bad}"`;
}

/** The matcher a name calls, as rules.NewParser registers names: as written, lower, UPPER, Capitalised. */
export function findMatcher(
  kind: RouterKind,
  syntax: RuleSyntax,
  name: string,
): [string, Matcher] | undefined {
  for (const [canonical, m] of Object.entries(MATCHERS[kind][syntax])) {
    const lower = canonical.toLowerCase();
    if (
      name === canonical ||
      name === lower ||
      name === canonical.toUpperCase() ||
      name === lower[0]!.toUpperCase() + lower.slice(1)
    )
      return [canonical, m];
  }
  return undefined;
}

export function matcherNames(kind: RouterKind, syntax: RuleSyntax): string[] {
  return Object.keys(MATCHERS[kind][syntax]);
}

export function isIpOrCidr(text: string): boolean {
  const [ip, prefix, ...rest] = text.split("/");
  if (rest.length > 0 || ip === undefined) return false;
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(ip);
  const v6 = !v4 && ip.includes(":") && /^[0-9a-fA-F:.]+$/.test(ip) && URL.canParse(`http://[${ip}]/`);
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  // Go's net.ParseCIDR reads the prefix with dtoi: digits only, leading zeros allowed ("/0032").
  return /^\d+$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
