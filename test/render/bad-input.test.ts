/**
 * Every kind of bad input exits 2, names the file, line and JSON path, and leaves the previous
 * output byte-identical.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { copyExampleInventory, EXAMPLE_REPO, tempDir, writeFiles } from "../support/fixtures.js";

const PREVIOUS = "# the previous, good output\nhttp: {}\n";
let inventory: string;
let out: string;

beforeEach(async () => {
  inventory = await copyExampleInventory();
  const dir = await tempDir();
  out = join(dir, "dynamic_conf.yml");
  await writeFiles(dir, { "dynamic_conf.yml": PREVIOUS });
});

type Part = "phoenix_hypervisor_config.json" | "phoenix_lxc_configs.json" | "phoenix_vm_configs.json";

async function edit(file: Part, change: (text: string) => string): Promise<void> {
  const path = join(inventory, file);
  await writeFiles(inventory, { [file]: change(await readFile(path, "utf8")) });
}

/** Edits a guest as parsed JSON, so each case is about one field. */
async function editJson(file: Part, change: (value: any) => void): Promise<void> {
  await edit(file, (text) => {
    const value = JSON.parse(text);
    change(value);
    return JSON.stringify(value, null, 2);
  });
}

async function expectRejected(
  expected: { file: string; line?: number; pointer?: string; message: RegExp },
  extraArgs: string[] = [],
) {
  const run = await runCli(["render", "--inventory", inventory, "--out", out, ...extraArgs], {
    cwd: inventory,
  });
  expect(run.code, run.stderr).toBe(2);
  const where = new RegExp(
    `error: ${escape(expected.file)}:${expected.line ?? "\\d+"}:\\d+${expected.pointer === undefined ? "" : ` ${escape(expected.pointer)}`}: .*${expected.message.source}`,
  );
  expect(run.stderr).toMatch(where);
  expect(run.stderr).toMatch(/was not changed/);
  expect(await readFile(out, "utf8")).toBe(PREVIOUS);
  return run;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const LXC = "phoenix_lxc_configs.json";
const VM = "phoenix_vm_configs.json";
const HYPERVISOR = "phoenix_hypervisor_config.json";

describe("render rejects bad inventories and keeps the previous output", () => {
  it("reports malformed JSON with its line and column", async () => {
    await edit(LXC, (t) => t.replace('"cores": 12,', '"cores": 12,,'));
    await expectRejected({
      file: LXC,
      line: 29,
      message: /expected a quoted property name, found character ","/,
    });
  });

  it("rejects a duplicate key that JSON.parse would silently drop", async () => {
    await edit(LXC, (t) =>
      t.replace('"name": "granite-embedding",', '"name": "granite-embedding",\n      "name": "shadow",'),
    );
    await expectRejected({
      file: LXC,
      line: 28,
      pointer: "/lxc_configs/801",
      message: /duplicate key "name"/,
    });
  });

  it("rejects an empty file", async () => {
    await edit(VM, () => "");
    await expectRejected({ file: VM, line: 1, message: /the file is empty/ });
  });

  it("accepts a UTF-8 byte order mark", async () => {
    await edit(VM, (t) => `\uFEFF${t}`);
    const run = await runCli(["render", "--inventory", inventory, "--out", out, "-q"], { cwd: inventory });
    // Got past parsing to the HTTPS check, the only thing this inventory lacks (no settings file).
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("backend_tls");
    expect(run.stderr).not.toMatch(/not valid JSON|byte order|BOM|:1:1:/i);
    expect(run.stderr).toMatch(/phoenix_vm_configs.json:15:26/); // positions still count from after the BOM
  });

  it.each([
    [0, /"port" is 0; it must be >= 1/],
    [70000, /"port" is 70000; it must be <= 65535/],
    ["8080", /"port" must be an integer, found the string "8080"/],
    [80.5, /"port" must be an integer, found the number 80.5/],
  ])("rejects traefik_service.port %j", async (port, message) => {
    await editJson(LXC, (v) => (v.lxc_configs["801"].traefik_service.port = port));
    await expectRejected({ file: LXC, pointer: "/lxc_configs/801/traefik_service/port", message });
  });

  it.each([
    ['grafana"\n  evil: "x', /a double quote/],
    ["grafana\nevil", /a line break/],
    ["a`) || Host(`evil.com", /a backtick/],
    ["a || b", /a space/],
    ["grafana:8080", /a ":"/],
    ["-grafana", /must start and end with a letter or digit/],
  ])(
    "rejects a service name that tries to break out of YAML or widen the Host rule: %j",
    async (name, message) => {
      await editJson(LXC, (v) => (v.lxc_configs["801"].traefik_service.name = name));
      await expectRejected({ file: LXC, pointer: "/lxc_configs/801/traefik_service/name", message });
    },
  );

  it("rejects a non-ASCII service name and says to use punycode", async () => {
    await editJson(LXC, (v) => (v.lxc_configs["801"].traefik_service.name = "grafanä"));
    await expectRejected({
      file: LXC,
      pointer: "/lxc_configs/801/traefik_service/name",
      message: /non-ASCII.*punycode/,
    });
  });

  it("rejects the same service name on an LXC and a VM", async () => {
    await editJson(VM, (v) => (v.vms[1].traefik_service.name = "granite-embedding"));
    await expectRejected({
      file: VM,
      pointer: "/vms/1/traefik_service/name",
      message: /already used by LXC 801/,
    });
  });

  it("rejects names equal but for case", async () => {
    await editJson(LXC, (v) => (v.lxc_configs["802"].traefik_service.name = "Granite-Embedding"));
    await expectRejected({
      file: LXC,
      pointer: "/lxc_configs/802/traefik_service/name",
      message: /"Granite-Embedding" is already used by LXC 801.*ignoring case/,
    });
  });

  it("rejects a routed guest on dhcp, naming the guest", async () => {
    await editJson(LXC, (v) => (v.lxc_configs["914"].network_config.ip = "dhcp"));
    await expectRejected({
      file: LXC,
      pointer: "/lxc_configs/914/network_config/ip",
      message: /LXC 914 \(ollama-gpu0\) is routed \(ports\) but its network_config.ip is "dhcp"/,
    });
  });

  it("rejects a routed guest without network_config", async () => {
    await editJson(VM, (v) => delete v.vms[1].network_config);
    await expectRejected({
      file: VM,
      pointer: "/vms/1",
      message: /VM 1001 \(Portainer\) is routed.*has no network_config.ip/,
    });
  });

  it.each(["10.0.0.300/24", "10.0.0/24", "10.0.0.141/40", "fe80::zz"])(
    "rejects the invalid IP %s",
    async (ip) => {
      await editJson(LXC, (v) => (v.lxc_configs["801"].network_config.ip = ip));
      await expectRejected({
        file: LXC,
        pointer: "/lxc_configs/801/network_config/ip",
        message: /is not an IPv4 or IPv6 address|invalid prefix length/,
      });
    },
  );

  it("reports every problem at once, across files", async () => {
    await editJson(LXC, (v) => {
      v.lxc_configs["801"].traefik_service.port = 0;
      v.lxc_configs["802"].traefik_service.port = "x";
    });
    await editJson(HYPERVISOR, (v) => (v.network.portainer_server_port = 70000));
    const run = await runCli(["render", "--inventory", inventory, "--out", out], { cwd: inventory });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("/lxc_configs/801/traefik_service/port");
    expect(run.stderr).toContain("/lxc_configs/802/traefik_service/port");
    expect(run.stderr).toMatch(/phoenix_hypervisor_config.json:\d+:\d+ \/network\/portainer_server_port/);
  });

  it("rejects an unknown field in traefik_service and lists the allowed ones", async () => {
    await editJson(LXC, (v) => (v.lxc_configs["801"].traefik_service.entrypoints = ["web"]));
    await expectRejected({
      file: LXC,
      pointer: "/lxc_configs/801/traefik_service/entrypoints",
      message:
        /unknown field "entrypoints"; allowed here: name, port, scheme, hosts, entry_points, middlewares/,
    });
  });

  it("says exactly what to add when an HTTPS backend has no backend_tls", async () => {
    const run = await expectRejected({
      file: VM,
      pointer: "/vms/1/traefik_service",
      message: /HTTPS backend.*no backend_tls is configured/,
    });
    expect(run.stderr).toContain("backend_tls:\n        root_cas: [");
  });

  it("skips templates even when they would be invalid routes", async () => {
    await editJson(VM, (v) => (v.vms[0].traefik_service = { name: "template", port: 1 }));
    const run = await runCli(["render", "--inventory", inventory, "--out", "-", "-q"], { cwd: inventory });
    expect(run.stderr).not.toContain("ubuntu-2404-cloud-template");
  });

  it("names a missing inventory file and the flag to fix it", async () => {
    const run = await runCli(["render", "--inventory", join(inventory, "nope"), "--out", out], {
      cwd: inventory,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/phoenix_hypervisor_config.json does not exist\n {2}→ point --inventory/);
    expect(await readFile(out, "utf8")).toBe(PREVIOUS);
  });
});

describe("in GitHub Actions", () => {
  it("annotates each problem on its exact JSON line", async () => {
    const inventory = await copyExampleInventory();
    const lxc = join(inventory, "phoenix_lxc_configs.json");
    const value = JSON.parse(await readFile(lxc, "utf8"));
    value.lxc_configs["801"].traefik_service.port = 0;
    await writeFiles(inventory, { "phoenix_lxc_configs.json": JSON.stringify(value, null, 2) });
    const run = await runCli(["render", "--inventory", ".", "--out", "-"], {
      cwd: inventory,
      env: { GITHUB_ACTIONS: "true" },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^::error file=phoenix_lxc_configs\.json,line=\d+,col=\d+,title=phoenix-mesh%3A inventory-schema::\/lxc_configs\/801\/traefik_service\/port: "port" is 0; it must be >= 1$/m,
    );
  });
});

describe("inventories without domain_name (18 of the 50 states of Phoenix's history)", () => {
  async function withoutDomainName(): Promise<string> {
    const dir = await copyExampleInventory();
    const file = join(dir, "phoenix_hypervisor_config.json");
    const value = JSON.parse(await readFile(file, "utf8"));
    delete value.domain_name;
    await writeFile(file, JSON.stringify(value, null, 2));
    return dir;
  }
  it("renders when the domain is given as a setting (regression: domain_name was required anyway)", async () => {
    const inventory = await withoutDomainName();
    const run = await runCli([
      "render",
      "--config",
      join(EXAMPLE_REPO, "phoenix-mesh.yaml"),
      "--inventory",
      inventory,
      "--domain",
      "internal.example.lan",
      "--out",
      "-",
      "-q",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Host(`portainer.internal.example.lan`)");
  });
  it("says both ways to fix it when there is no domain at all", async () => {
    const inventory = await withoutDomainName();
    const run = await runCli(["render", "--inventory", inventory, "--out", "-", "-q"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("has no domain_name, and no domain is set");
    expect(run.stderr).toMatch(/add "domain_name".*or give the domain as a setting \(--domain, or domain:/);
  });
});
