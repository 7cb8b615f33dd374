// routes: in phoenix-mesh.yaml — a backend URL as Traefik's loadBalancer takes one (scheme, host,
// port, path: RFC 3986 without userinfo, query or fragment, which a server URL cannot use), or
// another provider's service.
import { describe, expect, it } from "vitest";
import { routesFromSettings } from "../../src/domain/model/extra-routes.js";
import type { ExtraRoute } from "../../src/domain/model/options.js";

const route = (over: Partial<ExtraRoute>): ExtraRoute => ({
  name: "dash",
  hosts: ["Dash.Example.Lan"],
  service: undefined,
  url: undefined,
  entryPoints: undefined,
  middlewares: [],
  backendTls: undefined,
  pointer: "/routes/0",
  ...over,
});

const one = (over: Partial<ExtraRoute>) => routesFromSettings([route(over)], "phoenix-mesh.yaml");

describe("routes from the settings file", () => {
  it("takes another provider's service, with its hosts in lower case and pointers into the file", () => {
    const { routes, diagnostics } = one({ service: "api@internal", hosts: ["Dash.Example.Lan", "b.lan"] });
    expect(diagnostics).toEqual([]);
    expect(routes).toEqual([
      expect.objectContaining({
        name: "dash",
        hosts: ["dash.example.lan", "b.lan"],
        backend: { kind: "service", reference: "api@internal" },
        convention: "settings",
        guest: undefined,
        origin: {
          file: "phoenix-mesh.yaml",
          pointer: "/routes/0",
          namePointer: "/routes/0/name",
          hostPointers: ["/routes/0/hosts/0", "/routes/0/hosts/1"],
        },
      }),
    ]);
  });

  it.each([
    ["http://10.0.0.5:8080", { scheme: "http", address: "10.0.0.5", port: 8080, path: "" }],
    ["http://10.0.0.5", { scheme: "http", address: "10.0.0.5", port: 80, path: "" }],
    ["https://vault.lan", { scheme: "https", address: "vault.lan", port: 443, path: "" }],
    ["https://10.0.0.5:8443/", { scheme: "https", address: "10.0.0.5", port: 8443, path: "" }],
    ["http://10.0.0.5:8080/admin/", { scheme: "http", address: "10.0.0.5", port: 8080, path: "/admin/" }],
    ["http://[fd00::5]:8080", { scheme: "http", address: "fd00::5", port: 8080, path: "" }],
    ["HTTP://10.0.0.5:1", { scheme: "http", address: "10.0.0.5", port: 1, path: "" }],
    ["http://10.0.0.5:65535", { scheme: "http", address: "10.0.0.5", port: 65535, path: "" }],
  ])("reads the url %s", (url, backend) => {
    const { routes, diagnostics } = one({ url });
    expect(diagnostics).toEqual([]);
    expect(routes[0]?.backend).toEqual({ kind: "url", ...backend });
  });

  it.each([
    "http://user:secret@10.0.0.5:8080",
    "http://user@10.0.0.5:8080",
    "http://10.0.0.5:8080/?a=1",
    "http://10.0.0.5:8080/#top",
    "ftp://10.0.0.5",
    "10.0.0.5:8080",
    "http://",
    "http://10.0.0.5:65536",
    "not a url",
    "",
  ])("refuses the url %j, pointing at it", (url) => {
    const { routes, diagnostics } = one({ url });
    expect(routes).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "route-url",
        file: "phoenix-mesh.yaml",
        pointer: "/routes/0/url",
      }),
    ]);
    expect(diagnostics[0]?.hint).toContain("http://10.0.0.5:8080");
  });

  it.each([
    ["http://admin:s3cret-pass@10.0.0.5:8080", "http://admin:***@10.0.0.5:8080"],
    ["http://:s3cret-pass@10.0.0.5:8080", "http://:***@10.0.0.5:8080"],
    ["see http://admin:s3cret-pass@10.0.0.5", "see http://admin:***@10.0.0.5"],
    ["http://admin@10.0.0.5:8080", "http://admin@10.0.0.5:8080"],
  ])("never repeats a password written into a url (error messages reach CI logs): %s", (url, shown) => {
    const { diagnostics } = one({ url });
    expect(JSON.stringify(diagnostics)).not.toContain("s3cret-pass");
    expect(diagnostics[0]?.message).toBe(
      `route "dash": url "${shown}" carries a user name or password, which a Traefik server URL cannot use`,
    );
  });

  it("says what a bad url is, quoting it", () => {
    expect(one({ url: "ftp://10.0.0.5" }).diagnostics[0]?.message).toBe(
      'route "dash": url "ftp://10.0.0.5" is not an http(s) URL with a host',
    );
  });

  it.each([
    ["both a service and a url", { service: "api@internal", url: "http://10.0.0.5:8080" }],
    ["neither", {}],
  ])("refuses a route with %s", (_, over) => {
    const { routes, diagnostics } = one(over);
    expect(routes).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "route-backend",
        pointer: "/routes/0",
        file: "phoenix-mesh.yaml",
      }),
    ]);
    expect(diagnostics[0]?.message).toContain('route "dash" needs exactly one of "service"');
  });

  it("keeps each route's own entryPoints, middlewares and backend_tls (pointer included)", () => {
    const { routes } = one({
      url: "https://10.0.0.5",
      entryPoints: ["web"],
      middlewares: ["lan-only"],
      backendTls: { serverName: "vault.lan", rootCas: ["/ca.crt"], insecureSkipVerify: undefined },
    });
    expect(routes[0]).toMatchObject({
      entryPoints: ["web"],
      middlewares: ["lan-only"],
      tls: { serverName: "vault.lan", rootCas: ["/ca.crt"], pointer: "/routes/0/backend_tls" },
    });
    expect(one({ url: "https://10.0.0.5" }).routes[0]?.tls).toBeUndefined();
  });

  it("reads every route, keeping the good ones when one is bad", () => {
    const { routes, diagnostics } = routesFromSettings(
      [
        route({ name: "a", url: "http://10.0.0.5:1" }),
        route({ name: "b", pointer: "/routes/1" }),
        route({ name: "c", service: "x@docker", pointer: "/routes/2" }),
      ],
      "s.yaml",
    );
    expect(routes.map((r) => r.name)).toEqual(["a", "c"]);
    expect(diagnostics.map((d) => d.pointer)).toEqual(["/routes/1"]);
  });
});
