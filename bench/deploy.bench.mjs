// npm run bench:deploy — side by side, at 20 and 2,000 routes (BENCH_ROUTES="20,2000"), median of
// BENCH_RUNS (5):
//   - phoenix-mesh deploy: ms from process start to verified live (the process's exit less its last
//     step, giving the lock back, which follows the proof), ms to the process's exit, pct calls
//     per deploy, requests failed under steady load;
//   - the same with a pct that charges 300 ms per call before doing anything (PCT_STANDIN_DELAY_MS:
//     a real Proxmox host starts a Perl process per pct call), so the call count shows;
//   - Traefik's own floor: a file renamed into the watched folder from a staging subfolder, ms
//     until the API lists its revision;
//   - an in-place rewrite of the live file (what Phoenix does today: `pct push` over it);
//   - the same file through Traefik's Redis provider to two Traefik instances (a redis-server on
//     loopback; skipped when redis-server is not installed), load on both;
//   - Traefik's floor through Redis: the one key that names the revision replaced in one
//     MULTI/EXEC, one keyspace event (the least a deploy can change), ms until both list it.
// BENCH_LOAD_RPS sets the load (default 400 requests/s; "max": back to back). Everything runs on loopback: the real Traefik (scripts/build-traefik.sh), the pct stand-in from
// the tests over a busybox root, and a local backend. Nothing here asserts a threshold.
// BENCH_MODES=ours,base,floor runs only those modes.
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, request, Agent } from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = process.env.BENCH_CLI ?? join(root, "bin/phoenix-mesh.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** `count` distinct free ports: every listener stays open until all are chosen. */
async function freePorts(count) {
  const servers = Array.from({ length: count }, () => netServer());
  const ports = await Promise.all(
    servers.map((s) => new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s.address().port)))),
  );
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const traefikBin = execFileSync(join(root, "scripts/build-traefik.sh"), {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
}).trim();
const work = mkdtempSync(join(tmpdir(), "phoenix-mesh-bench-deploy-"));
const children = [];
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

// The stand-in LXC 102 and pct on PATH.
const rootfs = join(work, "pve/102/rootfs");
for (const d of ["bin", "tmp", "dev", "etc/traefik/dynamic"]) mkdirSync(join(rootfs, d), { recursive: true });
copyFileSync("/bin/busybox", join(rootfs, "bin/busybox"));
execFileSync("chroot", [rootfs, "/bin/busybox", "--install", "-s", "/bin"]);
execFileSync("mknod", ["-m", "666", join(rootfs, "dev/null"), "c", "1", "3"]);
const env = {
  ...process.env,
  PATH: `${join(root, "test/e2e/support/bin")}:${process.env.PATH}`,
  PCT_STANDIN_ROOT: join(work, "pve"),
};
const live = join(rootfs, "etc/traefik/dynamic/dynamic_conf.yml");

// A backend and Traefik.
const backend = createServer((_, res) => res.end("ok")).listen(0, "127.0.0.1");
await new Promise((r) => backend.once("listening", r));
const backendPort = backend.address().port;
// Both ports chosen while both listeners are open: two in a row can be the same port.
const [webPort, apiPort] = await freePorts(2);
writeFileSync(
  join(work, "traefik.yml"),
  `entryPoints:\n  web: {address: "127.0.0.1:${webPort}"}\n  traefik: {address: "127.0.0.1:${apiPort}"}\napi: {insecure: true, dashboard: false}\nping: {entryPoint: traefik}\nproviders:\n  file: {directory: ${JSON.stringify(dirname(live))}, watch: true}\nlog: {level: ERROR}\n`,
);
const traefik = spawn(traefikBin, [`--configfile=${join(work, "traefik.yml")}`], { stdio: "ignore" });
children.push(traefik);
const api = `http://127.0.0.1:${apiPort}`;
for (let i = 0; i < 400; i++) {
  if (
    await fetch(`${api}/ping`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await sleep(25);
}

// Redis and two Traefik instances reading it (the redis mode), when redis-server is installed.
let redisTarget,
  redisClient,
  redisApis = [],
  redisWebPorts = [];
const hasRedis = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
async function waitPing(url) {
  for (let i = 0; i < 400; i++) {
    if (
      await fetch(`${url}/ping`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(25);
  }
  throw new Error(`${url} never answered`);
}
const redisConfs = [];
const redisTraefiks = [];
if (hasRedis) {
  const [redisPort, ...ports] = await freePorts(5);
  const redis = spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work],
    { stdio: "ignore" },
  );
  children.push(redis);
  redisTarget = `redis://127.0.0.1:${redisPort}/0?root_key=traefik`;
  redisClient = new Redis({ host: "127.0.0.1", port: redisPort, lazyConnect: true });
  for (let k = 0; k < 2; k++) {
    const [web, apiP] = [ports[2 * k], ports[2 * k + 1]];
    const conf = join(work, `traefik-redis-${k}.yml`);
    writeFileSync(
      conf,
      `entryPoints:\n  web: {address: "127.0.0.1:${web}"}\n  traefik: {address: "127.0.0.1:${apiP}"}\napi: {insecure: true, dashboard: false}\nping: {entryPoint: traefik}\nproviders:\n  redis: {endpoints: ["127.0.0.1:${redisPort}"], rootKey: traefik}\nlog: {level: ERROR}\n`,
    );
    redisConfs.push(conf);
    redisApis.push(`http://127.0.0.1:${apiP}`);
    redisWebPorts.push(web);
  }
  await startRedisTraefiks();
  await redisClient.connect();
}
/** Starts (or restarts) the two Traefik instances that read the Redis tree. */
async function startRedisTraefiks() {
  for (const t of redisTraefiks.splice(0)) {
    const gone = new Promise((r) => t.once("exit", r));
    t.kill("SIGKILL");
    await gone;
  }
  for (const conf of redisConfs) {
    const t = spawn(traefikBin, [`--configfile=${conf}`], { stdio: "ignore" });
    children.push(t);
    redisTraefiks.push(t);
  }
  await Promise.all(redisApis.map(waitPing));
}
/** The marker key of a revision in Traefik's KV layout. */
const markerKey = (revision) =>
  `traefik/http/middlewares/phoenix-mesh-revision-${revision}/headers/customResponseHeaders/X-Phoenix-Mesh-Revision`;
async function waitLiveRedis(revision) {
  await Promise.all(
    redisApis.map(async (a) => {
      for (;;) {
        const list = await (await fetch(`${a}/api/http/middlewares?per_page=100`)).json();
        if (list.some((m) => m.name === `phoenix-mesh-revision-${revision}@redis`)) return;
        await sleep(5);
      }
    }),
  );
}
let redisLive; // the revision the Redis tree holds

// Revisions to deploy: `routeCount` routes (a file of a few hundred kB at 2,000, which a
// truncating write puts on disk in several write() calls), and a middleware that differs per
// revision. The load goes to the router written last in the file, the one a partly written file lacks.
const inventoryFor = (routeCount) => {
  const inventory = join(work, `inventory-${routeCount}`);
  mkdirSync(inventory);
  writeFileSync(
    join(inventory, "phoenix_hypervisor_config.json"),
    JSON.stringify({ domain_name: "bench.lan" }),
  );
  writeFileSync(join(inventory, "phoenix_vm_configs.json"), JSON.stringify({ vms: [] }));
  writeFileSync(
    join(inventory, "phoenix_lxc_configs.json"),
    JSON.stringify({
      lxc_configs: Object.fromEntries(
        Array.from({ length: routeCount }, (_, i) => [
          String(200 + i),
          {
            name: `svc-${i}`,
            network_config: { ip: "127.0.0.1/8" },
            traefik_service: { name: `svc-${i}`, port: backendPort },
          },
        ]),
      ),
    }),
  );
  return inventory;
};
let n = 0;
function renderRevision(inventory) {
  const dir = join(work, `rev-${n}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, "phoenix-mesh.yaml"),
    `inventory: ${JSON.stringify(inventory)}\noutput: dynamic_conf.yml\nmiddlewares:\n  rev: {headers: {customRequestHeaders: {X-Rev: "${n++}"}}}\n`,
  );
  execFileSync(process.execPath, [cli, "render", "-q", "--config", join(dir, "phoenix-mesh.yaml")], {
    stdio: "ignore",
  });
  return join(dir, "dynamic_conf.yml");
}

/**
 * Steady load on an unchanged route; returns a stop function giving {sent, failed}. Four
 * keep-alive connections at BENCH_LOAD_RPS requests a second in all (default 400: a busy
 * homelab); BENCH_LOAD_RPS=max sends back to back, which on a two-core machine leaves little CPU
 * to anything else (the deploy's node and pct processes included).
 */
const loadRps = process.env.BENCH_LOAD_RPS ?? "400";
const workerGapMs = loadRps === "max" ? 0 : 4000 / Number(loadRps);
function load(host, port = webPort) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let running = true,
    sent = 0,
    failed = 0;
  const one = () =>
    new Promise((resolve) => {
      const req = request({ host: "127.0.0.1", port, path: "/", agent, headers: { host } }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) failed++;
          resolve();
        });
      });
      req.on("error", () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const workers = Array.from({ length: 4 }, async () => {
    while (running && sent < 200_000) {
      sent++;
      const t = performance.now();
      await one();
      const rest = workerGapMs - (performance.now() - t);
      if (rest > 0) await sleep(rest);
    }
  });
  return async () => {
    running = false;
    await Promise.all(workers);
    agent.destroy();
    return { sent, failed };
  };
}

const revisionOf = (file) => /# revision: ([0-9a-f]{12})/.exec(readFileSync(file, "utf8"))[1];
async function waitLive(revision) {
  for (;;) {
    const list = await (await fetch(`${api}/api/http/middlewares?per_page=100`)).json();
    if (list.some((m) => m.name === `phoenix-mesh-revision-${revision}@file`)) return;
    await sleep(5);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pctLog = join(work, "pve/pct.log");
const pctCalls = () =>
  readFileSync(pctLog, "utf8")
    .split("\n")
    .filter((l) => l !== "" && !/^\d+ EXIT /.test(l)).length;

function deploy(file, extraEnv = {}, cliPath = cli, redis = false) {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        cliPath,
        "deploy",
        "--target",
        redis ? redisTarget : "pct://102/etc/traefik/dynamic/dynamic_conf.yml",
        ...(redis ? redisApis : [api]).flatMap((a) => ["--api", a]),
        "--file",
        file,
        "--timeout",
        "10",
        "--json",
      ],
      { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`deploy exited ${code}: ${out}`));
      const { timings, verify, totalMs } = JSON.parse(out);
      if (process.env.BENCH_VERBOSE)
        console.log(
          JSON.stringify({ timings, totalMs, loadedAfterMs: Math.round(verify?.loadedAfterMs ?? -1) }),
        );
      resolve({ releaseMs: timings.find((t) => t.step === "release")?.ms ?? 0 });
    });
  });
}

// BENCH_CLI_BASE=<another build's bin/phoenix-mesh.js> adds its deploy, interleaved run by run
// with this one's, so a change is compared under the same load (this machine's noise drifts).
const baseCli = process.env.BENCH_CLI_BASE;
const MODES = {
  ours: "phoenix-mesh deploy",
  ...(baseCli === undefined
    ? {}
    : {
        base: `phoenix-mesh deploy, base build (${baseCli})`,
        baseSlowPct: `phoenix-mesh deploy, base build, pct at 300 ms a call`,
      }),
  slowPct: "phoenix-mesh deploy, pct at 300 ms a call",
  floor: "Traefik's floor: rename into the watched folder",
  inPlace: "in-place rewrite (pct push over the live file)",
  ...(hasRedis
    ? {
        redis: "phoenix-mesh deploy through Redis, verified on 2 Traefik instances",
        redisFloor: "Traefik's floor through Redis: one key replaced in MULTI/EXEC, seen by both",
      }
    : {}),
};
const table = {};
for (const routeCount of (process.env.BENCH_ROUTES ?? "20,2000").split(",").map(Number)) {
  const inventory = inventoryFor(routeCount);
  const lastHost = `${Array.from({ length: routeCount }, (_, i) => `svc-${i}`)
    .sort()
    .at(-1)}.internal.bench.lan`;
  await deploy(renderRevision(inventory)); // bring Traefik to this size first
  if (hasRedis) {
    const first = renderRevision(inventory);
    await deploy(first, {}, cli, true);
    redisLive = revisionOf(first);
    // Growing the tree to this size wrote thousands of keys, each a keyspace event, and Traefik's
    // Redis client re-reads the whole tree once per event (kvtools' watchLoop): at 2,000 routes that
    // backlog keeps each instance busy for a long time (docs/high-availability.md), and every run
    // would be measured behind it, with a configuration leaving the 2 s throttle every 2 s. Start
    // the instances afresh: they read the tree once, as after the first deploy of a real homelab.
    await startRedisTraefiks();
    await waitLiveRedis(redisLive);
  }
  const results = Object.fromEntries(
    Object.keys(MODES).map((m) => [m, { times: [], exits: [], calls: [], sent: 0, failed: 0 }]),
  );
  const modes = (process.env.BENCH_MODES ?? Object.keys(MODES).join(",")).split(",");
  for (let i = 0; i < runs; i++) {
    for (const mode of modes) {
      // Traefik throttles reloads of one provider to one per 2 s (providersThrottleDuration): after
      // publishing a configuration it holds the next for 2 s. An in-place write fires several
      // events (each a configuration, the last up to 2 s later), so wait two windows: each deploy
      // then starts from a quiet provider, and the number measures the deploy, not the mode before.
      await sleep(4200);
      const file = renderRevision(inventory);
      // The Redis modes load both instances (each as loaded as the single file's Traefik), the floor too.
      const stops = mode.startsWith("redis")
        ? redisWebPorts.map((port) => load(lastHost, port))
        : [load(lastHost)];
      const stop = async () => {
        const all = await Promise.all(stops.map((f) => f()));
        return { sent: all.reduce((a, b) => a + b.sent, 0), failed: all.reduce((a, b) => a + b.failed, 0) };
      };
      await sleep(200);
      const callsBefore = pctCalls();
      const t0 = performance.now();
      let releaseMs = 0;
      if (mode === "ours") ({ releaseMs } = await deploy(file));
      else if (mode === "base") ({ releaseMs } = await deploy(file, {}, baseCli));
      else if (mode === "baseSlowPct")
        ({ releaseMs } = await deploy(file, { PCT_STANDIN_DELAY_MS: "300" }, baseCli));
      else if (mode === "slowPct") ({ releaseMs } = await deploy(file, { PCT_STANDIN_DELAY_MS: "300" }));
      else if (mode === "redis") {
        ({ releaseMs } = await deploy(file, {}, cli, true));
        redisLive = revisionOf(file);
      } else if (mode === "redisFloor") {
        // The revision marker renamed in one transaction, one keyspace event (the old key deleted
        // with notifications off, as a deploy does): the least a deploy can change.
        const next = revisionOf(file);
        const [, notify] = await redisClient.config("GET", "notify-keyspace-events");
        const t1 = performance.now();
        await redisClient
          .multi()
          .config("SET", "notify-keyspace-events", "")
          .del(markerKey(redisLive))
          .config("SET", "notify-keyspace-events", notify)
          .set(markerKey(next), next)
          .exec();
        await waitLiveRedis(next);
        results[mode].times.push(performance.now() - t1);
        redisLive = next;
      } else if (mode === "floor") {
        // Staged in the hidden subfolder (no event in the watched folder), then renamed over the live file.
        const staged = join(dirname(live), ".phoenix-mesh", "bench.staged");
        mkdirSync(dirname(staged), { recursive: true });
        copyFileSync(file, staged);
        const t1 = performance.now();
        renameSync(staged, live);
        await waitLive(revisionOf(file));
        results[mode].times.push(performance.now() - t1);
      } else {
        execFileSync("pct", ["push", "102", file, "/etc/traefik/dynamic/dynamic_conf.yml"], { env });
        await waitLive(revisionOf(file));
      }
      const ms = performance.now() - t0;
      if (mode !== "floor" && mode !== "redisFloor") {
        results[mode].times.push(ms - releaseMs);
        results[mode].exits.push(ms);
      }
      results[mode].calls.push(pctCalls() - callsBefore);
      await sleep(300);
      const { sent, failed } = await stop();
      results[mode].sent += sent;
      results[mode].failed += failed;
      console.log(
        JSON.stringify({
          routes: routeCount,
          mode,
          run: i + 1,
          ms: Math.round(results[mode].times.at(-1)),
          pctCalls: results[mode].calls.at(-1),
          sent,
          failed,
        }),
      );
    }
  }
  const floor = median(results.floor.times);
  const single = median(results.ours.times);
  for (const [mode, label] of Object.entries(MODES)) {
    const r = results[mode];
    if (r.times.length === 0) continue;
    table[`${routeCount} routes: ${label}`] = {
      "median ms to verified live": Math.round(median(r.times)),
      "× Traefik's floor": mode === "floor" ? 1 : Number((median(r.times) / floor).toFixed(1)),
      "× its floor via Redis":
        mode.startsWith("redis") && results.redisFloor.times.length > 0
          ? Number((median(r.times) / median(results.redisFloor.times)).toFixed(1))
          : "-",
      "× single-file deploy": Number((median(r.times) / single).toFixed(2)),
      "median ms to exit": r.exits.length === 0 ? "-" : Math.round(median(r.exits)),
      "pct calls": median(r.calls),
      "requests sent": r.sent,
      "requests failed": r.failed,
    };
  }
}
console.log(
  `load: ${loadRps === "max" ? "back to back on 4 connections" : `${loadRps} requests/s on 4 connections`}`,
);
console.table(table);
backend.close();
redisClient?.disconnect();
process.exit(0);
