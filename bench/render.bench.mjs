// npm run bench — wall time and peak memory (max RSS) of whole `phoenix-mesh render` processes (run
// through bin/phoenix-mesh.js as users run it, its node flags included) on
// synthetic inventories, the real Phoenix inventory, and one jq pass for comparison.
// Numbers are medians of several runs; nothing here asserts a threshold.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSyntheticInventory } from "./synthetic-inventory.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// BENCH_CLI compares another build (say, a worktree of an older commit) with the same cases.
const cli = process.env.BENCH_CLI ?? join(root, "bin/phoenix-mesh.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** Runs argv under GNU time; returns wall seconds and max RSS in MiB. */
function measure(argv, cwd) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", ...argv], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  const [wall, rssKb] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { wall, rss: rssKb / 1024 };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bench(label, argv, cwd) {
  const samples = Array.from({ length: runs }, () => measure(argv, cwd));
  const row = {
    case: label,
    "wall s (median)": median(samples.map((s) => s.wall)).toFixed(2),
    "max RSS MiB (median)": median(samples.map((s) => s.rss)).toFixed(0),
  };
  console.log(JSON.stringify(row));
  return row;
}

const rows = [];
const tmp = mkdtempSync(join(tmpdir(), "phoenix-mesh-bench-"));
// The single executable, built for this run (scripts/build-binary.mjs), unless BENCH_CLI is set.
const binary = process.env.BENCH_CLI === undefined ? join(tmp, "phoenix-mesh") : undefined;
if (binary !== undefined) {
  const r = spawnSync(process.execPath, [join(root, "scripts/build-binary.mjs"), "--out", binary], {
    cwd: root,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`build-binary failed:\n${r.stderr}`);
}
rows.push(bench("bare Node start (node -e 0), for scale", [process.execPath, "-e", "0"], tmp));
{
  // The real inventory (read in place); its HTTPS VMs need a backend_tls.
  const real = join(root, "../shared/fixtures/phoenix/2025-11-04-traefik-service-convention");
  writeFileSync(
    join(tmp, "real.yaml"),
    `inventory: ${JSON.stringify(real)}\noutput: real.yml\nbackend_tls: {root_cas: [/ca.crt]}\n`,
  );
  rows.push(
    bench(
      "real Phoenix inventory (2025-11-04, 11 guests)",
      [cli, "render", "-q", "--config", join(tmp, "real.yaml")],
      tmp,
    ),
  );
  if (binary !== undefined)
    rows.push(
      bench(
        "real Phoenix inventory, single executable",
        [binary, "render", "-q", "--config", join(tmp, "real.yaml")],
        tmp,
      ),
    );
}
for (const n of [100, 1000, 10000]) {
  const dir = join(tmp, `lxc-${n}`);
  writeSyntheticInventory(dir, n);
  const size = statSync(join(dir, "phoenix_lxc_configs.json")).size;
  rows.push(
    bench(
      `render ${n} LXCs + ${n / 10} VMs (${(size / 1e6).toFixed(1)} MB of JSON)`,
      [cli, "render", "-q", "--config", join(dir, "phoenix-mesh.yaml")],
      dir,
    ),
  );
  if (n === 10000 && binary !== undefined)
    rows.push(
      bench(
        `render ${n} LXCs + ${n / 10} VMs, single executable`,
        [binary, "render", "-q", "--config", join(dir, "phoenix-mesh.yaml")],
        dir,
      ),
    );
  if (n === 10000) {
    const jq =
      '.lxc_configs | to_entries[] | select(.value.traefik_service or .value.ports) | "\\(.value.name): Host(\\(.value.name)) -> http://\\(.value.network_config.ip):\\(.value.traefik_service.port // .value.ports[0])"';
    rows.push(
      bench(
        `jq baseline, ${n} LXCs, no validation`,
        ["jq", "-r", jq, join(dir, "phoenix_lxc_configs.json")],
        dir,
      ),
    );
  }
}
{
  // propose --dry-run going from 1,000 to 10,000 guests (its PR body holds the route table and a
  // line diff of the whole file), side by side with a render of the same 10,000-guest inventory.
  const git = (cwd, ...args) => {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  const remote = join(tmp, "remote.git");
  const repo = join(tmp, "config-repo");
  git(tmp, "init", "-q", "--bare", remote);
  git(tmp, "clone", "-q", remote, repo);
  git(repo, "config", "user.email", "bench@example.lan");
  git(repo, "config", "user.name", "bench");
  writeSyntheticInventory(repo, 1000);
  spawnSync(process.execPath, [cli, "render", "-q", "--config", join(repo, "phoenix-mesh.yaml")], {
    cwd: repo,
  });
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "1,000 guests");
  writeSyntheticInventory(repo, 10000);
  git(repo, "commit", "-q", "-am", "10,000 guests");
  git(repo, "push", "-q", "origin", "HEAD:main");
  const propose = bench(
    "propose --dry-run, 1,000 → 10,000 LXCs",
    [cli, "propose", "--repo", repo, "--dry-run"],
    repo,
  );
  const render = rows.find((r) => r.case.startsWith("render 10000"));
  rows.push(propose);
  console.log(
    `propose / render at 10,000 LXCs: ${(Number(propose["wall s (median)"]) / Number(render["wall s (median)"])).toFixed(1)}× the time, ${propose["max RSS MiB (median)"]} MiB peak`,
  );
}
if (process.env.BENCH_CLI === undefined) {
  // The action's `check` on the example config repository, as a runner starts it (node24
  // dist/action.js in a checkout with history), no network: from process start to exit.
  const git = (cwd, ...args) => {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  const remote = join(tmp, "example.git");
  const repo = join(tmp, "example");
  git(tmp, "init", "-q", "--bare", "--initial-branch=main", remote);
  git(tmp, "clone", "-q", remote, repo);
  cpSync(join(root, "examples/config-repo"), repo, { recursive: true });
  git(repo, "add", ".");
  git(repo, "-c", "user.name=bench", "-c", "user.email=bench@example.lan", "commit", "-q", "-m", "example");
  git(repo, "push", "-q", "origin", "HEAD:main");
  const summary = join(tmp, "summary.md");
  writeFileSync(summary, "");
  const cache = process.env.PHOENIX_MESH_CACHE ?? join(homedir(), ".cache/phoenix-mesh");
  const node24 = [process.env.PHOENIX_MESH_NODE24, join(cache, "node-v24.22.3/bin/node")].find(
    (p) => p !== undefined && existsSync(p),
  );
  const node = node24 ?? process.execPath;
  rows.push(
    bench(
      `action check on the example repo (${node24 === undefined ? `Node ${process.versions.node}` : "Node 24"})`,
      [
        "env",
        "INPUT_COMMAND=check",
        "INPUT_CONFIG=phoenix-mesh.yaml",
        "INPUT_BASE=main",
        `GITHUB_STEP_SUMMARY=${summary}`,
        node,
        join(root, "dist/action.js"),
      ],
      repo,
    ),
  );
}
rmSync(tmp, { recursive: true, force: true });
console.table(rows);
