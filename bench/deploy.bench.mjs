// npm run bench:deploy — time from `phoenix-mesh deploy` start to verified live (median of 5), and
// requests failed under steady load during a deploy: our staged, atomic deploy side by side with
// an in-place rewrite of the live file (what Phoenix does today: `pct push` over the watched file).
// Everything runs on loopback: the real Traefik (scripts/build-traefik.sh), the pct stand-in from
// the tests over a busybox root, and a local backend. Nothing here asserts a threshold.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, Agent } from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "bin/phoenix-mesh.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = netServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

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
for (const d of ["bin", "tmp", "etc/traefik/dynamic"]) mkdirSync(join(rootfs, d), { recursive: true });
copyFileSync("/bin/busybox", join(rootfs, "bin/busybox"));
execFileSync("chroot", [rootfs, "/bin/busybox", "--install", "-s", "/bin"]);
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
const [webPort, apiPort] = [await freePort(), await freePort()];
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

// Revisions to deploy: the same routes (BENCH_ROUTES, default 2,000: a file of a few hundred kB,
// which a truncating write puts on disk in several write() calls), and a middleware that differs
// per revision. The load goes to the router written last in the file, the one a partly written
// file lacks.
const routeCount = Number(process.env.BENCH_ROUTES ?? 2000);
const lastHost = `${Array.from({ length: routeCount }, (_, i) => `svc-${i}`)
  .sort()
  .at(-1)}.internal.bench.lan`;
const inventory = join(work, "inventory");
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
function renderRevision(i) {
  const dir = join(work, `rev-${i}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, "phoenix-mesh.yaml"),
    `inventory: ${JSON.stringify(inventory)}\noutput: dynamic_conf.yml\nmiddlewares:\n  rev: {headers: {customRequestHeaders: {X-Rev: "${i}"}}}\n`,
  );
  execFileSync(process.execPath, [cli, "render", "-q", "--config", join(dir, "phoenix-mesh.yaml")], {
    stdio: "ignore",
  });
  return join(dir, "dynamic_conf.yml");
}

/** Steady load on an unchanged route; returns a stop function giving {sent, failed}. */
function load() {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let running = true,
    sent = 0,
    failed = 0;
  const one = () =>
    new Promise((resolve) => {
      const req = request(
        { host: "127.0.0.1", port: webPort, path: "/", agent, headers: { host: lastHost } },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode !== 200) failed++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const workers = Array.from({ length: 4 }, async () => {
    while (running && sent < 200_000) {
      sent++;
      await one();
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

// Bring Traefik to a first revision.
let n = 0;
let file = renderRevision(n++);
execFileSync(
  process.execPath,
  [
    cli,
    "deploy",
    "--target",
    "pct://102/etc/traefik/dynamic/dynamic_conf.yml",
    "--api",
    api,
    "--file",
    file,
    "--timeout",
    "10",
  ],
  { env, stdio: "ignore" },
);

const results = { ours: { times: [], sent: 0, failed: 0 }, inPlace: { times: [], sent: 0, failed: 0 } };
for (let i = 0; i < runs; i++) {
  for (const mode of ["ours", "inPlace"]) {
    // Traefik throttles reloads of one provider to one per 2 s (providersThrottleDuration);
    // start each deploy from a quiet provider so the number measures the deploy.
    await sleep(2200);
    file = renderRevision(n++);
    const stop = load();
    await sleep(200);
    const t0 = performance.now();
    if (mode === "ours") {
      await new Promise((resolve, reject) => {
        const p = spawn(
          process.execPath,
          [
            cli,
            "deploy",
            "--target",
            "pct://102/etc/traefik/dynamic/dynamic_conf.yml",
            "--api",
            api,
            "--file",
            file,
            "--timeout",
            "10",
            "--json",
          ],
          { env, stdio: ["ignore", "pipe", "ignore"] },
        );
        let out = "";
        p.stdout.on("data", (d) => (out += d));
        p.on("exit", () => process.env.BENCH_VERBOSE && console.log(JSON.stringify(JSON.parse(out).timings)));
        p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`deploy exited ${code}`))));
      });
    } else {
      // Phoenix today: pct push over the live file (an in-place, truncating write).
      execFileSync("pct", ["push", "102", file, "/etc/traefik/dynamic/dynamic_conf.yml"], { env });
      await waitLive(revisionOf(file));
    }
    const ms = performance.now() - t0;
    await sleep(300);
    const { sent, failed } = await stop();
    results[mode].times.push(ms);
    results[mode].sent += sent;
    results[mode].failed += failed;
    console.log(JSON.stringify({ mode, run: i + 1, ms: Math.round(ms), sent, failed }));
  }
}
console.table({
  "phoenix-mesh deploy (stage + rename, verified)": {
    "median ms to verified live": Math.round(median(results.ours.times)),
    "requests sent": results.ours.sent,
    "requests failed": results.ours.failed,
  },
  "in-place rewrite (pct push over the live file)": {
    "median ms to verified live": Math.round(median(results.inPlace.times)),
    "requests sent": results.inPlace.sent,
    "requests failed": results.inPlace.failed,
  },
});
backend.close();
process.exit(0);
