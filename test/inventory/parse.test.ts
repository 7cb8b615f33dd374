/**
 * parseInventory: the three files parsed as JSON, keeping only the fields that shape routes (the
 * hypervisor config's password hashes and the Portainer admin password are never built into
 * values), or every file's problem at once, each at its file, line and column.
 */
import { describe, expect, it } from "vitest";
import { parseInventory } from "../../src/domain/inventory/parse.js";

// Shaped as Phoenix's own files (../shared/fixtures/phoenix): secrets beside the routed fields.
const hypervisor = JSON.stringify({
  domain_name: "internal.thinkheads.ai",
  network: { portainer_server_port: 9443, gateway: "10.0.0.1" },
  portainer_api: { portainer_hostname: "portainer.internal.thinkheads.ai", admin_password: "s3cret!" },
  users: { password_hash: "$6$rounds=5000$abc" },
});
const lxc = JSON.stringify({
  lxc_configs: {
    "101": {
      name: "Nginx-Phoenix",
      network_config: { ip: "10.0.0.153/24" },
      user_password_hash: "$6$x",
      ports: ["80:80"],
      traefik_service: { name: "nginx", port: 80 },
    },
  },
  nvidia_driver_version: "580",
});
const vm = JSON.stringify({
  vms: [{ vmid: 8001, name: "Portainer", portainer_role: "primary", user_config: { password: "pw" } }],
});
const sources = (over: Partial<Record<"hypervisor" | "lxc" | "vm", string>> = {}) => ({
  hypervisor: { path: "inv/phoenix_hypervisor_config.json", text: over.hypervisor ?? hypervisor },
  lxc: { path: "inv/phoenix_lxc_configs.json", text: over.lxc ?? lxc },
  vm: { path: "inv/phoenix_vm_configs.json", text: over.vm ?? vm },
});

describe("parseInventory", () => {
  it("keeps the fields that shape routes and drops the rest, secrets included", () => {
    const { inventory, diagnostics } = parseInventory(sources());
    expect(diagnostics).toEqual([]);
    expect(inventory?.hypervisor).toEqual({
      path: "inv/phoenix_hypervisor_config.json",
      text: hypervisor,
      value: {
        domain_name: "internal.thinkheads.ai",
        network: { portainer_server_port: 9443 },
        portainer_api: { portainer_hostname: "portainer.internal.thinkheads.ai" },
      },
    });
    expect(inventory?.lxc.value).toEqual({
      lxc_configs: {
        "101": {
          name: "Nginx-Phoenix",
          network_config: { ip: "10.0.0.153/24" },
          ports: ["80:80"],
          traefik_service: { name: "nginx", port: 80 },
        },
      },
    });
    expect(inventory?.vm.value).toEqual({
      vms: [{ vmid: 8001, name: "Portainer", portainer_role: "primary" }],
    });
    expect(JSON.stringify(inventory?.hypervisor.value)).not.toContain("s3cret");
  });

  it("calls a syntax error a json-syntax error at its place, with how to see it", () => {
    const { inventory, diagnostics } = parseInventory(
      sources({ lxc: '{\n  "lxc_configs": {\n    "101": {,}\n' }),
    );
    expect(inventory).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: "error",
        code: "json-syntax",
        message: expect.any(String),
        file: "inv/phoenix_lxc_configs.json",
        line: 3,
        column: 13,
        hint: "fix the JSON syntax; `python3 -m json.tool FILE` shows the same spot",
      },
    ]);
  });

  it("calls a key given twice a json-duplicate-key error with its pointer, and asks to remove one", () => {
    const text = '{"vms": [{"vmid": 8001,\n "vmid": 8002}]}';
    const { diagnostics } = parseInventory(sources({ vm: text }));
    expect(diagnostics).toEqual([
      {
        severity: "error",
        code: "json-duplicate-key",
        message: expect.stringMatching(/^duplicate key "vmid"/),
        file: "inv/phoenix_vm_configs.json",
        line: 2,
        column: expect.any(Number),
        pointer: "/vms/0",
        hint: "remove one of the two keys; only one value can be meant",
      },
    ]);
  });

  it("reports every broken file at once, in the order hypervisor, lxc, vm", () => {
    const { diagnostics } = parseInventory(sources({ hypervisor: "", vm: "[" }));
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      ["inv/phoenix_hypervisor_config.json", "json-syntax"],
      ["inv/phoenix_vm_configs.json", "json-syntax"],
    ]);
    expect(diagnostics[0]?.message).toBe("the file is empty; it must hold one JSON object");
    expect(diagnostics.some((d) => "pointer" in d)).toBe(false);
  });
});
