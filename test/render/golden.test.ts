import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { PORTS_CONVENTION, SERVICE_CONVENTION, tempDir, writeFiles } from "../support/fixtures.js";

interface Row {
  host: string;
  backend: string;
  transport: string | null;
}

async function renderFixture(
  inventory: string,
  extraSettings = "",
): Promise<{ rows: Row[]; yaml: string; stderr: string; code: number }> {
  const dir = await tempDir();
  await writeFiles(dir, {
    "phoenix-mesh.yaml": `inventory: ${JSON.stringify(inventory)}\noutput: out/dynamic_conf.yml\nbackend_tls:\n  root_cas: [/etc/step-ca/ssl/phoenix_root_ca.crt]\n${extraSettings}`,
  });
  const run = await runCli(["render", "--config", join(dir, "phoenix-mesh.yaml"), "--json"], { cwd: dir });
  expect(run.stderr).not.toContain("internal error");
  const result = JSON.parse(run.stdout) as { routes: Row[] };
  const yaml = await readFile(join(dir, "out/dynamic_conf.yml"), "utf8");
  return {
    rows: result.routes.map(({ host, backend, transport }) => ({ host, backend, transport })),
    yaml,
    stderr: run.stderr,
    code: run.code,
  };
}

describe("render over the real Phoenix inventories", () => {
  it("routes the 2025-10-20 inventory by the remediation plan's ports and portainer_role conventions", async () => {
    const { rows, yaml, stderr, code } = await renderFixture(PORTS_CONVENTION);
    expect(code).toBe(0);
    expect(rows).toEqual([
      {
        host: "granite-3.3-8b-fp8.internal.phoenix.thinkheads.ai",
        backend: "http://10.0.0.142:8000",
        transport: null,
      },
      {
        host: "granite-embedding.internal.phoenix.thinkheads.ai",
        backend: "http://10.0.0.141:8000",
        transport: null,
      },
      {
        host: "llamacpp-gpu0.internal.phoenix.thinkheads.ai",
        backend: "http://10.0.0.157:8081",
        transport: null,
      },
      {
        host: "ollama-gpu0.internal.phoenix.thinkheads.ai",
        backend: "http://10.0.0.155:11434",
        transport: null,
      },
      {
        host: "portainer.phoenix.thinkheads.ai",
        backend: "https://10.0.0.101:9443",
        transport: "phoenix-mesh-backend-tls",
      },
    ]);
    // The Portainer route trusts Phoenix's step-ca root and, like Phoenix's own generator, names
    // no serverName: Traefik checks the certificate against the URL's IP, which is the only name
    // `step ca certificate … --san <vm ip>` puts in Portainer's certificate.
    expect(yaml).toContain('serversTransport: "phoenix-mesh-backend-tls"');
    expect(yaml).toMatch(
      /"phoenix-mesh-backend-tls":\n\s+rootCAs: \["\/etc\/step-ca\/ssl\/phoenix_root_ca.crt"\]\n\s+insecureSkipVerify: false/,
    );
    expect(yaml).not.toContain("serverName");
    // The real quirks are reported, not fatal.
    expect(stderr).toMatch(
      /warning: .*phoenix_lxc_configs.json:\d+:\d+ .*granite-3.3-8b-fp8.* wildcard certificate/,
    );
    expect(stderr).toMatch(
      /warning: .*portainer.phoenix.thinkheads.ai is outside the domain internal.phoenix.thinkheads.ai/,
    );
  });

  it("routes the 2025-11-04 inventory by traefik_service, VMs over HTTPS and LXCs over HTTP", async () => {
    // The documented setting for the Portainer agent, whose certificate is self-signed (docs/backend-tls.md).
    const { rows, yaml, stderr, code } = await renderFixture(
      SERVICE_CONVENTION,
      "  routes:\n    portainer-agent: { insecure_skip_verify: true }\n",
    );
    expect(code).toBe(0);
    expect(rows).toEqual([
      { host: "ca.internal.thinkheads.ai", backend: "http://10.0.0.10:9000", transport: null },
      { host: "granite-3b.internal.thinkheads.ai", backend: "http://10.0.0.142:8000", transport: null },
      {
        host: "granite-embedding.internal.thinkheads.ai",
        backend: "http://10.0.0.141:8000",
        transport: null,
      },
      { host: "llamacpp.internal.thinkheads.ai", backend: "http://10.0.0.157:8081", transport: null },
      { host: "nginx.internal.thinkheads.ai", backend: "http://10.0.0.153:443", transport: null },
      { host: "ollama.internal.thinkheads.ai", backend: "http://10.0.0.155:11434", transport: null },
      {
        host: "portainer-agent.internal.thinkheads.ai",
        backend: "https://10.0.0.102:9001",
        transport: "portainer-agent-tls",
      },
      {
        host: "portainer.internal.thinkheads.ai",
        backend: "https://10.0.0.111:9443",
        transport: "phoenix-mesh-backend-tls",
      },
    ]);
    expect(yaml).toMatch(
      /"portainer-agent-tls":\n\s+rootCAs: \["\/etc\/step-ca\/ssl\/phoenix_root_ca.crt"\]\n\s+insecureSkipVerify: true/,
    );
    // Verification off is never silent: a warning names the route and where it was set.
    expect(stderr).toMatch(
      /warning: .*phoenix-mesh.yaml:\d+:\d+ .*VM 1002 \(drphoenix\): Traefik will NOT verify the certificate of portainer-agent/,
    );
    // LXC 101 declares port 443 with the LXC default scheme http: worth a warning.
    expect(stderr).toMatch(
      /warning: .*LXC 101 \(Nginx-Phoenix\).*plain HTTP on a port usually serving HTTPS/,
    );
  });

  it("renders the same inventory to byte-identical output every time", async () => {
    const a = await renderFixture(SERVICE_CONVENTION);
    const b = await renderFixture(SERVICE_CONVENTION);
    expect(a.yaml).toBe(b.yaml);
    expect(a.yaml).toMatch(/^# Generated by phoenix-mesh \d+\.\d+\.\d+/);
    expect(a.yaml).toMatch(/^# revision: [0-9a-f]{12} {2}inputs: sha256:[0-9a-f]{64}$/m);
  });

  it("never lets a secret from the hypervisor config reach the output or the logs", async () => {
    // The fixtures have their secrets replaced by "REDACTED"; plant real-looking ones in a copy.
    const dir = await tempDir();
    const hypervisor = JSON.parse(
      await readFile(join(SERVICE_CONVENTION, "phoenix_hypervisor_config.json"), "utf8"),
    ) as Record<string, any>;
    const secrets = [
      "$6$rounds=5000$saltsalt$hashhashhash",
      "ssh-ed25519 AAAAsecretkey",
      "P0rtainer-Adm1n-Secret",
      "/root/.secret-hf-token",
    ];
    hypervisor.users.password_hash = secrets[0];
    hypervisor.users.ssh_public_key = secrets[1];
    hypervisor.portainer_api.admin_password = secrets[2];
    hypervisor.core_paths.hf_token_file = secrets[3];
    await writeFiles(join(dir, "inv"), {
      "phoenix_hypervisor_config.json": JSON.stringify(hypervisor, null, 2),
      "phoenix_lxc_configs.json": await readFile(
        join(SERVICE_CONVENTION, "phoenix_lxc_configs.json"),
        "utf8",
      ),
      "phoenix_vm_configs.json": await readFile(join(SERVICE_CONVENTION, "phoenix_vm_configs.json"), "utf8"),
    });
    const { yaml, stderr } = await renderFixture(join(dir, "inv"));
    const stdout = (await runCli(["render", "--inventory", join(dir, "inv"), "--out", "-"], { cwd: dir }))
      .stdout;
    for (const secret of secrets) {
      expect(yaml).not.toContain(secret);
      expect(stderr).not.toContain(secret);
      expect(stdout).not.toContain(secret);
    }
  });
});
