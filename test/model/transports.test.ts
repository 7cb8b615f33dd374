// Which serversTransport each HTTPS backend gets. Traefik (as Go's crypto/tls) checks a backend's
// certificate against serverName when one is set, else against the host in the server URL; an IP
// is matched against IP SANs only, a name against DNS SANs only (RFC 6125 §6.4, Go's
// x509.VerifyHostname). Phoenix's step-ca certificates for VMs name only the VM's IP.
import { describe, expect, it } from "vitest";
import type { BackendTls } from "../../src/domain/model/options.js";
import type { RouteSpec } from "../../src/domain/model/route.js";
import { planTransports, SHARED_TRANSPORT } from "../../src/domain/model/transports.js";

function https(name: string, address = "10.0.0.102", tls?: RouteSpec["tls"]): RouteSpec {
  return {
    name,
    hosts: [`${name}.phoenix.lan`],
    backend: { kind: "url", scheme: "https", address, port: 9443, path: "" },
    entryPoints: undefined,
    middlewares: [],
    guest: { kind: "vm", id: "1001", name },
    convention: "traefik_service",
    tls,
    origin: {
      file: "phoenix_vm_configs.json",
      pointer: "/vms/0/traefik_service",
      namePointer: "",
      hostPointers: [],
    },
  };
}
const http = (name: string): RouteSpec => ({
  ...https(name),
  backend: { kind: "url", scheme: "http", address: "10.0.0.9", port: 80, path: "" },
});
const global = (over: Partial<BackendTls> = {}): BackendTls => ({
  rootCas: ["/ca.crt"],
  serverName: undefined,
  insecureSkipVerify: false,
  routes: {},
  ...over,
});

describe("planTransports", () => {
  it("gives HTTPS backends one shared transport, with no serverName, and plain HTTP none", () => {
    const routes = [https("a"), https("b"), http("c")];
    const plan = planTransports(routes, global(), "phoenix-mesh.yaml");
    expect(plan.diagnostics).toEqual([]);
    expect(plan.transports).toEqual([
      { id: SHARED_TRANSPORT, serverName: null, rootCAs: ["/ca.crt"], insecureSkipVerify: false },
    ]);
    expect(plan.transportOf.get(routes[0]!)).toBe(SHARED_TRANSPORT);
    expect(plan.transportOf.get(routes[2]!)).toBeUndefined();
  });

  it("refuses an HTTPS backend when nothing says how to trust it, at the route", () => {
    const plan = planTransports([https("a")], undefined, "phoenix-mesh.yaml");
    expect(plan.transports).toEqual([]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "backend-tls-missing",
        pointer: "/vms/0/traefik_service",
      }),
    ]);
    expect(plan.diagnostics[0]?.hint).toContain("phoenix-mesh.yaml");
  });

  it("takes the inventory's backend_tls over the default, and the settings' per-route entry over both", () => {
    const own = https("a", "10.0.0.102", {
      serverName: "inv.lan",
      rootCas: ["/inv.crt"],
      pointer: "/vms/0/traefik_service/backend_tls",
    });
    const plan = planTransports(
      [own],
      global({ serverName: "global.lan", routes: { a: { serverName: "10.0.0.102", rootCas: ["/op.crt"] } } }),
      "phoenix-mesh.yaml",
    );
    // server_name replaces; root_cas add up, in order, once each.
    expect(plan.transports).toEqual([
      {
        id: "a-tls",
        serverName: "10.0.0.102",
        rootCAs: ["/ca.crt", "/inv.crt", "/op.crt"],
        insecureSkipVerify: false,
      },
    ]);
    expect(plan.diagnostics).toEqual([]);
  });

  it("lets routes with the same settings share a transport named after the first of them", () => {
    const tls = { serverName: "x.lan", pointer: "/p" };
    const plan = planTransports(
      [https("zeta", "x.lan", tls), https("alpha", "x.lan", tls)],
      global(),
      undefined,
    );
    expect(plan.transports.map((t) => t.id)).toEqual(["alpha-tls"]);
  });

  it("warns when an IP-addressed backend is checked against a name, or a named one against an IP (IPv6 too)", () => {
    const byIp = planTransports(
      [https("a", "10.0.0.102")],
      global({ serverName: "portainer.lan" }),
      "s.yaml",
    );
    expect(byIp.diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "backend-tls-name-kind",
        file: "s.yaml",
        pointer: "/backend_tls",
      }),
    ]);
    expect(byIp.diagnostics[0]?.message).toContain('checked for the name "portainer.lan"');
    const v6 = planTransports([https("a", "fd00::102")], global({ serverName: "portainer.lan" }), "s.yaml");
    expect(v6.diagnostics.map((d) => d.code)).toEqual(["backend-tls-name-kind"]);
    const byName = planTransports([https("a", "vault.lan")], global({ serverName: "fd00::102" }), "s.yaml");
    expect(byName.diagnostics[0]?.message).toContain("checked for the IP fd00::102");
    // Same kind on both sides: nothing to say.
    expect(
      planTransports([https("a", "10.0.0.102")], global({ serverName: "10.0.0.102" }), "s.yaml").diagnostics,
    ).toEqual([]);
    expect(
      planTransports([https("a", "vault.lan")], global({ serverName: "vault.lan" }), "s.yaml").diagnostics,
    ).toEqual([]);
  });

  it("warns loudly of insecure_skip_verify, where it was set", () => {
    const plan = planTransports(
      [
        https("agent", "10.0.0.103", {
          insecureSkipVerify: true,
          pointer: "/vms/1/traefik_service/backend_tls",
        }),
      ],
      global(),
      "s.yaml",
    );
    expect(plan.transports[0]).toMatchObject({ insecureSkipVerify: true });
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        code: "backend-tls-insecure",
        file: "phoenix_vm_configs.json",
        pointer: "/vms/1/traefik_service/backend_tls",
      }),
    ]);
    expect(plan.diagnostics[0]?.message).toContain("NOT verify");
  });

  it("says when a per-route entry has no effect: an HTTP route, or no route of that name", () => {
    const plan = planTransports(
      [http("plain")],
      global({ routes: { plain: { serverName: "x" }, "a/b": { serverName: "y" } } }),
      "s.yaml",
    );
    expect(plan.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ["backend-tls-unused", "/backend_tls/routes/plain"],
      ["backend-tls-unused", "/backend_tls/routes/a~1b"],
    ]);
    expect(plan.diagnostics[0]?.message).toContain("is not an HTTPS backend");
    expect(plan.diagnostics[1]?.message).toContain("names no route");
  });

  it("needs no default when the route brings its own backend_tls, and adds nothing to it", () => {
    const plan = planTransports(
      [https("a", "10.0.0.102", { rootCas: ["/own.crt"], pointer: "/p" })],
      undefined,
      undefined,
    );
    expect(plan.diagnostics).toEqual([]);
    expect(plan.transports).toEqual([
      { id: "a-tls", serverName: null, rootCAs: ["/own.crt"], insecureSkipVerify: false },
    ]);
  });

  it("lists transports sorted by name", () => {
    const plan = planTransports(
      [
        https("zeta", "10.0.0.1", { serverName: "10.0.0.1", pointer: "/p" }),
        https("mid", "10.0.0.2"),
        https("alpha", "10.0.0.3", { insecureSkipVerify: true, pointer: "/q" }),
      ],
      global(),
      "s.yaml",
    );
    expect(plan.transports.map((t) => t.id)).toEqual(["alpha-tls", SHARED_TRANSPORT, "zeta-tls"]);
  });

  it("words its findings for a settings route and for a guest, with the host, and names the settings file", () => {
    const settingsRoute: RouteSpec = { ...https("vault"), guest: undefined, convention: "settings" };
    const missing = planTransports([settingsRoute, https("p")], undefined, undefined).diagnostics;
    expect(missing.map((d) => d.message.split(" is an HTTPS")[0])).toEqual(['route "vault"', "VM 1001 (p)"]);
    expect(missing[0]?.message).toContain("(vault.phoenix.lan)");
    expect(missing[0]?.hint).toContain("add to the settings file (phoenix-mesh.yaml):");
    const insecure = planTransports(
      [{ ...settingsRoute, tls: { insecureSkipVerify: true, pointer: "/routes/0/backend_tls" } }],
      global(),
      undefined,
    ).diagnostics;
    expect(insecure[0]?.message).toMatch(/^route "vault": Traefik will NOT verify/);
    expect(insecure[0]?.hint).toContain("trust its CA with root_cas");
    const kind = planTransports(
      [https("a", "10.0.0.102")],
      global({ serverName: "x.lan" }),
      undefined,
    ).diagnostics;
    expect(kind[0]).toMatchObject({ file: "the settings file" });
    expect(kind[0]?.hint).toContain("leave server_name out");
    const unused = planTransports([], global({ routes: { gone: {} } }), undefined).diagnostics;
    expect(unused[0]).toMatchObject({ file: "the settings file", code: "backend-tls-unused" });
  });
});
