/**
 * deploy.targets: one file to two Traefik containers (LXC 102 and 103, each with its own copy and
 * its own real Traefik), all or nothing. The stand-in pct serves both from one host, as one
 * Proxmox node does; each target's Traefik watches that container's dynamic folder.
 */
import { readFile, writeFile, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION, tempDir } from "../support/fixtures.js";
import { createTestCa, type TestCa } from "./support/backends.js";
import { createStandInHost, type StandInHost } from "./support/container.js";
import { getWithHost } from "./support/http.js";
import { inventoryWithStandIns, renderToTemp } from "./support/standins.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const DOMAIN = "internal.thinkheads.ai";
const LIVE = "/etc/traefik/dynamic/dynamic_conf.yml";
const OLD = "# Phoenix's hand-written file\nhttp: {}\n";

interface FleetJson {
  operation: string;
  message: string;
  targets: { target: string; operation: string; backup: string | null; verify: { ok: boolean } | null }[];
}

describeWithTraefik("deploy to several targets, all or nothing", (bin) => {
  let ca: TestCa;
  let lxc102: StandInHost;
  let lxc103: StandInHost;
  let t102: RunningTraefik;
  let t103: RunningTraefik;
  let inventory: string;
  let settingsDir: string;

  beforeEach(async () => {
    ca = await createTestCa();
    lxc102 = await createStandInHost("102");
    lxc103 = await createStandInHost("103", lxc102.root);
    [t102, t103] = await Promise.all([
      startTraefik(bin, { dynamicDir: lxc102.dynamicDir }),
      startTraefik(bin, { dynamicDir: lxc103.dynamicDir }),
    ]);
    inventory = (await inventoryWithStandIns(SERVICE_CONVENTION, DOMAIN, ca)).inventory;
    for (const c of [lxc102, lxc103]) await writeFile(c.path(LIVE), OLD);
    settingsDir = await tempDir();
  });
  afterEach(async () => {
    await Promise.all([t102?.stop(), t103?.stop()]);
  });

  const settings = async (api103 = t103.api, extra = "") => {
    const file = join(settingsDir, "phoenix-mesh.yaml");
    await writeFile(
      file,
      [
        "deploy:",
        "  timeout: 4",
        "  targets:",
        `    - { target: "pct://102${LIVE}", traefik_api: "${t102.api}" }`,
        `    - { target: "pct://103${LIVE}", traefik_api: "${api103}" }`,
        extra,
      ].join("\n"),
    );
    return file;
  };
  const deploy = async (file: string, config: string) =>
    runCli(["deploy", "--config", config, "--file", file, "--json"], { env: lxc102.env });
  const rendered = (extra = "") => renderToTemp(inventory, DOMAIN, ca.caCert, extra);
  const pctCalls = async () =>
    (await readFile(join(lxc102.root, "pct.log"), "utf8"))
      .split("\n")
      .filter((l) => l !== "" && !/^\d+ EXIT /.test(l));

  it("puts the file live on both and proves it on each Traefik", async () => {
    const file = await rendered();
    const run = await deploy(file, await settings());
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as FleetJson;
    expect(report.operation).toBe("deployed");
    expect(report.targets.map((t) => [t.target, t.operation, t.verify?.ok])).toEqual([
      [`LXC 102:${LIVE} (pct)`, "deployed", true],
      [`LXC 103:${LIVE} (pct)`, "deployed", true],
    ]);
    for (const c of [lxc102, lxc103]) {
      expect(await readFile(c.path(LIVE), "utf8")).toBe(await readFile(file, "utf8"));
      // Nothing left behind: no lock, no staged file.
      await expect(readlink(c.path("/etc/traefik/.phoenix-mesh-deploy.lock"))).rejects.toThrow(/ENOENT/);
      expect(await readdir(c.path("/etc/traefik/dynamic/.phoenix-mesh"))).toEqual([]);
    }
    for (const t of [t102, t103]) expect((await getWithHost(t.web, `granite-3b.${DOMAIN}`)).status).toBe(200);
    // Two container calls per target, as for one: swap and release.
    expect(await pctCalls()).toHaveLength(4);
    // status looks at every target and its Traefik.
    const config = await settings();
    const status = await runCli(["status", "--config", config, "--file", file], { env: lxc102.env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain("in sync: all 2 targets");
    expect(
      status.stderr.match(/in sync: the live file is the expected one, and Traefik serves it/g),
    ).toHaveLength(2);
    // Again: unchanged on both, still proved.
    const again = await deploy(file, await settings());
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as FleetJson).operation).toBe("unchanged");
    // A hand edit in one container is drift there, and only there.
    await writeFile(lxc103.path(LIVE), `${await readFile(file, "utf8")}# a hand edit\n`);
    const drift = await runCli(["status", "--config", config, "--file", file, "--json"], { env: lxc102.env });
    expect(drift.code, drift.stderr).toBe(1);
    expect(drift.stderr).toContain(`1 of 2 targets are not in sync`);
    expect(drift.stderr).toContain(`pct://103${LIVE}`);
    const drifted = JSON.parse(drift.stdout) as { inSync: boolean; targets: { inSync: boolean }[] };
    expect(drifted.inSync).toBe(false);
    expect(drifted.targets.map((t) => t.inSync)).toEqual([true, false]);
  });

  it("changes neither when the second container cannot take the file (it is stopped)", async () => {
    await writeFile(join(lxc102.root, "103", "stopped"), "");
    const run = await deploy(await rendered(), await settings());
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("LXC 103");
    expect(run.stderr).toContain("no target was changed");
    expect(await readFile(lxc102.path(LIVE), "utf8")).toBe(OLD);
    await expect(readlink(lxc102.path("/etc/traefik/.phoenix-mesh-deploy.lock"))).rejects.toThrow(/ENOENT/);
    expect(await readdir(lxc102.path("/etc/traefik/dynamic/.phoenix-mesh"))).toEqual([]);
  });

  it("changes neither when the second container's deploy lock is held by another deploy", async () => {
    const { symlink } = await import("node:fs/promises");
    await symlink("feedfacefeedface", lxc103.path("/etc/traefik/.phoenix-mesh-deploy.lock"));
    await writeFile(
      lxc103.path("/etc/traefik/.phoenix-mesh-deploy.lock.owner.feedfacefeedface"),
      JSON.stringify({ pid: 1, host: "another-host", started: Date.now(), expires: Date.now() + 600_000 }),
    );
    const run = await runCli(
      ["deploy", "--config", await settings(), "--file", await rendered(), "--lock-timeout", "1", "--json"],
      { env: lxc102.env },
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/LXC 103.*another deploy holds/);
    expect(await readFile(lxc102.path(LIVE), "utf8")).toBe(OLD);
    expect(await readFile(lxc103.path(LIVE), "utf8")).toBe(OLD);
    // LXC 102 was locked and staged while 103 waited, then given back untouched.
    await expect(readlink(lxc102.path("/etc/traefik/.phoenix-mesh-deploy.lock"))).rejects.toThrow(/ENOENT/);
    expect(await readdir(lxc102.path("/etc/traefik/dynamic/.phoenix-mesh"))).toEqual([]);
    expect(await readlink(lxc103.path("/etc/traefik/.phoenix-mesh-deploy.lock"))).toBe("feedfacefeedface");
  });

  it("rolls both back when one Traefik does not serve the new revision, and says which", async () => {
    const first = await rendered();
    expect((await deploy(first, await settings())).code).toBe(0);
    // LXC 103's Traefik now reads another folder: the file lands, but it never loads it.
    await t103.stop();
    t103 = await startTraefik(bin);
    await writeFile(join(t103.dynamicDir, "dynamic_conf.yml"), await readFile(first, "utf8"));
    const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
    const run = await deploy(second, await settings(t103.api));
    expect(run.code, run.stderr).toBe(6);
    const report = JSON.parse(run.stdout) as FleetJson;
    expect(report.operation).toBe("rolled-back");
    expect(report.message).toContain(`is not served by LXC 103:${LIVE} (pct)`);
    expect(report.targets.map((t) => [t.operation, t.verify?.ok])).toEqual([
      ["rolled-back", true],
      ["rolled-back", false],
    ]);
    for (const c of [lxc102, lxc103])
      expect(await readFile(c.path(LIVE), "utf8")).toBe(await readFile(first, "utf8"));
    // LXC 102's Traefik, which had moved on, serves the first revision again.
    const verify = await runCli(["verify", "--api", t102.api, "--file", first, "--timeout", "4"]);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it("refuses deploy.targets beside deploy.target, naming the line (exit 2, nothing deployed)", async () => {
    const config = await settings(t103.api, `  target: "pct://102${LIVE}"`);
    const run = await deploy(await rendered(), config);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("deploy.target and deploy.targets are both set");
    expect(run.stderr).toMatch(/phoenix-mesh\.yaml:6:\d+/);
    expect(await readFile(lxc102.path(LIVE), "utf8")).toBe(OLD);
  });
});
