/**
 * The real Traefik in the loop: render → Traefik loads the file → verify proves it is served.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { PORTS_CONVENTION, SERVICE_CONVENTION, tempDir, writeFiles } from "../support/fixtures.js";
import { createTestCa, type TestCa } from "./support/backends.js";
import { getWithHost } from "./support/http.js";
import { inventoryWithStandIns, phoenixBackendTls } from "./support/standins.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

interface RouteRow {
  host: string;
  source: string;
}

describeWithTraefik("verify against the real Traefik", (bin) => {
  let ca: TestCa;
  let traefik: RunningTraefik;

  beforeEach(async () => {
    ca = await createTestCa();
    traefik = await startTraefik(bin);
  });
  afterAll(async () => {
    await traefik?.stop();
  });

  async function renderInto(
    inventory: string,
    domain: string,
    extra = "",
    output = join(traefik.dynamicDir, "dynamic_conf.yml"),
  ): Promise<{ file: string; routes: RouteRow[] }> {
    const dir = await tempDir();
    await writeFiles(dir, {
      "phoenix-mesh.yaml": `inventory: ${JSON.stringify(inventory)}\noutput: ${JSON.stringify(output)}\ndomain: ${domain}\n${phoenixBackendTls(ca.caCert)}${extra}`,
    });
    const run = await runCli(["render", "--config", join(dir, "phoenix-mesh.yaml"), "--json", "-q"], {
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(0);
    return { file: output, routes: (JSON.parse(run.stdout) as { routes: RouteRow[] }).routes };
  }

  const verify = (file: string, ...args: string[]) =>
    runCli(["verify", "--api", traefik.api, "--file", file, "--timeout", "10", ...args]);

  it("reaches the API named only by deploy.traefik_api in the settings file (regression: verify ignored it)", async () => {
    const standIns = await inventoryWithStandIns(SERVICE_CONVENTION, "internal.thinkheads.ai", ca);
    const { file } = await renderInto(standIns.inventory, "internal.thinkheads.ai");
    const dir = await tempDir();
    await writeFiles(dir, {
      "phoenix-mesh.yaml": `output: ${JSON.stringify(file)}\ndeploy:\n  traefik_api: ${traefik.api}\n  timeout: 10\n`,
    });
    const run = await runCli(["verify", "--json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, loaded: true });
  });

  it.each([
    ["2025-10-20 (ports + portainer_role)", PORTS_CONVENTION, "internal.phoenix.thinkheads.ai"],
    ["2025-11-04 (traefik_service)", SERVICE_CONVENTION, "internal.thinkheads.ai"],
  ])("serves every route of the %s inventory from the right backend", async (_, fixture, domain) => {
    const standIns = await inventoryWithStandIns(fixture, domain, ca);
    const { file, routes } = await renderInto(standIns.inventory, domain);
    const run = await verify(file, "--probe", traefik.web, "--json");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      loaded: boolean;
      objects: { ok: boolean }[];
      probes: { host: string; status: number }[];
    };
    expect(report.loaded).toBe(true);
    expect(report.objects.every((o) => o.ok)).toBe(true);
    expect(report.probes.map((p) => [p.host, p.status]).sort()).toEqual(
      routes.map((r) => [r.host, 200]).sort(),
    );
    // Every Host reached the guest it belongs to (the stand-ins echo who they are).
    for (const route of routes) {
      const guestId = /^(?:lxc|vm) (\d+)/.exec(route.source)![1]!;
      const answer = await getWithHost(traefik.web, route.host);
      expect(JSON.parse(answer.body), route.host).toMatchObject({
        backend: `guest-${guestId}`,
        host: route.host,
      });
    }
  });

  it("answers the Portainer route over HTTPS with the test CA, and 500 without the serversTransport (the remediation plan's bug)", async () => {
    const standIns = await inventoryWithStandIns(SERVICE_CONVENTION, "internal.thinkheads.ai", ca);
    const { file } = await renderInto(standIns.inventory, "internal.thinkheads.ai");
    expect((await verify(file, "--probe", traefik.web)).code).toBe(0);
    expect((await getWithHost(traefik.web, "portainer.internal.thinkheads.ai")).status).toBe(200);

    // What Phoenix's generator wrote: the HTTPS service without a serversTransport. Keep the
    // revision marker (a new one) so verify can tell the file is loaded.
    const good = await readFile(file, "utf8");
    const withoutTransport = good
      .replace(/(url: "https:\/\/127\.0\.0\.111:\d+"\n)\s+serversTransport: "[^"]+"\n/, "$1")
      .replace(/phoenix-mesh-revision-[0-9a-f]{12}/, "phoenix-mesh-revision-000000bad500");
    const bad = join(traefik.dynamicDir, ".next");
    await writeFile(bad, withoutTransport);
    await rename(bad, file);
    const run = await verify(file, "--probe", traefik.web, "--json");
    expect(run.code).toBe(5);
    const report = JSON.parse(run.stdout) as { probes: { host: string; status: number }[] };
    expect(report.probes.find((p) => p.host === "portainer.internal.thinkheads.ai")?.status).toBe(500);
  });

  it("fails and prints Traefik's reason for a router pointing at a missing service", async () => {
    const file = join(traefik.dynamicDir, "dynamic_conf.yml");
    await writeAtomically(file, dynamicFile("0000000000a1", { service: "nowhere", entryPoints: ["web"] }));
    const run = await verify(file);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(
      /router +broken@file +(disabled|warning) ✗ +the service "nowhere@file" does not exist/,
    );
  });

  it("fails and prints Traefik's reason for an unknown entryPoint", async () => {
    const file = join(traefik.dynamicDir, "dynamic_conf.yml");
    await writeAtomically(file, dynamicFile("0000000000a2", { service: "ok", entryPoints: ["websecure"] }));
    const run = await verify(file);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/router +broken@file +(disabled|warning) ✗ +.*entryPoint/i);
  });

  it("fails on a TCP router Traefik disabled (regression: verify said OK while it judged HTTP only)", async () => {
    const file = join(traefik.dynamicDir, "dynamic_conf.yml");
    const tcp = [
      "tcp:",
      "  routers:",
      '    "db": {rule: "HostSNI(`*`)", service: "postgres", entryPoints: ["web"]}',
      "  services:",
      '    "pg": {loadBalancer: {servers: [{address: "127.0.0.1:9"}]}}',
      "",
    ].join("\n");
    await writeAtomically(
      file,
      `${dynamicFile("0000000000a3", { service: "ok", entryPoints: ["web"] })}${tcp}`,
    );
    const run = await verify(file);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/TCP router +db@file +(disabled|warning) ✗ +.*postgres/);
    // status agrees: the right file is in place and its revision served, yet it is not in sync.
    const status = await runCli([
      "status",
      "--target",
      `file://${file}`,
      "--file",
      file,
      "--api",
      traefik.api,
      "--json",
    ]);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain("Traefik serves revision 0000000000a3 but has disabled 1 of its objects");
    expect(JSON.parse(status.stdout)).toMatchObject({
      inSync: false,
      served: true,
      disabled: [expect.stringMatching(/^TCP router db@file is disabled: .*postgres/)],
    });
  });

  it("detects that a new revision never loaded when Traefik cannot parse what is on disk, while the old routes still answer", async () => {
    const standIns = await inventoryWithStandIns(SERVICE_CONVENTION, "internal.thinkheads.ai", ca);
    const { file } = await renderInto(standIns.inventory, "internal.thinkheads.ai");
    expect((await verify(file)).code).toBe(0);
    const oldRevision = /# revision: ([0-9a-f]{12})/.exec(await readFile(file, "utf8"))![1]!;

    // The next revision (rendered elsewhere), cut off in the middle of a quoted scalar, which no
    // YAML parser accepts, put in place atomically. (Written in place instead, Traefik first sees
    // the truncated, empty file and drops every route: what deploy's atomic rename prevents.)
    const intended = join(await tempDir(), "intended.yml");
    await renderInto(
      standIns.inventory,
      "internal.thinkheads.ai",
      "middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n",
      intended,
    );
    const nextText = await readFile(intended, "utf8");
    const cut = nextText.indexOf('rule: "Host(') + 10;
    await writeAtomically(file, nextText.slice(0, cut));
    const run = await verify(intended, "--timeout", "3", "--json");
    expect(run.code).toBe(5);
    const report = JSON.parse(run.stdout) as { loaded: boolean; live: string[]; error: { message: string } };
    expect(report.loaded).toBe(false);
    expect(report.live).toEqual([oldRevision]);
    expect((await getWithHost(traefik.web, "granite-3b.internal.thinkheads.ai")).status).toBe(200);
  });

  it("picks up an atomic replacement of the watched file (and records how long it took)", async () => {
    const standIns = await inventoryWithStandIns(SERVICE_CONVENTION, "internal.thinkheads.ai", ca);
    const { file } = await renderInto(standIns.inventory, "internal.thinkheads.ai");
    const run = await verify(file, "--json");
    expect(run.code).toBe(0);
    const { loadedAfterMs } = JSON.parse(run.stdout) as { loadedAfterMs: number };
    console.log(
      `Traefik loaded the atomically replaced file ${loadedAfterMs.toFixed(0)} ms after render returned`,
    );
    expect(loadedAfterMs).toBeGreaterThanOrEqual(0);
  });

  it("follows X-Next-Page past a page of 1,000 (Traefik pages every list)", async () => {
    const file = join(traefik.dynamicDir, "dynamic_conf.yml");
    const routers = Array.from(
      { length: 1100 },
      (_, i) => `    "r${i}": {rule: "Host(\`r${i}.lan\`)", service: "ok", entryPoints: ["web"]}`,
    ).join("\n");
    await writeAtomically(
      file,
      `http:\n  routers:\n${routers}\n  services:\n    "ok": {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}\n  middlewares:\n    "phoenix-mesh-revision-0000000000a3": {headers: {customResponseHeaders: {X-Phoenix-Mesh-Revision: "0000000000a3"}}}\n`,
    );
    const run = await verify(file, "--json");
    expect(run.code, run.stdout).toBe(0);
    expect((JSON.parse(run.stdout) as { objects: unknown[] }).objects).toHaveLength(1102);
  });

  it("exits 4 with what to check when the API cannot be reached", async () => {
    const file = join(traefik.dynamicDir, "dynamic_conf.yml");
    await writeAtomically(file, dynamicFile("0000000000a4", { service: "ok", entryPoints: ["web"] }));
    await traefik.stop();
    const run = await verify(file);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /cannot reach Traefik's API at http:\/\/127.0.0.1:\d+\/api\/http\/middlewares.*: ECONNREFUSED\n {2}→ check --api/,
    );
  });
});

async function writeAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.next`, text);
  await rename(`${file}.next`, file);
}

function dynamicFile(revision: string, broken: { service: string; entryPoints: string[] }): string {
  return [
    "http:",
    "  routers:",
    `    "broken": {rule: "Host(\`broken.lan\`)", service: "${broken.service}", entryPoints: ${JSON.stringify(broken.entryPoints)}}`,
    '    "fine": {rule: "Host(`fine.lan`)", service: "ok", entryPoints: ["web"]}',
    "  services:",
    '    "ok": {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}',
    "  middlewares:",
    `    "phoenix-mesh-revision-${revision}": {headers: {customResponseHeaders: {X-Phoenix-Mesh-Revision: "${revision}"}}}`,
    "",
  ].join("\n");
}
