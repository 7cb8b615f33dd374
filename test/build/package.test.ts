/**
 * What phoenix-mesh ships, checked the way users get it: the committed action bundle is what the
 * sources build; the npm tarball installs with --engine-strict and runs; the single executable
 * runs where no Node is on PATH; the launcher runs under BusyBox's sh.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script without types
import { compileTemplates, COMPILE_OPTIONS as SCRIPT_OPTIONS } from "../../scripts/compile-templates.mjs";
// @ts-expect-error -- a plain .mjs build script without types
import { buildRequest } from "../../scripts/build.mjs";
import { COMPILE_OPTIONS } from "../../src/domain/render/handlebars.js";
import { EXAMPLE_REPO, PROJECT_ROOT, tempDir } from "../support/fixtures.js";

const run = promisify(execFile);
const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, "package.json"), "utf8")) as {
  version: string;
  engines: { node: string };
  dependencies?: Record<string, string>;
};
const EXAMPLE_CONFIG = join(EXAMPLE_REPO, "phoenix-mesh.yaml");

describe("generated and bundled files in git", () => {
  it("dist/action.js is what the sources build (run `npm run build` and commit it)", async () => {
    const out = await tempDir();
    await run(process.execPath, [join(PROJECT_ROOT, "scripts/build.mjs"), "action", "--outdir", out]);
    const built = await readFile(join(out, "action.js"), "utf8");
    const committed = await readFile(join(PROJECT_ROOT, "dist/action.js"), "utf8");
    expect(built === committed).toBe(true);
  });

  // The suite's set-up runs `build.mjs cli`: it must leave the committed action alone, or this
  // drift check would compare a fresh build with itself.
  it("builds only the parts named: `cli` never rewrites dist/action.js", () => {
    const request = buildRequest as (args: string[]) => { outdir: string; cli: boolean; action: boolean };
    expect(request(["cli"])).toEqual({ outdir: join(PROJECT_ROOT, "dist"), cli: true, action: false });
    expect(request(["action", "--outdir", "/tmp/x"])).toEqual({ outdir: "/tmp/x", cli: false, action: true });
    expect(request(["--outdir", "/tmp/x", "cli"])).toEqual({ outdir: "/tmp/x", cli: true, action: false });
    expect(request([])).toMatchObject({ cli: true, action: true });
  });

  it("src/generated/templates.ts is what templates/ precompiles to (run `npm run templates`)", async () => {
    const committed = await readFile(join(PROJECT_ROOT, "src/generated/templates.ts"), "utf8");
    expect(committed === (compileTemplates as () => string)()).toBe(true);
    // Precompiled and run-time compiled templates behave alike only with the same options.
    expect(SCRIPT_OPTIONS).toEqual(COMPILE_OPTIONS);
  });
});

describe("the npm package", () => {
  it("holds the bundle, the launcher, the licence and no source maps, and has no dependencies to install", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: PROJECT_ROOT,
    });
    const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(["LICENSE", "bin/phoenix-mesh.js", "dist/cli.js", "package.json"]),
    );
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("src/") || f === "dist/action.js")).toEqual([]);
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it("installs from its tarball with --engine-strict, offline, and renders the example", async () => {
    const dir = await tempDir();
    // --ignore-scripts: dist/ is already built (test/global-setup.ts); prepack would rebuild it
    // under the feet of the other suites' running CLI processes.
    const { stdout } = await run("npm", ["pack", "--pack-destination", dir, "--silent", "--ignore-scripts"], {
      cwd: PROJECT_ROOT,
    });
    const tarball = join(dir, stdout.trim().split("\n").pop()!);
    const prefix = join(dir, "prefix");
    await run("npm", [
      "install",
      "--global",
      "--prefix",
      prefix,
      "--engine-strict",
      "--offline",
      "--no-audit",
      "--no-fund",
      tarball,
    ]);
    const bin = join(prefix, "bin/phoenix-mesh");
    expect((await run(bin, ["--version"])).stdout.trim()).toBe(pkg.version);
    const rendered = await run(bin, ["render", "--config", EXAMPLE_CONFIG, "--out", "-"], { cwd: dir });
    expect(rendered.stdout).toContain("portainer");
  });
});

// Outside CI a missing busybox skips loudly (reported as skipped, never as passed); under CI it fails.
const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((p) => existsSync(p));
const noBusybox = "busybox is not installed (apt-get install busybox-static; .ci/run does)";
if (busybox === undefined && process.env["CI"] === "true") throw new Error(noBusybox);
if (busybox === undefined) console.warn(`\n!!! SKIPPED the launcher under BusyBox: ${noBusybox}\n`);

describe("the launcher", () => {
  it.skipIf(busybox === undefined)("runs under BusyBox's sh, which has no `env -S`", async () => {
    const { stdout } = await run(busybox!, ["sh", join(PROJECT_ROOT, "bin/phoenix-mesh.js"), "--version"]);
    expect(stdout.trim()).toBe(pkg.version);
  });
});

describe("the single executable (npm run build:binary)", () => {
  it(
    "runs with no Node on PATH: --version, and a render identical to the npm CLI's",
    { timeout: 120_000 },
    async () => {
      const dir = await tempDir();
      const binary = join(dir, "phoenix-mesh");
      await run(process.execPath, [join(PROJECT_ROOT, "scripts/build-binary.mjs"), "--out", binary], {
        cwd: PROJECT_ROOT,
      });
      const empty = join(dir, "empty-path");
      await mkdir(empty);
      const env = { PATH: empty, HOME: dir };
      await expect(run("/bin/sh", ["-c", "command -v node"], { env })).rejects.toThrow();
      expect((await run(binary, ["--version"], { env })).stdout.trim()).toBe(pkg.version);
      const fromBinary = await run(binary, ["render", "--config", EXAMPLE_CONFIG, "--out", "-"], {
        env,
        cwd: dir,
      });
      const fromCli = await run(
        process.execPath,
        [join(PROJECT_ROOT, "bin/phoenix-mesh.js"), "render", "--config", EXAMPLE_CONFIG, "--out", "-"],
        { cwd: dir },
      );
      expect(fromBinary.stdout).toBe(fromCli.stdout);
      expect(fromBinary.stdout).toContain("portainer");
      // Its --help works too (commander in one file, nothing loaded from disk).
      expect((await run(binary, ["render", "--help"], { env })).stdout).toContain("--check");
    },
  );
});
