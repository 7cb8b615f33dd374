// The rules every route passes before anything renders, each on an input of its own: names and
// hosts are DNS names (RFC 1035; nothing else can reach a Host rule), unique without regard to
// case (DNS is case-insensitive, RFC 4343), one Traefik router per name, and the warnings a
// reviewer must see.
import { describe, expect, it } from "vitest";
import { checkRoutes } from "../../src/domain/model/check.js";
import type { RouteSpec } from "../../src/domain/model/route.js";

const DOMAIN = "internal.example.lan";

function route(name: string, over: Partial<RouteSpec> = {}, id = "901"): RouteSpec {
  return {
    name,
    hosts: [`${name.toLowerCase()}.${DOMAIN}`],
    backend: { kind: "url", scheme: "http", address: "10.0.0.9", port: 8000, path: "" },
    entryPoints: undefined,
    middlewares: [],
    guest: { kind: "lxc", id, name },
    convention: "traefik_service",
    tls: undefined,
    origin: {
      file: "phoenix_lxc_configs.json",
      pointer: `/lxc_configs/${id}`,
      namePointer: `/lxc_configs/${id}/traefik_service/name`,
      hostPointers: [`/lxc_configs/${id}/traefik_service/hosts/0`],
    },
    ...over,
  };
}

const codes = (routes: RouteSpec[], domain = DOMAIN) =>
  checkRoutes(routes, domain).map((d) => `${d.severity} ${d.code}`);

describe("checkRoutes", () => {
  it("passes good routes without a word", () => {
    expect(codes([route("a", {}, "901"), route("b", {}, "902")])).toEqual([]);
  });

  it("refuses a service name that is not a DNS name, at the name's field, even when its hosts are fine", () => {
    const [d, ...rest] = checkRoutes([route("a_b", { hosts: [`ab.${DOMAIN}`] })], DOMAIN);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: "error",
      code: "name-invalid",
      file: "phoenix_lxc_configs.json",
      pointer: "/lxc_configs/901/traefik_service/name",
    });
    expect(d?.message).toContain("LXC 901 (a_b)");
  });

  it("refuses an explicit host that would widen the Host rule, at that host's field", () => {
    const evil = `a.${DOMAIN}\`) || Host(\`evil.com`;
    const [d, ...rest] = checkRoutes([route("a", { hosts: [evil] })], DOMAIN);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: "error",
      code: "host-invalid",
      pointer: "/lxc_configs/901/traefik_service/hosts/0",
    });
    expect(d?.message).toContain("a backtick");
  });

  it("refuses a host routed twice, naming the other guest", () => {
    const host = `shared.${DOMAIN}`;
    const ds = checkRoutes(
      [route("a", { hosts: [host] }, "901"), route("b", { hosts: [host] }, "902")],
      DOMAIN,
    );
    expect(ds).toEqual([expect.objectContaining({ severity: "error", code: "host-duplicate" })]);
    expect(ds[0]?.message).toContain("LXC 901 (a)");
    expect(ds[0]?.message).toContain(host);
  });

  it("lets one route list a host once per route only (the same route twice is not a clash)", () => {
    const host = `a.${DOMAIN}`;
    expect(codes([route("a", { hosts: [host, host] })])).toEqual([]);
  });

  it("refuses names equal but for case, and names that become the same router (a.b and a-b)", () => {
    expect(codes([route("Granite", {}, "901"), route("granite", {}, "902")])).toEqual([
      "error name-duplicate",
    ]);
    const clash = checkRoutes(
      [route("a.b", { hosts: [`x.${DOMAIN}`] }, "901"), route("a-b", { hosts: [`y.${DOMAIN}`] }, "902")],
      DOMAIN,
    );
    expect(clash.filter((d) => d.severity === "error")).toEqual([
      expect.objectContaining({ code: "id-duplicate" }),
    ]);
    expect(clash.find((d) => d.code === "id-duplicate")?.message).toContain('the Traefik router "a-b"');
  });

  it("warns of a dotted name (a wildcard certificate covers one level), but not for Portainer's role name", () => {
    expect(codes([route("granite.3b", { hosts: [`granite-3b.${DOMAIN}`] })])).toEqual([
      "warning name-dotted",
    ]);
    expect(
      codes([
        route("portainer.agent", { hosts: [`portainer-agent.${DOMAIN}`], convention: "portainer_role" }),
      ]),
    ).toEqual([]);
  });

  it("warns of a host outside the domain, and not of the domain itself or a host under it", () => {
    expect(codes([route("a", { hosts: ["a.other.lan"] })])).toEqual(["warning host-outside-domain"]);
    expect(codes([route("a", { hosts: [DOMAIN] })])).toEqual([]);
    expect(codes([route("a", { hosts: [`deep.a.${DOMAIN}`] })])).toEqual([]);
    expect(codes([route("a", { hosts: [`a.bad${DOMAIN}`] })])).toEqual(["warning host-outside-domain"]);
  });

  it("refuses a domain that is not a DNS name", () => {
    expect(codes([], "bad_domain.lan")).toEqual(["error domain-invalid"]);
  });

  it.each([443, 8443, 9443])("warns of plain HTTP on port %i, usually HTTPS", (port) => {
    const ds = checkRoutes(
      [route("a", { backend: { kind: "url", scheme: "http", address: "10.0.0.9", port, path: "" } })],
      DOMAIN,
    );
    expect(ds).toEqual([expect.objectContaining({ severity: "warning", code: "scheme-port-mismatch" })]);
    expect(ds[0]?.hint).toContain('"scheme": "https"');
  });

  it("says nothing of HTTPS on 443, HTTP on 8080 or 80, or a service reference", () => {
    const url = (scheme: "http" | "https", port: number) =>
      route("a", { backend: { kind: "url", scheme, address: "10.0.0.9", port, path: "" } });
    expect(codes([url("https", 443)])).toEqual([]);
    expect(codes([url("http", 8080)])).toEqual([]);
    expect(codes([url("http", 80)])).toEqual([]);
    expect(codes([route("a", { backend: { kind: "service", reference: "api@internal" } })])).toEqual([]);
  });

  it("names a settings route as a route, not a guest", () => {
    const ds = checkRoutes([route("bad_name", { guest: undefined, convention: "settings" })], DOMAIN);
    expect(ds[0]?.message).toContain('route "bad_name"');
  });

  it("says how to fix each refusal", () => {
    const hint = (routes: RouteSpec[], code: string, domain = DOMAIN) =>
      checkRoutes(routes, domain).find((d) => d.code === code)?.hint;
    expect(hint([route("a_b")], "name-invalid")).toBe(
      'use letters, digits and hyphens, e.g. "granite-embedding"',
    );
    expect(hint([route("a.b", { hosts: [`ab.${DOMAIN}`] })], "name-dotted")).toContain(
      '{"name": "granite-3b"',
    );
    expect(hint([route("A", {}, "1"), route("a", {}, "2")], "name-duplicate")).toBe(
      "rename one of them (traefik_service.name)",
    );
    expect(
      hint(
        [route("a.b", { hosts: [`x.${DOMAIN}`] }, "1"), route("a-b", { hosts: [`y.${DOMAIN}`] }, "2")],
        "id-duplicate",
      ),
    ).toBe("rename one of them");
    expect(
      hint(
        [route("a", { hosts: [`s.${DOMAIN}`] }, "1"), route("b", { hosts: [`s.${DOMAIN}`] }, "2")],
        "host-duplicate",
      ),
    ).toBe("give one of them another name or explicit hosts");
    expect(hint([], "domain-invalid", "bad_domain.lan")).toBe("set domain in phoenix-mesh.yaml or --domain");
    expect(checkRoutes([], "bad_domain.lan")[0]?.message).toBe(
      'the domain "bad_domain.lan" is not a valid DNS name: it contains an underscore; only letters, digits, hyphens (and dots between labels) are allowed',
    );
    expect(checkRoutes([route("a.b", { hosts: [] })], DOMAIN)[0]?.message).toContain(
      "so a.b is a deeper subdomain",
    );
  });
});
