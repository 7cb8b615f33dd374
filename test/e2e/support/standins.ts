/**
 * Rewrites a real Phoenix inventory so that every routed guest points at a local stand-in
 * backend: 10.0.0.141 becomes 127.0.0.141 (same last octet), and the port becomes the port the
 * stand-in listens on. HTTPS guests (VMs, unless their traefik_service says otherwise) get an
 * HTTPS stand-in whose certificate is made the way Phoenix makes it (SirHeads/Testing-ideas):
 *  - Portainer: `step ca certificate <portainer fqdn> … --san <vm ip>` (managers/portainer-manager.sh);
 *    the step CLI puts only the --san values in the certificate, so it names the VM's IP only;
 *  - the Portainer agent (port 9001): a self-signed certificate the agent makes for itself;
 *  - any other HTTPS VM: the Docker host's `step ca certificate "$(hostname -f)"` without --san
 *    (vm_features/feature_install_docker.sh): the VM's FQDN only.
 * Render them with `phoenixBackendTls(ca)`, the documented settings for that setup.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../support/cli.js";
import { tempDir, writeFiles } from "../../support/fixtures.js";
import { startHttpBackend, startHttpsBackend, type Backend, type TestCa } from "./backends.js";

export interface StandIns {
  inventory: string;
  /** Backend name by guest id ("801", "1001"). */
  backends: Map<string, Backend>;
}

type Json = Record<string, any>;

export async function inventoryWithStandIns(fixture: string, domain: string, ca: TestCa): Promise<StandIns> {
  const read = async (name: string) => JSON.parse(await readFile(join(fixture, name), "utf8")) as Json;
  const hypervisor = await read("phoenix_hypervisor_config.json");
  const lxc = await read("phoenix_lxc_configs.json");
  const vm = await read("phoenix_vm_configs.json");
  const backends = new Map<string, Backend>();

  const localAddress = (guest: Json) =>
    `127.0.0.${String(guest.network_config.ip).split("/")[0]!.split(".")[3]}`;
  const certificateFor = (guest: Json, host: string, address: string) => {
    const port = guest.traefik_service?.port;
    if (guest.portainer_role === "primary" || guest.traefik_service?.name === "portainer")
      return ca.issue({ cn: host, ips: [address] });
    if (guest.portainer_role === "agent" && port === 9001) return ca.selfSigned("portainer-agent");
    const fqdn = `${String(guest.name).toLowerCase()}.${domain}`;
    return ca.issue({ cn: fqdn, dns: [fqdn] });
  };
  const start = async (id: string, guest: Json, https: boolean, host: string) => {
    const address = localAddress(guest);
    const backend = https
      ? await startHttpsBackend(`guest-${id}`, address, await certificateFor(guest, host, address))
      : await startHttpBackend(`guest-${id}`, address);
    backends.set(id, backend);
    guest.network_config.ip = `${address}/8`;
    return backend;
  };

  for (const [id, guest] of Object.entries(lxc.lxc_configs as Record<string, Json>)) {
    if (guest.is_template === true) continue;
    if (guest.traefik_service !== undefined) {
      const b = await start(
        id,
        guest,
        guest.traefik_service.scheme === "https",
        `${guest.traefik_service.name}.${domain}`,
      );
      guest.traefik_service.port = b.port;
    } else if (Array.isArray(guest.ports) && guest.ports.length > 0) {
      const b = await start(id, guest, false, `${guest.name}.${domain}`);
      guest.ports[0] = `${b.port}:${b.port}`;
    }
  }
  for (const guest of vm.vms as Json[]) {
    if (guest.is_template === true) continue;
    const id = String(guest.vmid);
    if (guest.traefik_service !== undefined) {
      const b = await start(
        id,
        guest,
        (guest.traefik_service.scheme ?? "https") === "https",
        `${guest.traefik_service.name}.${domain}`,
      );
      guest.traefik_service.port = b.port;
    } else if (guest.portainer_role === "primary") {
      const b = await start(id, guest, true, hypervisor.portainer_api.portainer_hostname);
      hypervisor.network.portainer_server_port = b.port;
    }
  }
  const dir = await tempDir("phoenix-mesh-standins-");
  await writeFiles(dir, {
    "phoenix_hypervisor_config.json": JSON.stringify(hypervisor, null, 2),
    "phoenix_lxc_configs.json": JSON.stringify(lxc, null, 2),
    "phoenix_vm_configs.json": JSON.stringify(vm, null, 2),
  });
  return { inventory: dir, backends };
}

/**
 * Phoenix's backend TLS as documented (docs/backend-tls.md): its step-ca root for every HTTPS
 * backend, checked against the URL's address, and no verification for the self-signed agent.
 */
export function phoenixBackendTls(caCert: string): string {
  return `backend_tls:\n  root_cas: [${JSON.stringify(caCert)}]\n  routes:\n    portainer-agent: { insecure_skip_verify: true }\n`;
}

/** Renders an inventory (with settings `extra`) into a temp folder; returns the rendered file's path. */
export async function renderToTemp(
  inventory: string,
  domain: string,
  caCert: string,
  extra = "",
): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, {
    "phoenix-mesh.yaml": `inventory: ${JSON.stringify(inventory)}\noutput: dynamic_conf.yml\ndomain: ${domain}\n${phoenixBackendTls(caCert)}${extra}`,
  });
  const run = await runCli(["render", "-q", "--config", join(dir, "phoenix-mesh.yaml")], { cwd: dir });
  if (run.code !== 0) throw new Error(`render failed (${run.code}):\n${run.stderr}`);
  return join(dir, "dynamic_conf.yml");
}
