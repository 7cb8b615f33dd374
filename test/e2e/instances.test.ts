/**
 * Several real Traefik instances serving one file: the Proxmox way is a host folder bind-mounted
 * into two Traefik LXCs (`mp0: /srv/traefik-dynamic,mp=/etc/traefik/dynamic` in each container's
 * config), so one deploy target feeds both. Here two Traefiks watch the stand-in container's
 * dynamic folder, and a third one watches a folder nobody deploys to: an instance whose mount is
 * missing, the failure that must not pass for "deployed".
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION, tempDir } from "../support/fixtures.js";
import { createTestCa, type TestCa } from "./support/backends.js";
import { createStandInHost, type StandInHost } from "./support/container.js";
import { getWithHost } from "./support/http.js";
import { freePort } from "./support/ports.js";
import { inventoryWithStandIns, renderToTemp } from "./support/standins.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const DOMAIN = "internal.thinkheads.ai";
const TARGET = "pct://102/etc/traefik/dynamic/dynamic_conf.yml";
const LIVE = "/etc/traefik/dynamic/dynamic_conf.yml";
const revisionIn = (text: string) => /# revision: ([0-9a-f]{12})/.exec(text)![1]!;

interface InstanceJson {
  api: string;
  ok: boolean;
  loaded: boolean;
  problems: string[];
}

describeWithTraefik("several Traefik instances serving one file", (bin) => {
  let ca: TestCa;
  let host: StandInHost;
  let a: RunningTraefik;
  let b: RunningTraefik;
  let unmounted: RunningTraefik;
  let inventory: string;

  beforeEach(async () => {
    ca = await createTestCa();
    host = await createStandInHost();
    [a, b, unmounted] = await Promise.all([
      startTraefik(bin, { dynamicDir: host.dynamicDir }),
      startTraefik(bin, { dynamicDir: host.dynamicDir }),
      startTraefik(bin),
    ]);
    inventory = (await inventoryWithStandIns(SERVICE_CONVENTION, DOMAIN, ca)).inventory;
  });
  afterEach(async () => {
    await Promise.all([a?.stop(), b?.stop(), unmounted?.stop()]);
  });

  const rendered = (extra = "") => renderToTemp(inventory, DOMAIN, ca.caCert, extra);
  const deploy = (file: string, apis: string[], ...args: string[]) =>
    runCli(
      [
        "deploy",
        "--target",
        TARGET,
        ...apis.flatMap((api) => ["--api", api]),
        "--file",
        file,
        "--timeout",
        "4",
        "--json",
        ...args,
      ],
      { env: host.env },
    );

  it("deploys once and proves the revision live on every instance; status and verify name each one", async () => {
    const file = await rendered();
    const run = await deploy(file, [a.api, b.api]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      operation: string;
      verify: { ok: boolean; revision: string; instances: InstanceJson[] };
    };
    expect(report.operation).toBe("deployed");
    expect(report.verify.instances.map((i) => [i.api, i.ok, i.loaded])).toEqual([
      [a.api, true, true],
      [b.api, true, true],
    ]);
    // Each instance routes the guests itself.
    for (const t of [a, b]) expect((await getWithHost(t.web, `granite-3b.${DOMAIN}`)).status).toBe(200);

    const status = await runCli(
      ["status", "--target", TARGET, "--file", file, "--api", a.api, "--api", b.api],
      { env: host.env },
    );
    expect(status.code, status.stderr).toBe(0);
    const revision = revisionIn(await readFile(file, "utf8"));
    expect(status.stderr).toContain(`traefik   ${a.api} serves ${revision}\n`);
    expect(status.stderr).toContain(`traefik   ${b.api} serves ${revision}\n`);
    expect(status.stderr).toContain("all 2 Traefik instances serve it");

    // The environment takes a list too, separated by spaces or commas.
    const verify = await runCli(["verify", "--file", file, "--timeout", "4"], {
      env: { ...host.env, PHOENIX_MESH_TRAEFIK_API: `${a.api}, ${b.api}` },
    });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stderr).toContain(`Traefik ${a.api}:\n  revision ${revision} is loaded`);
    expect(verify.stderr).toContain(`Traefik ${b.api}:\n  revision ${revision} is loaded`);
    expect(verify.stderr).toContain(`OK: all 2 Traefik instances serve revision ${revision}`);
  });

  it("rolls back for all when one instance does not load the new revision, and says which", async () => {
    const first = await rendered();
    expect((await deploy(first, [a.api])).code).toBe(0);
    const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
    // The instance without the mount never sees any file: it must fail the deploy, not be skipped.
    const run = await deploy(second, [a.api, unmounted.api]);
    expect(run.code, run.stderr).toBe(6);
    const report = JSON.parse(run.stdout) as {
      operation: string;
      verify: { ok: boolean; problems: string[]; instances: InstanceJson[] };
      rollback: { ok: boolean };
    };
    expect(report.operation).toBe("rolled-back");
    // Proved on the instance that had moved on; the one that never loaded it was not changed.
    expect(report.rollback.ok).toBe(true);
    expect(report.verify.instances.map((i) => [i.api, i.ok])).toEqual([
      [a.api, true],
      [unmounted.api, false],
    ]);
    expect(report.verify.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${unmounted.api.replace(/[.]/g, "\\.")}: Traefik did not load revision ${revisionIn(await readFile(second, "utf8"))} within 4 s`,
        ),
      ),
    ]);
    // The previous file is live again, in the container and on the instance that had moved on.
    expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(first, "utf8"));
    const verifyFirst = await runCli(["verify", "--api", a.api, "--file", first, "--timeout", "4"]);
    expect(verifyFirst.code, verifyFirst.stderr).toBe(0);
  });

  it("verify fails naming the instance that does not serve the file, and exits 5", async () => {
    const file = await rendered();
    expect((await deploy(file, [a.api, b.api])).code).toBe(0);
    const run = await runCli([
      "verify",
      "--api",
      a.api,
      "--api",
      unmounted.api,
      "--file",
      file,
      "--timeout",
      "2",
      "--json",
    ]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain("1 of 2 Traefik instances do not serve");
    const report = JSON.parse(run.stdout) as { ok: boolean; instances: InstanceJson[] };
    expect(report.ok).toBe(false);
    expect(report.instances.map((i) => [i.api, i.ok])).toEqual([
      [a.api, true],
      [unmounted.api, false],
    ]);
  });

  it("changes nothing when one instance's API cannot be reached before the swap", async () => {
    const first = await rendered();
    expect((await deploy(first, [a.api])).code).toBe(0);
    const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const run = await deploy(second, [a.api, nobody]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(nobody);
    expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(first, "utf8"));
  });

  it("refuses the same API twice, and a malformed one, naming it (exit 2, nothing deployed)", async () => {
    const file = await rendered();
    const twice = await deploy(file, [a.api, a.api]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`"${a.api}" is given twice`);
    const dir = await tempDir();
    await writeFile(
      join(dir, "phoenix-mesh.yaml"),
      `deploy:\n  traefik_api:\n    - ${a.api}\n    - ftp://10.0.0.12\n`,
    );
    const bad = await runCli(["verify", "--file", file, "--config", join(dir, "phoenix-mesh.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/phoenix-mesh\.yaml:4:\d+/);
    await expect(readFile(host.path(LIVE), "utf8")).rejects.toThrow();
  });
});
