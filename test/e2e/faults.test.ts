/**
 * Fault injection under a fixed seed (FAULT_SEED, default below): deploys killed at random
 * moments, deploys racing each other, a full disk in the container, an API that lies or stalls.
 * After each fault: the live file is one complete rendered file, Traefik serves exactly it, no
 * lock or half-written file is left, and the next deploy succeeds. The random kill points are the
 * fault being injected, not waits for readiness.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION } from "../support/fixtures.js";
import { createTestCa, type TestCa } from "./support/backends.js";
import { exitOf, killGroup, startCliProcess } from "./support/cli-process.js";
import { busyboxMissing, createStandInHost, type StandInHost } from "./support/container.js";
import { waitFor } from "./support/ports.js";
import { inventoryWithStandIns, renderToTemp } from "./support/standins.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const DOMAIN = "internal.thinkheads.ai";
const TARGET = "pct://102/etc/traefik/dynamic/dynamic_conf.yml";
const LIVE = "/etc/traefik/dynamic/dynamic_conf.yml";
const SEED = Number(process.env["FAULT_SEED"] ?? 20261201);

/** mulberry32: a small, well-known seeded generator; the same seed replays the same faults. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeWithTraefik(
  "faults and hostile conditions",
  (bin) => {
    let ca: TestCa;
    let host: StandInHost;
    let traefik: RunningTraefik;
    let inventory: string;
    let mounted: string | undefined;

    beforeEach(async () => {
      ca = await createTestCa();
      host = await createStandInHost();
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      inventory = (await inventoryWithStandIns(SERVICE_CONVENTION, DOMAIN, ca)).inventory;
    });
    afterEach(async () => {
      await traefik?.stop();
      if (mounted !== undefined) execFileSync("umount", [mounted]);
      mounted = undefined;
    });

    const rendered = (i: number) =>
      renderToTemp(
        inventory,
        DOMAIN,
        ca.caCert,
        `middlewares: {v${i}: {headers: {customRequestHeaders: {X-V: "${i}"}}}}\n`,
      );
    const deployArgs = (file: string) => [
      "deploy",
      "--target",
      TARGET,
      "--api",
      traefik.api,
      "--file",
      file,
      "--timeout",
      "20",
      "--lock-timeout",
      "150",
    ];
    const deploy = (file: string) => runCli(deployArgs(file), { env: host.env });

    /** The state after any fault: one complete file live, served by Traefik, nothing left behind. */
    async function expectConsistent(candidates: Map<string, string>): Promise<void> {
      const live = await readFile(host.path(LIVE), "utf8");
      expect([...candidates.values()], "the live file is one complete rendered file").toContain(live);
      const revision = /# revision: ([0-9a-f]{12})/.exec(live)![1]!;
      await waitFor(`Traefik to serve revision ${revision}`, async () =>
        (await (await fetch(`${traefik.api}/api/http/middlewares`)).text()).includes(
          `phoenix-mesh-revision-${revision}@file`,
        ),
      );
    }

    it(`survives random kills and races (seed ${SEED}): the live file is always complete and served, the next deploy succeeds`, async () => {
      const rng = random(SEED);
      const files = await Promise.all([0, 1, 2, 3].map(rendered));
      const texts = new Map(
        await Promise.all(files.map(async (f) => [f, await readFile(f, "utf8")] as const)),
      );
      expect((await deploy(files[0]!)).code).toBe(0);
      for (let round = 0; round < 6; round++) {
        const pick = () => files[Math.floor(rng() * files.length)]!;
        if (rng() < 0.5) {
          // A deploy killed at a random moment: before, during or after its swap or verify.
          const p = startCliProcess(deployArgs(pick()), host.env);
          await new Promise((r) => setTimeout(r, Math.floor(rng() * 1500)));
          killGroup(p);
          await exitOf(p);
        } else {
          const [a, b] = [
            startCliProcess(deployArgs(pick()), host.env),
            startCliProcess(deployArgs(pick()), host.env),
          ];
          expect([await exitOf(a), await exitOf(b)], a.output() + b.output()).toEqual([0, 0]);
        }
        await expectConsistent(texts);
      }
      const next = await deploy(files[3]!);
      expect(next.code, next.stderr).toBe(0);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(texts.get(files[3]!));
      expect(await readdir(host.path("/etc/traefik"))).not.toContain(".phoenix-mesh-deploy.lock");
      // Staged copies of the killed deploys are cleaned up by the next one.
      expect(await readdir(host.path("/etc/traefik/dynamic/.phoenix-mesh"))).toEqual([]);
    }, 180_000);

    it("fails clearly on a full disk in the container, leaving the live file, no lock and no half-written file; deploys once there is room", async () => {
      const first = await rendered(0);
      const second = await rendered(1);
      // The container's /etc/traefik on a small filesystem of its own (a real LXC's disk, full).
      await traefik.stop();
      mounted = host.path("/etc/traefik");
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mounted]);
      await mkdir(host.dynamicDir, { recursive: true });
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      expect((await deploy(first)).code).toBe(0);
      const free = Number(
        execFileSync("df", ["--output=avail", "-B1", mounted], { encoding: "utf8" }).split("\n")[1],
      );
      await writeFile(host.path("/etc/traefik/filler"), Buffer.alloc(Math.max(0, free - 4096)));
      const full = await deploy(second);
      expect(full.code, full.stderr).toBe(4);
      expect(full.stderr).toMatch(/disk full\?|cannot create the deploy lock/);
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(first, "utf8"));
      const left = await readdir(host.path("/etc/traefik"));
      expect(left.filter((f) => f.startsWith(".phoenix-mesh-deploy.lock"))).toEqual([]);
      expect((await readdir(host.path("/etc/traefik/dynamic/.phoenix-mesh")).catch(() => [])).length).toBe(0);
      const backups = await readdir(host.path("/etc/traefik/phoenix-mesh-backups")).catch(() => []);
      for (const b of backups)
        expect((await readFile(host.path(`/etc/traefik/phoenix-mesh-backups/${b}`))).length).toBeGreaterThan(
          0,
        );
      await rm(host.path("/etc/traefik/filler"));
      const roomy = await deploy(second);
      expect(roomy.code, roomy.stderr).toBe(0);
    });

    it.each([
      [
        "HTML instead of JSON",
        (res: ServerResponse) =>
          res.writeHead(200, { "content-type": "text/html" }).end("<html>proxy</html>"),
      ],
      ["JSON null", (res: ServerResponse) => res.writeHead(200).end("null")],
      ["a list of numbers", (res: ServerResponse) => res.writeHead(200).end("[1,2,3]")],
      [
        "X-Next-Page for ever",
        (res: ServerResponse, url: string) => {
          const page = Number(new URL(url, "http://x").searchParams.get("page") ?? "1");
          res
            .writeHead(200, { "x-next-page": String(page + 1) })
            .end('[{"name":"x@file","status":"enabled"}]');
        },
      ],
    ])(
      "reports an API that answers %s as an unreachable side (exit 4), never a crash, within bounds",
      async (_, answer) => {
        const server: Server = createServer((req, res) => {
          if (req.url === "/api/version") res.writeHead(200).end('{"Version":"3.6.12"}');
          else answer(res, req.url ?? "/");
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        try {
          const port = (server.address() as { port: number }).port;
          const file = await rendered(0);
          const started = performance.now();
          const run = await runCli([
            "verify",
            "--api",
            `http://127.0.0.1:${port}`,
            "--file",
            file,
            "--timeout",
            "2",
          ]);
          expect(run.code, run.stderr).toBe(4);
          expect(run.stderr).not.toMatch(/internal error/);
          expect(performance.now() - started).toBeLessThan(25_000);
        } finally {
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
        }
      },
    );
  },
  [busyboxMissing],
);
