/**
 * The object checks (domain/traefik/dynamic-objects.ts), each on an input of its own: what
 * Traefik's runtime refuses once a file has parsed (pkg/server/.../router, service and middleware
 * builders; multi-layer routing's parentRefs), with the static configuration's entryPoints and
 * certificate resolvers as facts. A problem in an object no router uses is a warning: Traefik
 * builds only what a router reaches.
 */
import { describe, expect, it } from "vitest";
import { checkObjects } from "../../src/domain/traefik/dynamic-objects.js";
import { staticFactsOf } from "../../src/domain/traefik/static-facts.js";

const facts = staticFactsOf({
  entryPoints: { web: { address: ":80" }, websecure: { address: ":443" }, dns: { address: ":53/udp" } },
  certificatesResolvers: { le: {} },
});
const lb = { loadBalancer: { servers: [{ url: "http://10.0.0.1:80" }] } };
const check = (config: unknown, withFacts = true) =>
  checkObjects(config as never, withFacts ? facts : undefined).map((p) => [
    p.severity,
    p.code,
    p.pointer,
    p.message,
  ]);

describe("TCP and UDP routers", () => {
  it("needs a service, defined, and entryPoints of its own protocol", () => {
    expect(check({ tcp: { routers: { t: { rule: "HostSNI(`*`)", entryPoints: ["web"] } } } })).toEqual([
      ["error", "router-service", "/tcp/routers/t", 'TCP router "t" has no service'],
    ]);
    expect(
      check({
        tcp: {
          routers: {
            t: { rule: "HostSNI(`*`)", service: "nope", middlewares: ["m1"], entryPoints: ["dns"] },
          },
        },
      }),
    ).toEqual([
      [
        "error",
        "ref-service",
        "/tcp/routers/t/service",
        'TCP router "t" uses TCP service "nope", which is not defined',
      ],
      [
        "error",
        "ref-middleware",
        "/tcp/routers/t/middlewares/0",
        'TCP router "t" uses TCP middleware "m1", which is not defined',
      ],
      [
        "error",
        "entrypoint",
        "/tcp/routers/t/entryPoints/0",
        'TCP router "t" uses entryPoint "dns", which is UDP: a TCP router cannot listen on it',
      ],
    ]);
    expect(
      check({
        udp: { routers: { u: { entryPoints: ["web"] }, u2: { service: "x", entryPoints: ["dns"] } } },
      }),
    ).toEqual([
      ["error", "router-service", "/udp/routers/u", 'UDP router "u" has no service'],
      [
        "error",
        "entrypoint",
        "/udp/routers/u/entryPoints/0",
        'UDP router "u" uses entryPoint "web", which is TCP: a UDP router cannot listen on it',
      ],
      [
        "error",
        "ref-service",
        "/udp/routers/u2/service",
        'UDP router "u2" uses UDP service "x", which is not defined',
      ],
    ]);
  });

  it("follows weighted services, as a warning while no router uses them", () => {
    for (const protocol of ["tcp", "udp"] as const)
      expect(
        check({ [protocol]: { services: { w: { weighted: { services: [{ name: "gone" }] } } } } }),
      ).toEqual([
        [
          "warning",
          "ref-service",
          `/${protocol}/services/w/weighted/services/0/name`,
          `${protocol.toUpperCase()} service "w" uses ${protocol.toUpperCase()} service "gone", which is not defined (no router uses it yet, so Traefik does not build it)`,
        ],
      ]);
  });
});

describe("parent and child routers (multi-layer routing)", () => {
  it("needs each parent to exist, and a child without TLS, entryPoints or observability of its own", () => {
    expect(
      check({
        http: {
          routers: {
            p: { rule: "Host(`a.lan`)", entryPoints: ["web"] },
            c: {
              rule: "Path(`/x`)",
              service: "s",
              parentRefs: ["p", "ghost"],
              tls: {},
              entryPoints: ["web"],
              observability: { accessLogs: false },
            },
          },
          services: { s: lb },
        },
      }),
    ).toEqual([
      ["error", "ref-router", "/http/routers/c/parentRefs/1", 'parent router "ghost" does not exist'],
      ["error", "router-child", "/http/routers/c/tls", "non-root router cannot have TLS configuration"],
      [
        "error",
        "router-child",
        "/http/routers/c/observability",
        "non-root router cannot have Observability configuration",
      ],
      [
        "error",
        "router-child",
        "/http/routers/c/entryPoints",
        "non-root router cannot have Entrypoints configuration",
      ],
    ]);
  });

  it("refuses a parent that also has a service; a parent needs none", () => {
    const routers = (parent: object) => ({
      http: {
        routers: {
          p: { rule: "Host(`a.lan`)", entryPoints: ["web"], ...parent },
          c: { rule: "Path(`/x`)", service: "s", parentRefs: ["p"] },
        },
        services: { s: lb },
      },
    });
    expect(check(routers({ service: "s" }))).toEqual([
      [
        "error",
        "router-service",
        "/http/routers/p/service",
        'router "p" has both a service and is referenced as a parent by other routers',
      ],
    ]);
    expect(check(routers({}))).toEqual([]);
  });
});

describe("services and middlewares", () => {
  it("refuses a server URL Traefik cannot parse, and takes h2c with a path", () => {
    expect(
      check({
        http: {
          services: {
            s: { loadBalancer: { servers: [{ url: "http://exa mple:80" }, { url: "h2c://ok.lan:80/x" }] } },
          },
          routers: { r: { rule: "Host(`a.lan`)", service: "s", entryPoints: ["web"] } },
        },
      }),
    ).toEqual([
      [
        "error",
        "server-url",
        "/http/services/s/loadBalancer/servers/0/url",
        'service "s": "http://exa mple:80" is not a URL Traefik can parse',
      ],
    ]);
  });

  it("needs exactly one type per service and per middleware, and follows every reference in them", () => {
    expect(
      check({
        http: {
          middlewares: {
            two: { headers: {}, stripPrefix: { prefixes: ["/a"] } },
            none: {},
            ch: { chain: { middlewares: ["missing"] } },
            er: { errors: { service: "gone", status: ["500"] } },
          },
          routers: {
            r: {
              rule: "Host(`a.lan`)",
              service: "s",
              middlewares: ["two", "none", "ch", "er"],
              entryPoints: ["web"],
            },
          },
          services: { s: lb },
        },
      }),
    ).toEqual([
      [
        "error",
        "middleware-type",
        "/http/middlewares/two",
        'middleware "two" has 2 types (headers, stripPrefix): a middleware is exactly one',
      ],
      [
        "error",
        "middleware-type",
        "/http/middlewares/none",
        'middleware "none" has no type: Traefik refuses it ("invalid middleware type or middleware does not exist")',
      ],
      [
        "error",
        "ref-middleware",
        "/http/middlewares/ch/chain/middlewares/0",
        'middleware "ch" uses middleware "missing", which is not defined',
      ],
      [
        "error",
        "ref-service",
        "/http/middlewares/er/errors/service",
        'middleware "er" uses service "gone", which is not defined',
      ],
    ]);
  });

  it("warns, in Traefik's words, about services no router uses yet", () => {
    expect(
      check({
        http: {
          services: {
            zero: {},
            two: { ...lb, weighted: { services: [] } },
            mir: { mirroring: { service: "gone", mirrors: [{ name: "gone2" }] } },
            fo: { failover: { service: "gone3", fallback: "gone4" } },
          },
        },
      }).map(([severity, code, pointer]) => [severity, code, pointer]),
    ).toEqual([
      ["warning", "service-type", "/http/services/zero"],
      ["warning", "service-type", "/http/services/two"],
      ["warning", "ref-service", "/http/services/mir/mirroring/service"],
      ["warning", "ref-service", "/http/services/mir/mirroring/mirrors/0/name"],
      ["warning", "ref-service", "/http/services/fo/failover/service"],
      ["warning", "ref-service", "/http/services/fo/failover/fallback"],
    ]);
    const [zero, two] = check({
      http: { services: { zero: {}, two: { ...lb, weighted: { services: [] } } } },
    });
    expect(zero?.[3]).toBe(
      'the service "zero" does not have any type defined (no router uses it yet, so Traefik does not build it)',
    );
    expect(two?.[3]).toBe(
      'service "two": cannot create service: multi-types service not supported, consider declaring two different pieces of service instead (no router uses it yet, so Traefik does not build it)',
    );
  });

  it("makes the same problem an error once a router reaches it, through the services it uses", () => {
    const config = (routers: object) => ({
      http: {
        routers,
        services: {
          top: { weighted: { services: [{ name: "mid" }] } },
          mid: { mirroring: { service: "gone" } },
        },
      },
    });
    expect(check(config({}))[0]?.[0]).toBe("warning");
    expect(
      check(config({ r: { rule: "Host(`a.lan`)", service: "top", entryPoints: ["web"] } }))[0]?.slice(0, 3),
    ).toEqual(["error", "ref-service", "/http/services/mid/mirroring/service"]);
  });

  it("leaves another provider's objects to Traefik, and finds this file's under @file", () => {
    expect(
      check({
        http: {
          routers: {
            r: { rule: "Host(`a.lan`)", service: "s@file", entryPoints: ["web"] },
            r2: {
              rule: "Host(`b.lan`)",
              service: "x@docker",
              middlewares: ["auth@docker"],
              entryPoints: ["web"],
            },
          },
          services: { s: lb },
        },
      }),
    ).toEqual([]);
  });
});

describe("what the static configuration must define", () => {
  // Names the static configuration (facts above) lacks, then ones it has: "default" TLS options
  // always exist, and another provider's options are Traefik's to find.
  const misnamed = {
    http: {
      routers: {
        r: {
          rule: "Host(`a.lan`)",
          service: "s",
          entryPoints: ["nope"],
          tls: { options: "strict", certResolver: "nope" },
        },
        r2: {
          rule: "Host(`b.lan`)",
          service: "s",
          entryPoints: ["websecure"],
          tls: { options: "other@file", certResolver: "le" },
        },
        r3: { rule: "Host(`c.lan`)", service: "s", entryPoints: ["websecure"], tls: { options: "default" } },
      },
      services: { s: lb },
    },
  };

  it("checks entryPoints, TLS options and certificate resolvers, naming what exists", () => {
    expect(check(misnamed)).toEqual([
      [
        "error",
        "entrypoint",
        "/http/routers/r/entryPoints/0",
        'router "r" uses entryPoint "nope", which the static configuration does not define',
      ],
      [
        "error",
        "ref-tls-options",
        "/http/routers/r/tls/options",
        'router "r" uses TLS options "strict", which are not defined',
      ],
      [
        "error",
        "cert-resolver",
        "/http/routers/r/tls/certResolver",
        'router "r" uses certResolver "nope", which the static configuration does not define',
      ],
    ]);
    const [ep, , resolver] = checkObjects(misnamed, facts);
    expect(ep?.hint).toBe(
      "define it under entryPoints: in the static configuration, or use one of: web, websecure, dns",
    );
    expect(resolver?.hint).toBe("define it under certificatesResolvers, or use one of: le");
  });

  it("does not judge entryPoints or resolvers without a static configuration", () => {
    // TLS options are the file's own: still checked.
    expect(check(misnamed, false)).toEqual([
      [
        "error",
        "ref-tls-options",
        "/http/routers/r/tls/options",
        'router "r" uses TLS options "strict", which are not defined',
      ],
    ]);
  });

  it("needs a rule on every HTTP router", () => {
    for (const rule of ["", "   ", undefined])
      expect(
        check({
          http: { routers: { r: { rule, service: "s", entryPoints: ["web"] } }, services: { s: lb } },
        }),
      ).toEqual([["error", "rule", "/http/routers/r/rule", 'router "r" has no rule']]);
  });
});
