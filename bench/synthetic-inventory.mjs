// Writes a synthetic Phoenix inventory of N LXCs (plus 10% VMs), shaped like the real one:
// every guest carries the dozen fields Phoenix uses that phoenix-mesh ignores.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeSyntheticInventory(dir, lxcCount) {
  mkdirSync(dir, { recursive: true });
  const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/16`;
  const filler = (i) => ({
    memory_mb: 2048,
    cores: 2,
    storage_pool: "quickOS-lxc-disks",
    storage_size_gb: 64,
    mac_address: `52:54:00:${((i >> 16) & 255).toString(16).padStart(2, "0")}:${((i >> 8) & 255).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`,
    gpu_assignment: "none",
    unprivileged: true,
    features: ["base_setup", "docker"],
    start_at_boot: true,
    boot_order: 5,
    firewall: {
      enabled: true,
      rules: [{ type: "in", action: "ACCEPT", proto: "tcp", port: "8000", comment: "service" }],
    },
  });
  const lxcs = {};
  for (let i = 0; i < lxcCount; i++) {
    const id = 10000 + i;
    const guest = {
      name: `svc-${i}`,
      ...filler(i),
      network_config: { name: "eth0", bridge: "vmbr0", ip: ip(i + 1), gw: "10.0.0.1" },
    };
    // Half on each convention found in real inventories.
    if (i % 2 === 0) guest.traefik_service = { name: `svc-${i}`, port: 3000 + (i % 1000) };
    else guest.ports = [`${3000 + (i % 1000)}:${3000 + (i % 1000)}`];
    lxcs[String(id)] = guest;
  }
  const vms = [];
  for (let i = 0; i < Math.ceil(lxcCount / 10); i++) {
    vms.push({
      vmid: 100000 + i,
      name: `vm-${i}`,
      ...filler(i),
      traefik_service: { name: `vm-${i}`, port: 9443 },
      network_config: { ip: ip(lxcCount + i + 1), gw: "10.0.0.1" },
    });
  }
  writeFileSync(
    join(dir, "phoenix_hypervisor_config.json"),
    JSON.stringify(
      {
        domain_name: "bench.lan",
        users: { password_hash: "secret" },
        portainer_api: { admin_password: "secret" },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, "phoenix_lxc_configs.json"), JSON.stringify({ lxc_configs: lxcs }, null, 2));
  writeFileSync(join(dir, "phoenix_vm_configs.json"), JSON.stringify({ vms }, null, 2));
  writeFileSync(
    join(dir, "phoenix-mesh.yaml"),
    "inventory: .\noutput: dynamic_conf.yml\nbackend_tls:\n  root_cas: [/ca.crt]\n",
  );
}
