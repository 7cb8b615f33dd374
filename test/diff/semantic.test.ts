// The semantic diff on configurations of its own: what a reviewer must not miss (a middleware
// widened, a rename) and what must not count as a change (key order, the revision marker).
import { describe, expect, it } from "vitest";
import { diffConfigs, hostRoutes } from "../../src/domain/diff/semantic.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";

function config(opts: { name?: string; port?: number; range?: string; rev?: string } = {}): DynamicConfig {
  const name = opts.name ?? "app";
  return {
    http: {
      routers: {
        [name]: {
          rule: `Host(\`${name}.lan\`)`,
          service: name,
          entryPoints: ["websecure"],
          middlewares: ["lan-only"],
        },
      },
      services: { [name]: { loadBalancer: { servers: [{ url: `http://10.0.0.5:${opts.port ?? 8000}` }] } } },
      middlewares: {
        "lan-only": { ipAllowList: { sourceRange: [opts.range ?? "10.0.0.0/24"] } },
        [`phoenix-mesh-revision-${opts.rev ?? "111111111111"}`]: {
          headers: { customResponseHeaders: { "X-Phoenix-Mesh-Revision": opts.rev ?? "111111111111" } },
        },
      },
    },
  };
}

describe("diffConfigs", () => {
  it("is identical for the same routes with keys in another order and another revision marker", () => {
    const a = config();
    const reordered = JSON.parse(
      JSON.stringify(config({ rev: "222222222222" }), (_, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse())
          : v,
      ),
    ) as DynamicConfig;
    expect(Object.keys(reordered.http!.routers!["app"]!)[0]).toBe("middlewares"); // really reordered
    const d = diffConfigs(a, reordered);
    expect(d.identical).toBe(true);
    expect(d.hosts).toEqual([]);
    expect(d.summary).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it("sees a middleware widened under the same name, on the host that uses it", () => {
    const d = diffConfigs(config(), config({ range: "0.0.0.0/0" }));
    expect(d.identical).toBe(false);
    expect(d.sections).toEqual(
      expect.arrayContaining([{ section: "middlewares", added: [], removed: [], changed: ["lan-only"] }]),
    );
    expect(d.hosts).toEqual([expect.objectContaining({ host: "app.lan", change: "changed" })]);
    expect(d.hosts[0]?.what.join(" ")).toContain("lan-only");
  });

  it("counts a rename as one host removed and one added, never as identical", () => {
    const d = diffConfigs(config({ name: "old" }), config({ name: "new" }));
    expect(d.identical).toBe(false);
    expect(d.summary).toEqual({ added: 1, removed: 1, changed: 0 });
    expect(d.hosts.map((h) => [h.host, h.change])).toEqual(
      expect.arrayContaining([
        ["old.lan", "removed"],
        ["new.lan", "added"],
      ]),
    );
    const routers = d.sections.find((s) => s.section === "routers");
    expect(routers).toEqual({ section: "routers", added: ["new"], removed: ["old"], changed: [] });
    expect(d.sections.find((s) => s.section === "services")).toEqual({
      section: "services",
      added: ["new"],
      removed: ["old"],
      changed: [],
    });
  });

  it("says what changed on a host: the port", () => {
    const d = diffConfigs(config(), config({ port: 8001 }));
    expect(d.hosts).toEqual([
      expect.objectContaining({ host: "app.lan", change: "changed", what: ["port 8000 → 8001"] }),
    ]);
    expect(d.summary).toEqual({ added: 0, removed: 0, changed: 1 });
  });
});

describe("hostRoutes: how each route is known and what it sends traffic to", () => {
  const base = (services: Record<string, unknown>, routers: Record<string, unknown>, extra: object = {}) =>
    ({ http: { routers, services }, ...extra }) as unknown as DynamicConfig;

  it("describes weighted, highest-random-weight, mirroring and failover services, and a missing one", () => {
    const routes = hostRoutes(
      base(
        {
          w: { weighted: { services: [{ name: "a", weight: 3 }, { name: "b" }] } },
          h: { highestRandomWeight: { services: [{ name: "a", weight: 2 }] } },
          m: { mirroring: { service: "a", mirrors: [{ name: "b", percent: 10 }, { name: "c" }] } },
          m0: { mirroring: { service: "a" } },
          f: { failover: { service: "a", fallback: "b" } },
          a: {
            loadBalancer: {
              servers: [{ url: "http://10.0.0.1:80", weight: 2 }, { url: "http://10.0.0.2:80" }],
            },
          },
        },
        {
          w: { rule: "Host(`w.lan`)", service: "w" },
          h: { rule: "Host(`h.lan`)", service: "h" },
          m: { rule: "Host(`m.lan`)", service: "m" },
          m0: { rule: "Host(`m0.lan`)", service: "m0" },
          f: { rule: "Host(`f.lan`)", service: "f" },
          a: { rule: "Host(`a.lan`)", service: "a" },
          x: { rule: "Host(`x.lan`)", service: "elsewhere@docker" },
          none: { rule: "Host(`n.lan`)" },
        },
      ),
    );
    const backends = Object.fromEntries([...routes].map(([k, r]) => [k, r.backends]));
    expect(backends).toEqual({
      "a.lan": ["http://10.0.0.1:80 weight 2", "http://10.0.0.2:80"],
      "f.lan": ["a (fallback b)"],
      "h.lan": ["a×2"],
      "m.lan": ["a (mirrored to b 10%, c 0%)"],
      "m0.lan": ["a (mirrored to none)"],
      "n.lan": [],
      "w.lan": ["a×3", "b×1"],
      "x.lan": ["elsewhere@docker"],
    });
  });

  it("names routes without a host by router, adds paths, tells two routers of one host apart, and reads TCP and UDP", () => {
    const config = {
      http: {
        routers: {
          api: { rule: "Host(`app.lan`) && PathPrefix(`/api`)", service: "s" },
          app: { rule: "Host(`app.lan`)", service: "s" },
          app2: { rule: "Host(`app.lan`)", service: "s", tls: { options: "modern" } },
          catch: { rule: "PathPrefix(`/`)", service: "s", tls: {} },
        },
        services: { s: { loadBalancer: { servers: [{ url: "http://10.0.0.1" }] } } },
      },
      tcp: {
        routers: {
          db: { rule: "HostSNI(`db.lan`)", service: "db", tls: { passthrough: true } },
          all: { rule: "HostSNI(`*`)", service: "db", tls: { certResolver: "le", options: "x" } },
        },
        services: { db: { loadBalancer: { servers: [{ address: "10.0.0.2:5432" }] } } },
      },
      udp: {
        routers: { dns: { service: "dns" } },
        services: { dns: { loadBalancer: { servers: [{ address: "10.0.0.3:53" }] } } },
      },
    } as unknown as DynamicConfig;
    const routes = hostRoutes(config);
    expect([...routes.keys()].sort()).toEqual(
      [
        "[catch]/",
        "app.lan",
        "app.lan (app2)",
        "app.lan/api",
        "tcp://*",
        "tcp://db.lan",
        "udp://[dns]",
      ].sort(),
    );
    expect(routes.get("app.lan (app2)")?.tls).toBe("options modern");
    expect(routes.get("[catch]/")?.tls).toBe("default");
    expect(routes.get("tcp://db.lan")?.tls).toBe("passthrough");
    expect(routes.get("tcp://*")?.tls).toBe("le, options x");
    expect(routes.get("tcp://db.lan")?.backends).toEqual(["10.0.0.2:5432"]);
    expect(routes.get("udp://[dns]")).toMatchObject({
      protocol: "udp",
      rule: null,
      backends: ["10.0.0.3:53"],
    });
  });

  it("sees TLS options redefined under the same name on the host that uses them, and certificates added", () => {
    const withTls = (minVersion: string, certs: string[]) =>
      ({
        http: {
          routers: { app: { rule: "Host(`app.lan`)", service: "s", tls: { options: "modern" } } },
          services: { s: { loadBalancer: { servers: [{ url: "http://10.0.0.1" }] } } },
        },
        tls: {
          options: { modern: { minVersion } },
          certificates: certs.map((certFile) => ({ certFile, keyFile: "k" })),
        },
      }) as unknown as DynamicConfig;
    const d = diffConfigs(withTls("VersionTLS12", []), withTls("VersionTLS13", ["/c.crt"]));
    expect(d.hosts).toEqual([expect.objectContaining({ host: "app.lan", change: "changed" })]);
    expect(d.hosts[0]?.what.join(" ")).toContain("TLS options modern");
    expect(d.sections).toEqual(
      expect.arrayContaining([
        { section: "tls.options", added: [], removed: [], changed: ["modern"] },
        { section: "tls.certificates", added: ["/c.crt"], removed: [], changed: [] },
      ]),
    );
  });
});
