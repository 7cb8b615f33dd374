/** Backend TLS settings → serversTransports: defaults, per-route overrides, sharing, and the warnings reviewers need. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION, tempDir, writeFiles } from "../support/fixtures.js";

async function render(
  settings: string,
  inventory = SERVICE_CONVENTION,
): Promise<{ code: number; yaml: string; stderr: string }> {
  const dir = await tempDir();
  await writeFiles(dir, {
    "phoenix-mesh.yaml": `inventory: ${JSON.stringify(inventory)}\noutput: out.yml\n${settings}`,
  });
  const run = await runCli(["render", "-q", "--config", join(dir, "phoenix-mesh.yaml")], { cwd: dir });
  const yaml = run.code === 0 ? await readFile(join(dir, "out.yml"), "utf8") : "";
  return { code: run.code, yaml, stderr: run.stderr };
}

const transports = (yaml: string) => yaml.slice(yaml.indexOf("  serversTransports:"));

it("gives every HTTPS backend one shared transport with the CA and no serverName by default", async () => {
  const { code, yaml } = await render("backend_tls: {root_cas: [/etc/step-ca/ssl/phoenix_root_ca.crt]}\n");
  expect(code).toBe(0);
  expect(transports(yaml)).toBe(
    '  serversTransports:\n    "phoenix-mesh-backend-tls":\n      rootCAs: ["/etc/step-ca/ssl/phoenix_root_ca.crt"]\n      insecureSkipVerify: false\n',
  );
  expect(yaml.match(/serversTransport: "phoenix-mesh-backend-tls"/g)).toHaveLength(2);
});

it("takes traefik_service.backend_tls from the inventory, and lets phoenix-mesh.yaml override it by route name", async () => {
  const dir = await tempDir();
  const vms = JSON.parse(await readFile(join(SERVICE_CONVENTION, "phoenix_vm_configs.json"), "utf8"));
  vms.vms.find((v: any) => v.vmid === 1002).traefik_service.backend_tls = {
    server_name: "drphoenix.internal.thinkheads.ai",
    root_cas: ["/etc/extra-ca.crt"],
  };
  await writeFiles(dir, {
    "phoenix_vm_configs.json": JSON.stringify(vms),
    "phoenix_lxc_configs.json": await readFile(join(SERVICE_CONVENTION, "phoenix_lxc_configs.json"), "utf8"),
    "phoenix_hypervisor_config.json": await readFile(
      join(SERVICE_CONVENTION, "phoenix_hypervisor_config.json"),
      "utf8",
    ),
  });
  const fromInventory = await render("backend_tls: {root_cas: [/ca.crt]}\n", dir);
  expect(fromInventory.code, fromInventory.stderr).toBe(0);
  expect(transports(fromInventory.yaml)).toContain(
    '"portainer-agent-tls":\n      serverName: "drphoenix.internal.thinkheads.ai"\n      rootCAs: ["/ca.crt", "/etc/extra-ca.crt"]',
  );
  // The name/IP pairing is legal, but only works with a certificate made for it: said, with where.
  expect(fromInventory.stderr).toMatch(
    /warning: .*phoenix_vm_configs.json:\d+:\d+ .*addressed by IP \(10.0.0.102\) but its certificate is checked for the name "drphoenix.internal.thinkheads.ai"/,
  );
  const overridden = await render(
    "backend_tls:\n  root_cas: [/ca.crt]\n  routes:\n    portainer-agent: { insecure_skip_verify: true }\n",
    dir,
  );
  expect(transports(overridden.yaml)).toContain(
    '"portainer-agent-tls":\n      serverName: "drphoenix.internal.thinkheads.ai"\n      rootCAs: ["/ca.crt", "/etc/extra-ca.crt"]\n      insecureSkipVerify: true',
  );
});

it("lets routes with the same settings share one transport", async () => {
  const { yaml } = await render(
    "backend_tls:\n  root_cas: [/ca.crt]\n  routes:\n    portainer: { insecure_skip_verify: true }\n    portainer-agent: { insecure_skip_verify: true }\n",
  );
  expect(transports(yaml).match(/^ {4}"/gm)).toHaveLength(1);
  // Named after the first of its routes.
  expect(yaml.match(/serversTransport: "portainer-tls"/g)).toHaveLength(2);
});

it("needs no global backend_tls when the route brings its own", async () => {
  const { code, stderr } = await render(
    "backend_tls:\n  routes:\n    portainer: { root_cas: [/ca.crt] }\n    portainer-agent: { insecure_skip_verify: true }\n",
  );
  expect(code, stderr).toBe(0);
});

it("warns about a per-route entry that names no route, or an HTTP one", async () => {
  const { code, stderr } = await render(
    "backend_tls:\n  root_cas: [/ca.crt]\n  routes:\n    portaner: { insecure_skip_verify: true }\n    ollama: { server_name: x.lan }\n",
  );
  expect(code).toBe(0);
  expect(stderr).toMatch(/warning: .*phoenix-mesh.yaml:\d+:\d+ .*backend_tls.routes.portaner names no route/);
  expect(stderr).toMatch(/backend_tls.routes.ollama has no effect: route "ollama" is not an HTTPS backend/);
});

it("refuses an HTTPS backend with no TLS settings anywhere, naming Phoenix's CA path", async () => {
  const { code, stderr } = await render("");
  expect(code).toBe(2);
  expect(stderr).toContain("/etc/step-ca/ssl/phoenix_root_ca.crt");
});
