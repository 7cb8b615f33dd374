/**
 * deploy into a stand-in LXC 102 through the pct stand-in (real argv syntax, real commands run
 * chrooted in a busybox root), with the real Traefik watching the container's dynamic folder.
 */
import { execFileSync } from "node:child_process";
import { readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
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
    /** pct calls (not their EXIT lines), with the deploy script's mode when it is one. */
    const pctCalls = async () =>
      (await pctLog())
        .filter((l) => !/^\d+ EXIT /.test(l))
        .map((l) => ({
          pid: l.split(" ")[0]!,
          mode: / phoenix-mesh (swap|restore|release) /.exec(l)?.[1],
          line: l,
        }));

    /** A deploy (as a real process) killed when it reaches the container script step `mode`. */
    async function killedAt(mode: "swap" | "restore", file: string, timeout: number): Promise<void> {
      const p = startCliProcess(
        ["deploy", "--target", TARGET, "--api", traefik.api, "--file", file, "--timeout", String(timeout)],
        { ...host.env, PCT_STANDIN_BLOCK: mode },
      );
      await waitFor(
        `the deploy to reach its ${mode}`,
        async () => (await stat(join(host.root, "blocked")).catch(() => undefined)) !== undefined,
      );
      killGroup(p);
      await exitOf(p);
    }

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
      // The check and Traefik's API answer while the swap's container call runs (in any order).
      expect(report.timings.map((t) => t.step).sort()).toEqual(
        ["check", "release", "swap", "traefik api", "verify"].sort(),
      );
      expect(report.timings.at(-1)?.step).toBe("release");
      // Two pct calls in all (at most three allowed): one script that takes the lock, stages the
      // file from stdin, backs up and renames; one that releases the lock.
      const calls = await pctCalls();
      expect(calls.map((c) => c.mode)).toEqual(["swap", "release"]);
      expect(calls[0]!.line).toMatch(/^\d+ exec 102 -- sh -c /);
      expect(calls[0]!.line).toContain(" phoenix-mesh swap /etc/traefik/.phoenix-mesh-deploy.lock ");
      // Nothing left behind: no staged copy (checked above), no lock.
      expect(await readdir(host.path("/etc/traefik"))).not.toContain(".phoenix-mesh-deploy.lock");
    });

    it("deploys the same file again as `unchanged` after verifying it, writing nothing, in two pct calls", async () => {
      const file = await rendered();
      expect((await deploy(file)).code).toBe(0);
      const before = await stat(host.path(LIVE));
      const callsBefore = (await pctCalls()).length;
      const run = await deploy(file);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        operation: string;
        verify: { ok: boolean; loaded: boolean };
      };
      expect(report).toMatchObject({ operation: "unchanged", verify: { ok: true, loaded: true } });
      expect((await stat(host.path(LIVE))).mtimeMs).toBe(before.mtimeMs);
      expect((await pctCalls()).slice(callsBefore).map((c) => c.mode)).toEqual(["swap", "release"]);
    });

    it("keeps only the newest backups (deploy.keep_backups), even within one second", async () => {
      for (let i = 0; i < 4; i++) {
        const file = await rendered(`middlewares: {m${i}: {headers: {customRequestHeaders: {X-A: b}}}}\n`);
        expect((await deploy(file, "--keep-backups", "2")).code).toBe(0);
      }
      const dir = host.path("/etc/traefik/phoenix-mesh-backups");
      const kept = (await readdir(dir)).sort();
      expect(kept.length).toBe(2);
      // The third and fourth deploys replaced the first's and the second's files: those are kept.
      const contents = await Promise.all(kept.map((f) => readFile(join(dir, f), "utf8")));
      expect(contents.map((c) => /^ {4}"?(m\d)"?:/m.exec(c)?.[1])).toEqual(["m1", "m2"]);
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
      expect(run.stderr).not.toMatch(/DEPLOYED/);
      expect(await readFile(host.path(LIVE), "utf8")).toBe("http: {}\n");
    });

    it("says exactly what state the container is in when Traefik dies mid-deploy (exit 7)", async () => {
      const first = await rendered();
      expect((await deploy(first)).code).toBe(0);
      const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
      // Hold the deploy at its swap, stop Traefik, then let it go on.
      await writeFile(join(host.root, "pause"), "");
      const running = runCli(
        ["deploy", "--target", TARGET, "--api", traefik.api, "--file", second, "--timeout", "2", "--json"],
        { env: { ...host.env, PCT_STANDIN_PAUSE: "swap" } },
      );
      await waitFor(
        "the deploy to reach its swap",
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

    it("refuses a file that is not valid: the live file untouched, no lock or staged file left", async () => {
      const before = await readFile(host.path(LIVE), "utf8").catch(() => undefined);
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
      // The swap's container call started while the file was checked, and stopped without its go-ahead.
      expect((await pctCalls()).map((c) => c.mode)).toEqual(["swap"]);
      expect(await readFile(host.path(LIVE), "utf8").catch(() => undefined)).toBe(before);
      expect(await readdir(join(host.dynamicDir, ".phoenix-mesh")).catch(() => [])).toEqual([]);
      expect(await readdir(host.path("/etc/traefik"))).not.toContain(".phoenix-mesh-deploy.lock");
    });

    it("leaves the old file live when the deploy is killed before its swap, and the next deploy goes through", async () => {
      const first = await rendered();
      expect((await deploy(first)).code).toBe(0);
      const second = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
      await killedAt("swap", second, 8);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(first, "utf8"));
      expect((await getWithHost(traefik.web, `granite-3b.${DOMAIN}`)).status).toBe(200);
      const next = await deploy(second);
      expect(next.code, next.stderr).toBe(0);
    });

    it("re-verifies after a crash that left a broken file live, and rolls back instead of saying `unchanged` (regression)", async () => {
      const good = await rendered();
      expect((await deploy(good)).code).toBe(0);
      // Routers on an entryPoint this Traefik does not have: Traefik disables every one of them.
      const bad = await rendered("entry_points: [websecure]\n");
      // Killed while putting the good file back: the bad one stays live, its lock held by a dead process.
      await killedAt("restore", bad, 3);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(bad, "utf8"));
      // The same deploy again: the file is already there, but Traefik does not serve it.
      const again = await deploy(bad);
      expect(again.code, again.stdout + again.stderr).toBe(6);
      expect(again.stderr).toMatch(/taking over an abandoned deploy lock/);
      expect(JSON.parse(again.stdout)).toMatchObject({ operation: "rolled-back" });
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(good, "utf8"));
      expect((await getWithHost(traefik.web, `granite-3b.${DOMAIN}`)).status).toBe(200);
    });

    it("never overlaps the swaps of concurrent deploys racing for an abandoned lock, and ends with the last to succeed", async () => {
      // An abandoned lock, as a deploy killed on this machine leaves it: its process is gone.
      const dead = startCliProcess(["--version"], host.env);
      await exitOf(dead);
      const lock = host.path("/etc/traefik/.phoenix-mesh-deploy.lock");
      await symlink("0000dead0000beef", lock);
      await writeFile(
        `${lock}.owner.0000dead0000beef`,
        `${JSON.stringify({ pid: dead.child.pid, host: hostname(), started: Date.now(), expires: Date.now() + 3_600_000 })}\n`,
      );
      const files = await Promise.all(
        [0, 1, 2, 3, 4].map((i) =>
          rendered(`middlewares: {m${i}: {headers: {customRequestHeaders: {X-A: b}}}}\n`),
        ),
      );
      const procs = files.map((f) =>
        startCliProcess(
          [
            "deploy",
            "--target",
            TARGET,
            "--api",
            traefik.api,
            "--file",
            f,
            // Generous bounds: five serialized deploys on a loaded 2-core CI machine.
            "--timeout",
            "20",
            "--lock-timeout",
            "150",
          ],
          host.env,
        ),
      );
      const codes = await Promise.all(procs.map(exitOf));
      expect(codes, procs.map((p) => p.output()).join("\n")).toEqual([0, 0, 0, 0, 0]);
      // From the pct log: a deploy holds the lock from the end of its successful swap to the start
      // of its release; no other deploy's swap may succeed in between.
      const log = await pctLog();
      const last = new Map<string, string>();
      const held: { pid: string; from: number; to: number }[] = [];
      log.forEach((line, i) => {
        const [pid = "", word, code] = line.split(" ");
        const mode = / phoenix-mesh (swap|restore|release) /.exec(line)?.[1];
        if (mode !== undefined) last.set(pid, mode);
        if (word === "EXIT" && code === "0" && last.get(pid) === "swap") held.push({ pid, from: i, to: -1 });
        if (mode === "release") {
          const h = held.find((x) => x.pid === pid && x.to === -1);
          if (h !== undefined) h.to = i;
        }
      });
      expect(held.length, log.map((l) => l.slice(0, 120)).join("\n")).toBe(5);
      held.sort((a, b) => a.from - b.from);
      for (let i = 1; i < held.length; i++)
        expect(
          held[i]!.from,
          `${held[i]!.pid} swapped while ${held[i - 1]!.pid} held the lock`,
        ).toBeGreaterThan(held[i - 1]!.to);
      // The live file is the one of the deploy that swapped last.
      const lastIndex = procs.findIndex((p) => String(p.child.pid) === held.at(-1)!.pid);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(files[lastIndex]!, "utf8"));
      expect(await readdir(host.path("/etc/traefik"))).not.toContain(".phoenix-mesh-deploy.lock");
    }, 180_000);

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

    it("says status is NOT in sync when the right file sits in a folder Traefik does not watch (regression: 'in sync', exit 0)", async () => {
      const served = await rendered();
      expect((await deploy(served)).code).toBe(0);
      // The next revision written where Traefik's file provider does not look (Phoenix's own
      // mistake: the static config watches one path, the file goes to another).
      const next = await rendered("middlewares: {extra: {headers: {customRequestHeaders: {X-A: b}}}}\n");
      const elsewhere = join(await tempDir(), "dynamic_conf.yml");
      await writeFile(elsewhere, await readFile(next, "utf8"));
      const run = await runCli(
        ["status", "--target", `file://${elsewhere}`, "--file", next, "--api", traefik.api, "--json"],
        { env: host.env },
      );
      expect(run.code).toBe(1);
      const servedRevision = /# revision: ([0-9a-f]{12})/.exec(await readFile(served, "utf8"))![1]!;
      expect(run.stderr).toContain(`but Traefik serves revision ${servedRevision}`);
      expect(run.stderr).toMatch(/file provider watches another folder/);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, inSync: false, served: false, diff: null });
    });

    it("reports drift with status, and none after a deploy", async () => {
      const file = await rendered();
      const before = await runCli(["status", "--target", TARGET, "--file", file], { env: host.env });
      expect(before.code).toBe(1);
      expect(before.stderr).toMatch(/live +\(no file\)/);
      expect((await deploy(file)).code).toBe(0);
      const after = await runCli(["status", "--target", TARGET, "--file", file, "--api", traefik.api], {
        env: host.env,
      });
      expect(after.code, after.stdout + after.stderr).toBe(0);
      expect(after.stderr).toMatch(/in sync: the live file is the expected one, and Traefik serves it/);
      // A hand edit in the container is drift, shown host by host.
      await writeFile(
        host.path(LIVE),
        (await readFile(file, "utf8")).replace(/127\.0\.0\.142:\d+/, "127.0.0.99:1"),
      );
      const drift = await runCli(["status", "--target", TARGET, "--file", file], { env: host.env });
      expect(drift.code).toBe(1);
      expect(drift.stderr).toMatch(
        /~ granite-3b.internal.thinkheads.ai: http:\/\/127.0.0.99:1 .*→ http:\/\/127.0.0.142:\d+/,
      );
    });
  },
  [busyboxMissing],
);
