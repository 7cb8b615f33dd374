/**
 * `render` does not pay for git, GitHub or deploy code, nor for Handlebars' compiler when the
 * built-in (precompiled) templates are used: the bundle's chunks that a render loads are read
 * from a module hook, and mapped back to their sources through esbuild's metafile.
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script without types
import { buildCli } from "../../scripts/build.mjs";
import { EXAMPLE_REPO, PROJECT_ROOT, tempDir } from "../support/fixtures.js";

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** The sources inside every chunk a `render` run loads. */
async function sourcesLoadedByRender(extraArgs: string[] = []): Promise<string[]> {
  const dir = await tempDir();
  const dist = join(dir, "dist");
  const meta = await (buildCli as (d: string, o: object) => Promise<Metafile>)(dist, {
    metafile: true,
  });
  const hooks = `data:text/javascript,${encodeURIComponent(
    'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\n"); return r; }',
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`;
  const entry = join(dir, "main.mjs");
  await writeFile(
    entry,
    `import { runCli } from ${JSON.stringify(join(dist, "cli.js"))};\nawait runCli();\n`,
  );
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      register,
      entry,
      "render",
      "-q",
      "--config",
      join(EXAMPLE_REPO, "phoenix-mesh.yaml"),
      "--out",
      join(dir, "o.yml"),
      ...extraArgs,
    ],
    { encoding: "utf8", cwd: PROJECT_ROOT },
  );
  expect(run.status, run.stderr).toBe(0);
  const loaded = new Set(
    run.stderr
      .split("\n")
      .filter((l) => l.startsWith("LOADED file://"))
      .map((l) => relative(PROJECT_ROOT, new URL(l.slice("LOADED ".length)).pathname)),
  );
  expect(loaded.size).toBeGreaterThan(1);
  return Object.entries(meta.outputs)
    .filter(([out]) => loaded.has(out) || loaded.has(relative(PROJECT_ROOT, join(PROJECT_ROOT, out))))
    .flatMap(([, o]) => Object.keys(o.inputs));
}

it("loads neither simple-git, Octokit, the deploy code nor Handlebars' compiler when rendering", async () => {
  const sources = await sourcesLoadedByRender();
  expect(sources).toContain("src/domain/render/handlebars.ts");
  for (const heavy of [
    "node_modules/simple-git/",
    "node_modules/@octokit/",
    "src/adapters/targets/",
    "src/adapters/git/",
    "src/adapters/github/",
    "src/domain/doctor/",
    "node_modules/handlebars/dist/cjs/handlebars/compiler/",
    "node_modules/source-map/",
  ]) {
    expect(
      sources.filter((s) => s.includes(heavy)),
      heavy,
    ).toEqual([]);
  }
  // Other commands contribute their flags (command.ts), never their orchestration.
  expect(sources.filter((s) => /^src\/commands\/(?!render\/)[^/]+\/(?!command\.ts)/.test(s))).toEqual([]);
}, 60_000);

it("loads Handlebars' compiler for a user's own templates", async () => {
  const templates = join(await tempDir(), "templates");
  await mkdir(join(templates, "partials"), { recursive: true });
  await writeFile(join(templates, "partials/extra.hbs"), "# {{q domain}}\n");
  const sources = await sourcesLoadedByRender(["--templates", templates]);
  expect(sources.some((s) => s.includes("node_modules/handlebars/dist/cjs/handlebars/compiler/"))).toBe(true);
}, 60_000);
