// Routes found in an inventory as Phoenix writes one (../shared/fixtures/phoenix/README.md):
// traefik_service on a guest wins; else an LXC's ports: ["host:container"] routes <name>.<domain>
// to the container port; else the one VM with portainer_role "primary" is Portainer, at
// portainer_api.portainer_hostname : network.portainer_server_port, over HTTPS. Templates never route.
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/core/json/parse.js";
import { discoverRoutes } from "../../src/domain/inventory/discover.js";
import type { RawInventory } from "../../src/domain/inventory/files.js";

const DOMAIN = "phoenix.lan";
const HYPERVISOR = {
  domain_name: DOMAIN,
  network: { portainer_server_port: 9443 },
  portainer_api: { portainer_hostname: "portainer.phoenix.lan" },
};

function inventory(
  lxcs: Record<string, JsonValue>,
  vms: JsonValue[],
  hypervisor: JsonValue = HYPERVISOR,
): RawInventory {
  const file = (path: string, value: JsonValue) => ({ path, text: "", value });
  return {
    hypervisor: file("phoenix_hypervisor_config.json", hypervisor),
    lxc: file("phoenix_lxc_configs.json", { lxc_configs: lxcs }),
    vm: file("phoenix_vm_configs.json", { vms }),
  };
}

const lxc = (name: string, extra: Record<string, JsonValue>, ip = "10.0.0.141/24") => ({
  name,
  network_config: { ip },
  ...extra,
});
const vm = (vmid: number, name: string, extra: Record<string, JsonValue>, ip = "10.0.0.102/24") => ({
  vmid,
  name,
  network_config: { ip },
  ...extra,
});

describe("discoverRoutes", () => {
  it("routes an LXC's first ports entry at <name>.<domain>, container side, plain HTTP", () => {
    const { routes, diagnostics } = discoverRoutes(
      inventory({ "914": lxc("Embedding-Server", { ports: ["18000:8000/tcp", "9000:9001"] }) }, []),
      DOMAIN,
    );
    expect(diagnostics).toEqual([]);
    expect(routes).toEqual([
      expect.objectContaining({
        name: "Embedding-Server",
        hosts: ["embedding-server.phoenix.lan"],
        convention: "ports",
        backend: { kind: "url", scheme: "http", address: "10.0.0.141", port: 8000, path: "" },
        origin: {
          file: "phoenix_lxc_configs.json",
          pointer: "/lxc_configs/914/ports/0",
          namePointer: "/lxc_configs/914/name",
          hostPointers: ["/lxc_configs/914/name"],
        },
      }),
    ]);
  });

  it.each([
    ["8000:0", false],
    ["8000:1", true],
    ["8000:65535", true],
    ["8000:65536", false],
    ["8000:70000", false],
    ["8000", false],
    ["8000:http", false],
  ])("ports entry %j routes: %s (a port is 1–65535)", (entry, ok) => {
    const { routes, diagnostics } = discoverRoutes(
      inventory({ "914": lxc("a", { ports: [entry] }) }, []),
      DOMAIN,
    );
    expect(routes.length).toBe(ok ? 1 : 0);
    expect(diagnostics.map((d) => d.code)).toEqual(ok ? [] : ["port-range"]);
    if (!ok) expect(diagnostics[0]).toMatchObject({ severity: "error", pointer: "/lxc_configs/914/ports/0" });
  });

  it("lets traefik_service win over ports, with its own hosts, scheme, entryPoints, middlewares and backend_tls", () => {
    const { routes } = discoverRoutes(
      inventory(
        {
          "914": lxc("a", {
            ports: ["1:1"],
            traefik_service: {
              name: "Emb",
              port: 8443,
              scheme: "https",
              hosts: ["Emb.Phoenix.Lan", "e.phoenix.lan"],
              entry_points: ["websecure"],
              middlewares: ["lan-only"],
              backend_tls: {
                server_name: "emb.phoenix.lan",
                root_cas: ["/ca.crt"],
                insecure_skip_verify: false,
              },
            },
          }),
        },
        [],
      ),
      DOMAIN,
    );
    expect(routes).toEqual([
      expect.objectContaining({
        name: "Emb",
        hosts: ["emb.phoenix.lan", "e.phoenix.lan"],
        entryPoints: ["websecure"],
        middlewares: ["lan-only"],
        convention: "traefik_service",
        backend: { kind: "url", scheme: "https", address: "10.0.0.141", port: 8443, path: "" },
        tls: {
          serverName: "emb.phoenix.lan",
          rootCas: ["/ca.crt"],
          insecureSkipVerify: false,
          pointer: "/lxc_configs/914/traefik_service/backend_tls",
        },
        origin: {
          file: "phoenix_lxc_configs.json",
          pointer: "/lxc_configs/914/traefik_service",
          namePointer: "/lxc_configs/914/traefik_service/name",
          hostPointers: [
            "/lxc_configs/914/traefik_service/hosts/0",
            "/lxc_configs/914/traefik_service/hosts/1",
          ],
        },
      }),
    ]);
  });

  it("defaults traefik_service to HTTPS on a VM and HTTP on an LXC, at <name>.<domain>", () => {
    const { routes } = discoverRoutes(
      inventory({ "914": lxc("x", { traefik_service: { name: "emb", port: 8000 } }) }, [
        vm(1001, "Portainer", { traefik_service: { name: "portainer", port: 9443 } }),
      ]),
      DOMAIN,
    );
    expect(routes.map((r) => [r.hosts[0], r.backend.kind === "url" && r.backend.scheme])).toEqual([
      ["emb.phoenix.lan", "http"],
      ["portainer.phoenix.lan", "https"],
    ]);
    expect(routes[0]?.origin.hostPointers).toEqual(["/lxc_configs/914/traefik_service/name"]);
  });

  it("routes the Portainer primary from the hypervisor config, over HTTPS", () => {
    const { routes, diagnostics } = discoverRoutes(
      inventory({}, [
        vm(1001, "Portainer", { portainer_role: "primary" }),
        vm(1002, "agent", { portainer_role: "agent" }),
      ]),
      DOMAIN,
    );
    expect(diagnostics).toEqual([]);
    expect(routes).toEqual([
      expect.objectContaining({
        name: "portainer",
        hosts: ["portainer.phoenix.lan"],
        convention: "portainer_role",
        backend: { kind: "url", scheme: "https", address: "10.0.0.102", port: 9443, path: "" },
        guest: { kind: "vm", id: "1001", name: "Portainer" },
        origin: {
          file: "phoenix_vm_configs.json",
          pointer: "/vms/0/portainer_role",
          namePointer: "/vms/0/portainer_role",
          hostPointers: ["/vms/0/portainer_role"],
        },
      }),
    ]);
  });

  it("refuses two Portainer primaries, but does not count a template as one", () => {
    const two = discoverRoutes(
      inventory({}, [
        vm(1001, "p1", { portainer_role: "primary" }),
        vm(1002, "p2", { portainer_role: "primary" }),
      ]),
      DOMAIN,
    );
    expect(two.routes).toEqual([]);
    expect(two.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ["portainer-ambiguous", "/vms/0/portainer_role"],
      ["portainer-ambiguous", "/vms/1/portainer_role"],
    ]);
    expect(two.diagnostics[0]).toMatchObject({ severity: "error", file: "phoenix_vm_configs.json" });
    expect(two.diagnostics[0]?.message).toContain("2 VMs");
    expect(two.diagnostics[0]?.hint).toContain('keep "primary" on one VM');
    const withTemplate = discoverRoutes(
      inventory({}, [
        vm(1001, "p1", { portainer_role: "primary" }),
        vm(9000, "tpl", { portainer_role: "primary", is_template: true }),
      ]),
      DOMAIN,
    );
    expect(withTemplate.diagnostics).toEqual([]);
    expect(withTemplate.routes.map((r) => r.guest?.id)).toEqual(["1001"]);
  });

  it("says which Portainer settings are missing from the hypervisor config", () => {
    const both = discoverRoutes(
      inventory({}, [vm(1001, "p", { portainer_role: "primary" })], { domain_name: DOMAIN }),
      DOMAIN,
    );
    expect(both.diagnostics[0]).toMatchObject({
      code: "portainer-incomplete",
      pointer: "/vms/0/portainer_role",
    });
    expect(both.diagnostics[0]?.severity).toBe("error");
    expect(both.diagnostics[0]?.hint).toBe(
      'add portainer_api.portainer_hostname and network.portainer_server_port to phoenix_hypervisor_config.json, or give the VM an explicit traefik_service: {"name": "portainer", "port": 9443}',
    );
    expect(both.diagnostics[0]?.message).toContain(
      "portainer_api.portainer_hostname and network.portainer_server_port are missing",
    );
    const one = discoverRoutes(
      inventory({}, [vm(1001, "p", { portainer_role: "primary" })], { ...HYPERVISOR, network: {} }),
      DOMAIN,
    );
    expect(one.diagnostics[0]?.message).toContain("network.portainer_server_port is missing");
  });

  it("skips templates, guests with nothing to route, and an empty ports list", () => {
    const { routes, diagnostics } = discoverRoutes(
      inventory(
        {
          "900": lxc("tpl", { is_template: true, traefik_service: { name: "bad name!", port: 0 } }),
          "901": lxc("plain", {}),
          "902": lxc("empty", { ports: [] }),
        },
        [vm(1002, "agent", { portainer_role: "agent" })],
      ),
      DOMAIN,
    );
    expect(routes).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    ["dhcp", "address-not-static", "/lxc_configs/914/network_config/ip", "give it a static address"],
    ["10.0.0.300/24", "address-invalid", "/lxc_configs/914/network_config/ip", "write an address such as"],
  ])("refuses a routed guest whose ip is %j (%s), at the ip", (ip, code, pointer, hint) => {
    const { routes, diagnostics } = discoverRoutes(
      inventory({ "914": lxc("a", { ports: ["8000:8000"] }, ip) }, []),
      DOMAIN,
    );
    expect(routes).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code, pointer, file: "phoenix_lxc_configs.json" }),
    ]);
    expect(diagnostics[0]?.hint).toContain(hint);
    expect(diagnostics[0]?.message).toContain("LXC 914 (a) is routed (ports)");
  });

  it("points at the guest or its network_config when the ip is missing", () => {
    const none = discoverRoutes(inventory({ "914": { name: "a", ports: ["1:1"] } }, []), DOMAIN);
    expect(none.diagnostics[0]).toMatchObject({ code: "address-not-static", pointer: "/lxc_configs/914" });
    const empty = discoverRoutes(
      inventory({ "914": { name: "a", ports: ["1:1"], network_config: {} } }, []),
      DOMAIN,
    );
    expect(empty.diagnostics[0]).toMatchObject({ pointer: "/lxc_configs/914/network_config" });
  });

  it("routes IPv6 guests and prefix-less addresses", () => {
    const { routes } = discoverRoutes(
      inventory(
        {
          "914": lxc("a", { ports: ["1:8000"] }, "FD00::141/64"),
          "915": lxc("b", { ports: ["1:8000"] }, "10.0.0.141"),
        },
        [],
      ),
      DOMAIN,
    );
    expect(routes.map((r) => r.backend.kind === "url" && r.backend.address)).toEqual([
      "fd00::141",
      "10.0.0.141",
    ]);
  });
});
