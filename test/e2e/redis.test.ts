/**
 * Deploying through Traefik's Redis provider: a real redis-server on loopback and two real Traefik
 * instances reading the same root key (what two Traefik LXCs on two Proxmox nodes do). The tree is
 * written as Traefik's KV layout in one MULTI/EXEC; each Traefik re-reads it on the keyspace
 * notifications that follow.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION, tempDir } from "../support/fixtures.js";
import { createTestCa, type TestCa } from "./support/backends.js";
import { exitOf, killGroup, startCliProcess } from "./support/cli-process.js";
import { getWithHost } from "./support/http.js";
import { redisMissing, startRedis, type RunningRedis } from "./support/redis.js";
import { inventoryWithStandIns, renderToTemp } from "./support/standins.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const DOMAIN = "internal.thinkheads.ai";
const ROOT = "traefik";
/** One more route in phoenix-mesh.yaml (`routes:`), to a port nothing listens on. */
const EXTRA_ROUTE = `routes:\n  - { name: extra-route, hosts: [extra.${DOMAIN}], url: "http://127.0.0.1:9" }\n`;
const revisionIn = (text: string) => /# revision: ([0-9a-f]{12})/.exec(text)![1]!;

interface ReportJson {
  operation: string;
  message: string;
  backup: string | null;
  verify: { ok: boolean; instances?: { api: string; ok: boolean; loaded: boolean }[] } | null;
  rollback: { ok: boolean } | null;
}

describeWithTraefik(
  "deploy through Traefik's Redis provider to two Traefik instances",
  (bin) => {
    let ca: TestCa;
    let redis: RunningRedis;
    let a: RunningTraefik;
    let b: RunningTraefik;
    let inventory: string;
    let target: string;

    const withRedis = (port: number, rootKey = ROOT) =>
      `  redis: {endpoints: ["127.0.0.1:${port}"], rootKey: "${rootKey}"}`;

    beforeEach(async () => {
      ca = await createTestCa();
      redis = await startRedis();
      target = `${redis.url}?root_key=${ROOT}`;
      // A has an entryPoint B lacks: a route on it is one B cannot serve.
      [a, b] = await Promise.all([
        startTraefik(bin, { staticExtra: withRedis(redis.port), extraEntryPoint: "websecure" }),
        startTraefik(bin, { staticExtra: withRedis(redis.port) }),
      ]);
      inventory = (await inventoryWithStandIns(SERVICE_CONVENTION, DOMAIN, ca)).inventory;
    });
    afterEach(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.stop();
    });

    const rendered = (extra = "") => renderToTemp(inventory, DOMAIN, ca.caCert, extra);
    /** The target and both instances, as every command here names them. */
    const onBoth = () => ["--target", target, "--api", a.api, "--api", b.api];
    const deploy = (file: string, ...args: string[]) =>
      runCli(["deploy", ...onBoth(), "--file", file, "--timeout", "5", "--json", ...args]);
    const keys = async () =>
      (await redis.command("KEYS", `${ROOT}/*`))
        .split("\r\n")
        .filter((l) => l.startsWith(`${ROOT}/`))
        // KEYS answers in hash-table order, which changes as keys come and go.
        .sort();
    const served = async (t: RunningTraefik) =>
      ((await (await fetch(`${t.api}/api/http/middlewares`)).json()) as { name: string }[])
        .map((m) => m.name)
        .filter((n) => n.startsWith("phoenix-mesh-revision-"));

    it("writes Traefik's KV layout once, proves it on both instances, and a rerun writes nothing", async () => {
      const file = await rendered();
      const run = await deploy(file);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as ReportJson;
      expect(report.operation).toBe("deployed");
      expect(report.verify?.instances?.map((i) => [i.api, i.ok])).toEqual([
        [a.api, true],
        [b.api, true],
      ]);
      const revision = revisionIn(await readFile(file, "utf8"));
      for (const t of [a, b]) expect(await served(t)).toEqual([`phoenix-mesh-revision-${revision}@redis`]);
      // Traefik's documented layout: a key per leaf, lists as numbered keys.
      expect(await redis.command("GET", `${ROOT}/http/routers/portainer/rule`)).toContain(
        `Host(\`portainer.${DOMAIN}\`)`,
      );
      expect(await redis.command("GET", `${ROOT}/http/routers/portainer/entryPoints/0`)).toContain("web");
      expect(await redis.command("GET", `phoenix-mesh/${ROOT}/revision`)).toContain(revision);
      // Both Traefiks route the host to the stand-in backend.
      for (const t of [a, b]) {
        const answer = await getWithHost(t.web, `portainer.${DOMAIN}`);
        expect(answer.status).toBe(200);
      }
      const before = await keys();
      const again = await deploy(file);
      expect(again.code, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as ReportJson).operation).toBe("unchanged");
      expect(await keys()).toEqual(before);
      expect(await redis.command("LLEN", `phoenix-mesh/${ROOT}/backups`)).toBe(":0\r\n");

      const status = await runCli(["status", ...onBoth(), "--file", file]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toContain("all 2 Traefik instances serve it");
      const doctor = await runCli(["doctor", ...onBoth(), "--json"]);
      expect(doctor.code, doctor.stderr).toBe(0);
      expect(doctor.stdout).toContain(`serves revision ${revision} from root key ${ROOT}`);
      const verify = await runCli(["verify", ...onBoth(), "--file", file]);
      expect(verify.code, verify.stderr).toBe(0);
    });

    it("doctor finds keyspace notifications turned off (Traefik then never sees a deploy), and an instance on another root key", async () => {
      const file = await rendered();
      expect((await deploy(file)).code).toBe(0);
      const other = await startTraefik(bin, { staticExtra: withRedis(redis.port, "elsewhere") });
      try {
        // Each Traefik turns them on when it connects; a Redis restarted without them in
        // redis.conf has them off until every Traefik reconnects.
        await redis.command("CONFIG", "SET", "notify-keyspace-events", "");
        const doctor = await runCli([
          "doctor",
          "--target",
          target,
          "--api",
          a.api,
          "--api",
          other.api,
          "--json",
        ]);
        expect(doctor.code, doctor.stderr).toBe(8);
        const report = JSON.parse(doctor.stdout) as {
          findings: { check: string; status: string; message: string }[];
        };
        const byCheck = report.findings.map((f) => [f.check, f.status]);
        expect(byCheck).toEqual([
          ["redis.notifications", "error"],
          ["traefik.redis-provider", "ok"],
          ["traefik.redis-provider", "error"],
        ]);
        expect(report.findings[2]!.message).toContain(other.api);
      } finally {
        await other.stop();
      }
    });

    it("removes the keys of a route that is gone, in the same transaction, and Traefik drops it", async () => {
      const first = await rendered(EXTRA_ROUTE);
      expect((await deploy(first)).code).toBe(0);
      expect((await keys()).filter((k) => k.includes("/extra-route/")).length).toBeGreaterThan(0);
      const second = await rendered();
      const run = await deploy(second);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ operation: "deployed" });
      expect((await keys()).filter((k) => k.includes("extra-route"))).toEqual([]);
      for (const t of [a, b]) {
        const routers = (await (await fetch(`${t.api}/api/http/routers`)).json()) as { name: string }[];
        expect(routers.map((r) => r.name)).not.toContain("extra-route@redis");
      }
      // status compares the tree key by key: a hand-set key is drift.
      await redis.command("SET", `${ROOT}/http/routers/portainer/priority`, "99");
      const status = await runCli(["status", "--target", target, "--file", second]);
      expect(status.code).toBe(1);
      expect(status.stderr).toContain("differs from");
    });

    it("rolls the whole tree back on both when one instance cannot serve the new revision, and says which", async () => {
      const first = await rendered();
      expect((await deploy(first)).code).toBe(0);
      const firstKeys = await keys();
      const second = await rendered(
        `routes:\n  - { name: secure-only, hosts: [secure.${DOMAIN}], url: "http://127.0.0.1:9", entry_points: [websecure] }\n`,
      );
      // Room for A's reload throttle (2 s) between the new revision and the rollback, under load.
      const run = await deploy(second, "--timeout", "8");
      expect(run.code, run.stderr).toBe(6);
      const report = JSON.parse(run.stdout) as ReportJson;
      expect(report.operation).toBe("rolled-back");
      expect(report.verify?.instances?.map((i) => [i.api, i.ok])).toEqual([
        [a.api, true],
        [b.api, false],
      ]);
      expect(report.rollback?.ok).toBe(true);
      expect(report.backup).toMatch(new RegExp(`^phoenix-mesh/${ROOT}/backup/`));
      expect(await keys()).toEqual(firstKeys);
      const revision = revisionIn(await readFile(first, "utf8"));
      for (const t of [a, b]) expect(await served(t)).toEqual([`phoenix-mesh-revision-${revision}@redis`]);
      expect(await redis.command("GET", `phoenix-mesh/${ROOT}/lock`)).toBe("$-1\r\n");
    });

    it("after a deploy killed at any point, the tree is whole and the next deploy succeeds at once", async () => {
      const first = await rendered();
      const second = await rendered(EXTRA_ROUTE);
      expect((await deploy(first)).code).toBe(0);
      const firstRevision = revisionIn(await readFile(first, "utf8"));
      const secondRevision = revisionIn(await readFile(second, "utf8"));
      // Killed as soon as it holds the lock (before or after its one transaction).
      const p = startCliProcess(["deploy", ...onBoth(), "--file", second, "--timeout", "5"], {
        ...process.env,
      });
      for (;;) {
        if ((await redis.command("EXISTS", `phoenix-mesh/${ROOT}/lock`)) === ":1\r\n") break;
        if (p.child.exitCode !== null) break;
        await new Promise((r) => setImmediate(r));
      }
      killGroup(p);
      await exitOf(p);
      // Whatever the kill interrupted, Redis holds one whole revision, never a mix.
      const revisionKey = await redis.command("GET", `phoenix-mesh/${ROOT}/revision`);
      const extra = (await keys()).some((k) => k.includes("extra-route"));
      expect(revisionKey.includes(secondRevision)).toBe(extra);
      expect(revisionKey.includes(firstRevision)).toBe(!extra);
      // The dead deploy's lock names a process that is gone: the next deploy takes it over.
      const run = await deploy(second, "--lock-timeout", "1");
      expect(run.code, run.stderr).toBe(0);
      for (const t of [a, b])
        expect(await served(t)).toEqual([`phoenix-mesh-revision-${secondRevision}@redis`]);
    });

    it("serves every request on both instances while a deploy changes the tree", async () => {
      const first = await rendered();
      expect((await deploy(first)).code).toBe(0);
      const second = await rendered(EXTRA_ROUTE);
      let stop = false;
      let failures = 0;
      let requests = 0;
      const load = [a, b].map(async (t) => {
        while (!stop) {
          const answer = await getWithHost(t.web, `portainer.${DOMAIN}`);
          requests++;
          if (answer.status !== 200) failures++;
        }
      });
      const run = await deploy(second);
      stop = true;
      await Promise.all(load);
      expect(run.code, run.stderr).toBe(0);
      expect(requests).toBeGreaterThan(10);
      expect(failures).toBe(0);
    });

    it("deploys from the settings file (deploy.target: redis://…, one traefik_api per instance)", async () => {
      const dir = await tempDir();
      const config = join(dir, "phoenix-mesh.yaml");
      await writeFile(
        config,
        `deploy:\n  target: "${target}"\n  traefik_api: ["${a.api}", "${b.api}"]\n  timeout: 5\n`,
      );
      const run = await runCli(["deploy", "--config", config, "--file", await rendered(), "--json"]);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as ReportJson).verify?.instances).toHaveLength(2);
      // deploy.targets are file targets: one Redis target already reaches every instance.
      await writeFile(
        config,
        `deploy:\n  targets:\n    - { target: "${target}", traefik_api: "${a.api}" }\n`,
      );
      const fleet = await runCli(["deploy", "--config", config, "--file", await rendered()]);
      expect(fleet.code).toBe(2);
      expect(fleet.stderr).toContain("phoenix-mesh.yaml");
    });

    it("tells each Traefik once about a change of many keys (one keyspace event), and leaves the server's setting as it was", async () => {
      // What Traefik's Redis client listens on (kvtools: __keyspace*:<root>*).
      const listener = await redis.listen(`__keyspace*:${ROOT}*`);
      try {
        const setting = await redis.command("CONFIG", "GET", "notify-keyspace-events");
        const run = await deploy(await rendered(EXTRA_ROUTE));
        expect(run.code, run.stderr).toBe(0);
        const written = (await keys()).length;
        expect(written).toBeGreaterThan(20);
        // Every key written, one event: the last key, written after the setting is back.
        const events = await listener.channels();
        expect(events).toHaveLength(1);
        expect(events[0]).toMatch(new RegExp(`^__keyspace@0__:${ROOT}/`));
        expect(run.stderr).toContain("one keyspace event");
        expect(await redis.command("CONFIG", "GET", "notify-keyspace-events")).toBe(setting);
        // A route removed and the revision renamed: several keys, one event again.
        const next = await deploy(await rendered());
        expect(next.code, next.stderr).toBe(0);
        expect(await listener.channels()).toHaveLength(2);
      } finally {
        listener.close();
      }
    });

    it("writes a key per event when the server refuses CONFIG SET to it (an ACL user), and still deploys", async () => {
      // Allowed everything but config|set: CONFIG SET queued in MULTI aborts the transaction.
      await redis.command(
        "ACL",
        "SETUSER",
        "deployer",
        "on",
        ">deployer-pw",
        "~*",
        "&*",
        "+@all",
        "-config|set",
      );
      const listener = await redis.listen(`__keyspace*:${ROOT}*`);
      try {
        const run = await runCli(
          [
            "deploy",
            "--target",
            `redis://deployer@127.0.0.1:${redis.port}/0?root_key=${ROOT}`,
            "--api",
            a.api,
            "--api",
            b.api,
            "--file",
            await rendered(),
            "--timeout",
            "5",
          ],
          { env: { PHOENIX_MESH_REDIS_PASSWORD: "deployer-pw" } },
        );
        expect(run.code, run.stderr).toBe(0);
        const written = (await keys()).length;
        expect(await listener.channels()).toHaveLength(written);
        expect(run.stderr).toContain(`${written} keyspace events`);
      } finally {
        listener.close();
      }
    });

    it("takes the password from the environment only, and says what to set when it is missing", async () => {
      const password = "s3cret-redis-pw";
      const locked = await startRedis({ password });
      const t = await startTraefik(bin, {
        staticExtra: `  redis: {endpoints: ["127.0.0.1:${locked.port}"], rootKey: "${ROOT}", password: "${password}"}`,
      });
      try {
        const file = await rendered();
        const args = ["deploy", "--target", locked.url, "--api", t.api, "--file", file, "--timeout", "5"];
        const without = await runCli(args, {
          env: { ...process.env, PHOENIX_MESH_REDIS_PASSWORD: undefined },
        });
        expect(without.code, without.stderr).toBe(4);
        expect(without.stderr).toContain("set PHOENIX_MESH_REDIS_PASSWORD");
        const run = await runCli(args, { env: { ...process.env, PHOENIX_MESH_REDIS_PASSWORD: password } });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr + run.stdout).not.toContain(password);
        expect(await locked.command("EXISTS", `${ROOT}/http/routers/portainer/rule`)).toBe(":1\r\n");
      } finally {
        await t.stop();
        await locked.stop();
      }
    });

    it("refuses a password in the URL, and a tree Traefik would read back differently, writing nothing", async () => {
      const withPassword = await runCli([
        "deploy",
        "--target",
        `redis://user:secret@127.0.0.1:${redis.port}/0`,
        "--api",
        a.api,
        "--file",
        await rendered(),
      ]);
      expect(withPassword.code).toBe(2);
      expect(withPassword.stderr).toContain("PHOENIX_MESH_REDIS_PASSWORD");
      expect(withPassword.stderr).not.toContain("secret");
      const file = await rendered();
      const text = await readFile(file, "utf8");
      // Eleven entryPoints: Traefik reads list items as sorted text (10 before 2).
      await writeFile(
        file,
        text.replace(
          'entryPoints: ["web"]',
          `entryPoints: [${Array.from({ length: 11 }, (_, i) => `"e${i}"`).join(", ")}]`,
        ),
      );
      const run = await deploy(file);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("more than 10");
      expect(await keys()).toEqual([]);
    });
  },
  [redisMissing],
);
