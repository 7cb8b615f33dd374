/**
 * Backend TLS against the real Traefik, with certificates made the way Phoenix makes them (see
 * test/e2e/support/standins.ts and backends.ts): Portainer's names only the VM's IP, a Docker
 * host's names only its FQDN, the Portainer agent's is self-signed, plus an expired one, one from
 * a CA Traefik was not told about, and a plain-HTTP backend behind https://. Each either answers
 * 200 with its documented setting, or fails with an explanation naming the certificate's SANs and
 * the setting that fixes it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION, tempDir, writeFiles } from "../support/fixtures.js";
import {
  createTestCa,
  startHttpBackend,
  startHttpsBackend,
  type Backend,
  type TestCa,
} from "./support/backends.js";
import { getWithHost } from "./support/http.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const DOMAIN = "internal.thinkheads.ai";

interface Probe {
  host: string;
  status: number | null;
  tls: { problems: string[]; fixes: string[] } | null;
}

describeWithTraefik("backend TLS with Phoenix's certificates", (bin) => {
  let ca: TestCa;
  let traefik: RunningTraefik;
  let hypervisor: string;
  let rootPem: string;
  const backends: Record<string, Backend> = {};

  beforeAll(async () => {
    ca = await createTestCa();
    // Temp folders go after each test; the backends hold their certificates in memory, and each
    // test writes the root CA and the inventory afresh.
    rootPem = await readFile(ca.caCert, "utf8");
    hypervisor = await readFile(join(SERVICE_CONVENTION, "phoenix_hypervisor_config.json"), "utf8");
    const other = await createTestCa();
    // bin/managers/portainer-manager.sh: step ca certificate "$portainer_fqdn" … --san "$vm_ip"
    backends["portainer"] = await startHttpsBackend(
      "portainer",
      "127.0.0.111",
      await ca.issue({ cn: `portainer.${DOMAIN}`, ips: ["127.0.0.111"] }),
    );
    // vm_features/feature_install_docker.sh: step ca certificate "$(hostname -f)" (no --san)
    backends["docker"] = await startHttpsBackend(
      "docker",
      "127.0.0.102",
      await ca.issue({ cn: `drphoenix.${DOMAIN}`, dns: [`drphoenix.${DOMAIN}`] }),
    );
    backends["agent"] = await startHttpsBackend(
      "agent",
      "127.0.0.103",
      await ca.selfSigned("portainer-agent"),
    );
    backends["expired"] = await startHttpsBackend(
      "expired",
      "127.0.0.104",
      await ca.issue({ cn: "old", ips: ["127.0.0.104"], expired: true }),
    );
    backends["foreign"] = await startHttpsBackend(
      "foreign",
      "127.0.0.105",
      await other.issue({ cn: "foreign", ips: ["127.0.0.105"] }),
    );
    backends["plain"] = await startHttpBackend("plain", "127.0.0.106");
  });
  // Traefik's folders are temp folders too: one Traefik per test.
  beforeEach(async () => {
    traefik = await startTraefik(bin);
  });
  afterEach(async () => {
    await traefik?.stop();
  });

  const url = (name: string) => `https://${backends[name]!.address}:${backends[name]!.port}`;

  /** Renders the routes into Traefik's folder with these backend_tls settings, then verifies with --probe. */
  async function deployAndProbe(
    names: string[],
    backendTls: string,
  ): Promise<{ code: number; probes: Probe[]; out: string; rootCa: string }> {
    const dir = await tempDir();
    const inventory = join(dir, "inventory");
    const rootCa = join(dir, "phoenix_root_ca.crt");
    // The real hypervisor settings; the routes under test are written in phoenix-mesh.yaml.
    await writeFiles(dir, {
      "phoenix_root_ca.crt": rootPem,
      "inventory/phoenix_hypervisor_config.json": hypervisor,
      "inventory/phoenix_lxc_configs.json": '{"lxc_configs": {}}',
      "inventory/phoenix_vm_configs.json": '{"vms": []}',
    });
    const routes = names
      .map((n) => `  - { name: ${n}, hosts: [${n}.${DOMAIN}], url: "${url(n)}" }`)
      .join("\n");
    await writeFiles(dir, {
      "phoenix-mesh.yaml": `inventory: ${JSON.stringify(inventory)}\noutput: ${JSON.stringify(join(traefik.dynamicDir, "dynamic_conf.yml"))}\ndomain: ${DOMAIN}\nbackend_tls:\n  root_cas: [${JSON.stringify(rootCa)}]\n${backendTls}routes:\n${routes}\n`,
    });
    const render = await runCli(["render", "-q", "--config", join(dir, "phoenix-mesh.yaml")], { cwd: dir });
    expect(render.code, render.stderr).toBe(0);
    const run = await runCli(
      ["verify", "--api", traefik.api, "--probe", traefik.web, "--timeout", "10", "--json"],
      {
        cwd: dir,
      },
    );
    const report = JSON.parse(run.stdout) as { probes: Probe[] };
    return { code: run.code, probes: report.probes, out: run.stdout + run.stderr, rootCa };
  }

  const probeOf = (probes: Probe[], name: string) => probes.find((p) => p.host === `${name}.${DOMAIN}`)!;

  it("serves Portainer's IP-only certificate with the default settings (regression: serverName was the route's host, Traefik answered 500)", async () => {
    const { code, probes } = await deployAndProbe(["portainer"], "");
    expect(code).toBe(0);
    expect(probeOf(probes, "portainer").status).toBe(200);
    expect(JSON.parse((await getWithHost(traefik.web, `portainer.${DOMAIN}`)).body)).toMatchObject({
      backend: "portainer",
    });
  });

  it("explains the old default's failure: the certificate names only the IP, Traefik checked the host name", async () => {
    const { code, probes, out } = await deployAndProbe(["portainer"], `  server_name: portainer.${DOMAIN}\n`);
    expect(code, out).toBe(5);
    const p = probeOf(probes, "portainer");
    expect(p.status).toBe(500);
    expect(p.tls?.problems.join(" ")).toContain(
      `certificate names IP:127.0.0.111, but Traefik checks "portainer.${DOMAIN}" (its server_name)`,
    );
    expect(p.tls?.fixes.join(" ")).toContain("remove server_name");
  });

  it("explains a Docker host's FQDN-only certificate reached by IP, and answers 200 with the server_name it names", async () => {
    const failing = await deployAndProbe(["docker"], "");
    expect(failing.code).toBe(5);
    const p = probeOf(failing.probes, "docker");
    expect(p.status).toBe(500);
    expect(p.tls?.problems.join(" ")).toContain(
      `certificate names DNS:drphoenix.${DOMAIN}, but Traefik checks "127.0.0.102" (the address in the URL)`,
    );
    expect(p.tls?.fixes).toContain(
      `backend_tls.routes.docker: { server_name: drphoenix.${DOMAIN} } in phoenix-mesh.yaml`,
    );

    const fixed = await deployAndProbe(
      ["docker"],
      `  routes:\n    docker: { server_name: drphoenix.${DOMAIN} }\n`,
    );
    expect(fixed.code, fixed.out).toBe(0);
    expect(probeOf(fixed.probes, "docker").status).toBe(200);
  });

  it("explains the Portainer agent's self-signed certificate, and answers 200 with insecure_skip_verify for that route only", async () => {
    const failing = await deployAndProbe(["agent", "portainer"], "");
    expect(failing.code).toBe(5);
    const p = probeOf(failing.probes, "agent");
    expect(p.tls?.problems.join(" ")).toContain('certificate is self-signed ("portainer-agent")');
    expect(p.tls?.fixes.join(" ")).toContain("backend_tls.routes.agent: { insecure_skip_verify: true }");
    expect(probeOf(failing.probes, "portainer").status).toBe(200);

    const fixed = await deployAndProbe(
      ["agent", "portainer"],
      "  routes:\n    agent: { insecure_skip_verify: true }\n",
    );
    expect(fixed.code, fixed.out).toBe(0);
    expect(fixed.probes.map((q) => q.status)).toEqual([200, 200]);
  });

  it("names the expiry date of an expired certificate", async () => {
    const { code, probes } = await deployAndProbe(["expired"], "");
    expect(code).toBe(5);
    expect(probeOf(probes, "expired").tls?.problems.join(" ")).toContain("expired on 2020-01-02");
  });

  it("names the issuer the configured CAs do not contain", async () => {
    const { probes, rootCa } = await deployAndProbe(["foreign"], "");
    const p = probeOf(probes, "foreign");
    expect(p.tls?.problems.join(" ")).toContain(
      `certificate was issued by "Phoenix test Intermediate CA", which the transport's rootCAs (${rootCa}) do not contain`,
    );
  });

  it("says when an https:// backend speaks plain HTTP", async () => {
    const { probes } = await deployAndProbe(["plain"], "");
    const p = probeOf(probes, "plain");
    expect([500, 502]).toContain(p.status);
    expect(p.tls?.problems.join(" ")).toContain("speaks plain HTTP, but the route sends it TLS");
    expect(p.tls?.fixes.join(" ")).toContain('"scheme": "http"');
  });
});
