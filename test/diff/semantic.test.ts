// The semantic diff on configurations of its own: what a reviewer must not miss (a middleware
// widened, a rename) and what must not count as a change (key order, the revision marker).
import { describe, expect, it } from "vitest";
import { diffConfigs } from "../../src/domain/diff/semantic.js";
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
