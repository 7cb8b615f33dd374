// The template model built from checked routes and settings: what each router and service says.
import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/domain/model/build.js";
import type { RouteSpec } from "../../src/domain/model/route.js";

const TOOL = { name: "phoenix-mesh", version: "0.0.0-test" };

function route(name: string, over: Partial<RouteSpec> = {}): RouteSpec {
  return {
    name,
    hosts: [`${name.toLowerCase()}.phoenix.lan`],
    backend: { kind: "url", scheme: "http", address: "10.0.0.9", port: 8000, path: "" },
    entryPoints: undefined,
    middlewares: [],
    guest: { kind: "lxc", id: "914", name },
    convention: "traefik_service",
    tls: undefined,
    origin: { file: "f", pointer: "/p", namePointer: "/p/name", hostPointers: [] },
    ...over,
  };
}

const settings = (over: Record<string, unknown> = {}) => ({
  entryPoints: ["websecure"],
  certResolver: "internal" as string | undefined,
  backendTls: { rootCas: ["/ca.crt"], serverName: undefined, insecureSkipVerify: false, routes: {} },
  middlewares: {},
  configFile: "phoenix-mesh.yaml",
  ...over,
});

describe("buildModel", () => {
  it("gives every router the certificate resolver, and none at all when it is not set", () => {
    const on = buildModel([route("a"), route("b")], settings(), "phoenix.lan", TOOL).model;
    expect(on.routers.map((r) => r.tls)).toEqual([
      { certResolver: "internal" },
      { certResolver: "internal" },
    ]);
    const off = buildModel([route("a")], settings({ certResolver: undefined }), "phoenix.lan", TOOL).model;
    expect(off.routers[0]?.tls).toBeNull();
  });

  it("uses the settings' entryPoints unless a route names its own", () => {
    const model = buildModel(
      [route("a"), route("b", { entryPoints: ["web"] })],
      settings(),
      "phoenix.lan",
      TOOL,
    ).model;
    expect(model.routers.map((r) => r.entryPoints)).toEqual([["websecure"], ["web"]]);
  });

  it("writes one Host() per host joined by ||, a service per URL backend, none for a service reference", () => {
    const model = buildModel(
      [
        route("Granite.3B", {
          hosts: ["granite-3b.phoenix.lan", "g.phoenix.lan"],
          middlewares: ["lan-only"],
        }),
        route("dash", { backend: { kind: "service", reference: "api@internal" }, guest: undefined }),
        route("v6", {
          backend: { kind: "url", scheme: "https", address: "fd00::5", port: 9443, path: "/x" },
        }),
      ],
      settings(),
      "phoenix.lan",
      TOOL,
    ).model;
    expect(model.routers.map((r) => [r.id, r.rule, r.service, r.middlewares])).toEqual([
      ["dash", "Host(`dash.phoenix.lan`)", "api@internal", []],
      ["granite-3b", "Host(`granite-3b.phoenix.lan`) || Host(`g.phoenix.lan`)", "granite-3b", ["lan-only"]],
      ["v6", "Host(`v6.phoenix.lan`)", "v6", []],
    ]);
    expect(model.services).toEqual([
      { id: "granite-3b", url: "http://10.0.0.9:8000", scheme: "http", transport: null },
      { id: "v6", url: "https://[fd00::5]:9443/x", scheme: "https", transport: "phoenix-mesh-backend-tls" },
    ]);
    expect(model.routers.find((r) => r.id === "dash")?.guest).toBeNull();
  });

  it("lists the settings' middlewares sorted by name, and carries the tool and domain", () => {
    const model = buildModel(
      [route("a")],
      settings({
        middlewares: { zeta: { headers: {} }, alpha: { ipAllowList: { sourceRange: ["10.0.0.0/24"] } } },
      }),
      "phoenix.lan",
      TOOL,
    ).model;
    expect(model.middlewares.map((m) => m.id)).toEqual(["alpha", "zeta"]);
    expect(model.middlewares[0]?.definition).toEqual({ ipAllowList: { sourceRange: ["10.0.0.0/24"] } });
    expect([model.tool, model.domain]).toEqual([TOOL, "phoenix.lan"]);
  });

  it("passes on the transport plan's errors (an HTTPS backend with no backend_tls)", () => {
    const built = buildModel(
      [route("v", { backend: { kind: "url", scheme: "https", address: "10.0.0.5", port: 443, path: "" } })],
      settings({ backendTls: undefined }),
      "phoenix.lan",
      TOOL,
    );
    expect(built.diagnostics.map((d) => d.code)).toEqual(["backend-tls-missing"]);
  });
});
