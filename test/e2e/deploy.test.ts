/**
 * deploy into a stand-in LXC 102 through the pct stand-in (real argv syntax, real commands run
 * chrooted in a busybox root), with the real Traefik watching the container's dynamic folder.
 */
import { execFileSync } from "node:child_process";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION, tempDir, writeFiles } from "../support/fixtures.js";
import { createTestCa, type TestCa } from "./support/backends.js";
import { exitOf, killGroup, startCliProcess } from "./support/cli-process.js";
import { busyboxMissing, createStandInHost, type StandInHost } from "./support/container.js";
import { getWithHost } from "./support/http.js";
import { waitFor } from "./support/ports.js";
import { inventoryWithStandIns, renderToTemp } from "./support/standins.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const DOMAIN = "internal.thinkheads.ai";
const TARGET = "pct://102/etc/traefik/dynamic/dynamic_conf.yml";
const LIVE = "/etc/traefik/dynamic/dynamic_conf.yml";

describeWithTraefik(
  "deploy into LXC 102 through pct",
  (bin) => {
    let ca: TestCa;
    let host: StandInHost;
    let traefik: RunningTraefik;
    let inventory: string;

    beforeEach(async () => {
      ca = await createTestCa();
      host = await createStandInHost();
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      inventory = (await inventoryWithStandIns(SERVICE_CONVENTION, DOMAIN, ca)).inventory;
    });
    afterEach(async () => {
      await traefik.stop();
    });

    /** Renders the stand-in inventory (plus extra settings) into a file outside the container. */
    const rendered = (extra = "") => renderToTemp(inventory, DOMAIN, ca.caCert, extra);

    const deploy = (file: string, ...args: string[]) =>
      runCli(
        [
          "deploy",
          "--target",
          TARGET,
          "--api",
          traefik.api,
          "--file",
          file,
          "--timeout",
          "8",
          "--json",
          ...args,
        ],
        { env: host.env },
      );

    const pctLog = async () =>
      (await readFile(join(host.root, "pct.log"), "utf8").catch(() => ""))
        .split("\n")
        .filter((l) => l !== "");

    it("deploys a changed file: routes live, `deployed`, backup kept", async () => {
      await writeFile(host.path(LIVE), "# Phoenix's hand-written file\nhttp: {}\n");
      const file = await rendered();
      const run = await deploy(file, "--probe", traefik.web);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as {
        operation: string;
        backup: string;
        verify: { ok: boolean; probes: unknown[] };
        timings: { step: string }[];
      };
      expect(report.operation).toBe("deployed");
      expect(report.verify.ok).toBe(true);
      expect(report.verify.probes.length).toBe(8);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(file, "utf8"));
      expect(await readFile(host.path(report.backup), "utf8")).toBe(
        "# Phoenix's hand-written file\nhttp: {}\n",
      );
      expect((await getWithHost(traefik.web, `granite-3b.${DOMAIN}`)).status).toBe(200);
      // The staged copy was renamed away: the watched folder holds the live file and the (empty) staging folder.
      expect((await readdir(host.dynamicDir)).sort()).toEqual([".phoenix-mesh", "dynamic_conf.yml"]);
      expect(await readdir(join(host.dynamicDir, ".phoenix-mesh"))).toEqual([]);
      expect(report.timings.map((t) => t.step)).toEqual([
        "traefik api",
        "lock",
        "read live",
        "backup",
        "stage",
        "swap",
        "verify",
      ]);
      // It went through the real pct syntax: push into a staged name, then mv inside the container.
      const log = await pctLog();
      expect(
        log.some((l) =>
          / push 102 \S+ \/etc\/traefik\/dynamic\/\.phoenix-mesh\/dynamic_conf\.yml\.staged --perms 0644$/.test(
            l,
          ),
        ),
      ).toBe(true);
      expect(
        log.some((l) =>
          l.endsWith(
            " exec 102 -- mv -f /etc/traefik/dynamic/.phoenix-mesh/dynamic_conf.yml.staged /etc/traefik/dynamic/dynamic_conf.yml",
          ),
        ),
      ).toBe(true);
    });

    it("deploys the same file again as `unchanged`, writing nothing", async () => {
      const file = await rendered();
      expect((await deploy(file)).code).toBe(0);
      const before = await stat(host.path(LIVE));
      const pushesBefore = (await pctLog()).filter((l) => l.includes(" push ")).length;
      const run = await deploy(file);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ operation: "unchanged" });
      expect((await stat(host.path(LIVE))).mtimeMs).toBe(before.mtimeMs);
      // Only the lock's owner file is pushed; the live file is not touched.
      expect((await pctLog()).filter((l) => l.includes(" push ") && !l.includes("owner.json")).length).toBe(
        pushesBefore - 1,
      );
    });

    it("rolls back a file Traefik rejects, keeps the old routes answering, and exits 6", async () => {
      const good = await rendered();
      expect((await deploy(good)).code).toBe(0);
      // A hand-edited template: routers on an entryPoint this Traefik does not have. It passes the
      // file checks (entryPoints live in the static config), and Traefik disables every router.
      const bad = await rendered("entry_points: [websecure]\n");
      const run = await deploy(bad);
      expect(run.code).toBe(6);
      const report = JSON.parse(run.stdout) as {
        operation: string;
        verify: { problems: string[] };
        rollback: { ok: boolean };
      };
      expect(report.operation).toBe("rolled-back");
      expect(report.verify.problems.join("\n")).toMatch(/entryPoint/i);
      expect(report.rollback.ok).toBe(true);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(good, "utf8"));
      expect((await getWithHost(traefik.web, `granite-3b.${DOMAIN}`)).status).toBe(200);
    });

    it("fails before changing anything when Traefik's API cannot be reached", async () => {
      const file = await rendered();
      await writeFile(host.path(LIVE), "http: {}\n");
      const run = await runCli(
        ["deploy", "--target", TARGET, "--api", "http://127.0.0.1:9", "--file", file, "--timeout", "2"],
        { env: host.env },
      );
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/cannot reach Traefik's API/);
      expect(run.stdout).not.toMatch(/DEPLOYED/);
      expect(await readFile(host.path(LIVE), "utf8")).toBe("http: {}\n");
    });

    it("says exactly what state the container is in when Traefik dies mid-deploy (exit 7)", async () => {
      const first = await rendered();
      expect((await deploy(first)).code).toBe(0);
      const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
      // Hold the deploy at its rename, stop Traefik, then let it go on.
      await writeFile(join(host.root, "pause"), "");
      const running = runCli(
        ["deploy", "--target", TARGET, "--api", traefik.api, "--file", second, "--timeout", "2", "--json"],
        { env: { ...host.env, PCT_STANDIN_PAUSE: "mv" } },
      );
      await waitFor(
        "the deploy to reach the rename",
        async () => (await stat(join(host.root, "paused")).catch(() => undefined)) !== undefined,
      );
      await traefik.stop();
      await rm(join(host.root, "pause"));
      const run = await running;
      expect(run.code).toBe(7);
      const report = JSON.parse(run.stdout) as { operation: string; message: string };
      expect(report.operation).toBe("failed");
      expect(report.message).toMatch(
        /the rollback could not be verified: the container holds the previous file again \(revision [0-9a-f]{12}\), but Traefik did not confirm it/,
      );
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(first, "utf8"));
    });

    it("deploys the file as committed at --ref, not what is in the working tree", async () => {
      const committed = await rendered();
      const repo = await tempDir();
      const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo });
      git("init", "-q");
      await writeFiles(repo, {
        "phoenix-mesh.yaml": `inventory: inventory\noutput: traefik/dynamic/dynamic_conf.yml\ndeploy:\n  target: ${TARGET}\n  traefik_api: ${traefik.api}\n  timeout: 8\n`,
        "traefik/dynamic/dynamic_conf.yml": await readFile(committed, "utf8"),
      });
      git("add", ".");
      git("commit", "-q", "-m", "routes");
      await writeFile(join(repo, "traefik/dynamic/dynamic_conf.yml"), "http: {}\n"); // uncommitted edit
      const run = await runCli(["deploy", "--config", join(repo, "phoenix-mesh.yaml"), "--ref", "HEAD"], {
        env: host.env,
        cwd: repo,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stderr).toMatch(/deploying traefik\/dynamic\/dynamic_conf.yml@HEAD \([0-9a-f]{12}\)/);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(committed, "utf8"));
    });

    it("refuses a file that is not valid, before touching the container", async () => {
      const dir = await tempDir();
      await writeFiles(dir, {
        "bad.yml": 'http:\n  routers:\n    "a": {rule: "Host(`a`)", service: "nowhere"}\n',
      });
      const run = await runCli(
        ["deploy", "--target", TARGET, "--api", traefik.api, "--file", join(dir, "bad.yml")],
        { env: host.env },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/router "a" uses service "nowhere", which is not defined/);
      expect(await pctLog()).toEqual([]);
    });

    it("leaves the old, complete file live when the deploy is killed between staging and rename", async () => {
      const first = await rendered();
      expect((await deploy(first)).code).toBe(0);
      const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
      const p = startCliProcess(
        ["deploy", "--target", TARGET, "--api", traefik.api, "--file", second, "--timeout", "8"],
        { ...host.env, PCT_STANDIN_BLOCK: "mv" },
      );
      await waitFor(
        "the deploy to stage its file and reach the rename",
        async () => (await stat(join(host.root, "blocked")).catch(() => undefined)) !== undefined,
      );
      killGroup(p);
      await exitOf(p);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(first, "utf8"));
      expect((await getWithHost(traefik.web, `granite-3b.${DOMAIN}`)).status).toBe(200);
      // The next deploy is not blocked by the dead one's lock: its owner process is gone.
      const next = await deploy(second);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toMatch(/taking over an abandoned deploy lock/);
    });

    it("never interleaves two deploys at once", async () => {
      const a = await rendered();
      const b = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
      const args = (file: string) => [
        "deploy",
        "--target",
        TARGET,
        "--api",
        traefik.api,
        "--file",
        file,
        "--timeout",
        "8",
        "--lock-timeout",
        "30",
      ];
      const p1 = startCliProcess(args(a), host.env);
      const p2 = startCliProcess(args(b), host.env);
      expect([await exitOf(p1), await exitOf(p2)], p1.output() + p2.output()).toEqual([0, 0]);
      // From taking the lock (its owner file is pushed) to releasing it (rm), only the holder's
      // commands run; the waiter only looks at the lock.
      const log = (await pctLog()).map((l) => ({ pid: l.split(" ")[0]!, line: l }));
      const LOCK = "/etc/traefik/.phoenix-mesh-deploy.lock";
      let holder: string | undefined;
      let holds = 0;
      for (const { pid, line } of log) {
        if (holder === undefined && line.includes(` push 102 `) && line.includes(`${LOCK}/owner.json`)) {
          holder = pid;
          holds++;
          continue;
        }
        if (holder !== undefined && pid !== holder) {
          expect(line, `a command of ${pid} ran while ${holder} held the lock`).toMatch(
            new RegExp(
              `exec 102 -- (mkdir|test -d|test -f) ${LOCK.replace(/\./g, "\\.")}|pull 102 ${LOCK.replace(/\./g, "\\.")}/owner\\.json`,
            ),
          );
        }
        if (holder === pid && line.endsWith(`exec 102 -- rm -rf ${LOCK}`)) holder = undefined;
      }
      expect(holds).toBe(2);
      expect(p1.output() + p2.output()).toMatch(/waiting for another deploy to finish/);
    });

    it("drops no request on an unchanged route during a deploy (zero downtime)", async () => {
      const first = await rendered();
      expect((await deploy(first)).code).toBe(0);
      const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
      let stop = false;
      const statuses: number[] = [];
      const load = (async () => {
        // Bounded: at most 5,000 requests, and it stops when the deploy is done.
        for (let i = 0; i < 5000 && !stop; i++)
          statuses.push((await getWithHost(traefik.web, `granite-3b.${DOMAIN}`)).status);
      })();
      const run = await deploy(second);
      stop = true;
      await load;
      expect(run.code, run.stderr).toBe(0);
      expect(statuses.length).toBeGreaterThan(20);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    });

    it("reports drift with status, and none after a deploy", async () => {
      const file = await rendered();
      const before = await runCli(["status", "--target", TARGET, "--file", file], { env: host.env });
      expect(before.code).toBe(1);
      expect(before.stdout).toMatch(/live +\(no file\)/);
      expect((await deploy(file)).code).toBe(0);
      const after = await runCli(["status", "--target", TARGET, "--file", file, "--api", traefik.api], {
        env: host.env,
      });
      expect(after.code, after.stdout + after.stderr).toBe(0);
      expect(after.stdout).toMatch(/in sync/);
      // A hand edit in the container is drift, shown host by host.
      await writeFile(
        host.path(LIVE),
        (await readFile(file, "utf8")).replace(/127\.0\.0\.142:\d+/, "127.0.0.99:1"),
      );
      const drift = await runCli(["status", "--target", TARGET, "--file", file], { env: host.env });
      expect(drift.code).toBe(1);
      expect(drift.stdout).toMatch(
        /~ granite-3b.internal.thinkheads.ai: http:\/\/127.0.0.99:1 .*→ http:\/\/127.0.0.142:\d+/,
      );
    });
  },
  [busyboxMissing],
);
