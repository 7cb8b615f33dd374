/** `render` does not pay for git, GitHub or deploy code: the commands that need them import them lazily. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { EXAMPLE_REPO, PROJECT_ROOT, tempDir } from "../support/fixtures.js";

it("loads neither simple-git, Octokit, nor the deploy code when rendering", async () => {
  const dir = await tempDir();
  // A module-resolution hook that reports every module the process loads.
  const hooks = `data:text/javascript,${encodeURIComponent(
    'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\n"); return r; }',
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`;
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      register,
      join(PROJECT_ROOT, "bin/phoenix-mesh.js"),
      "render",
      "-q",
      "--config",
      join(EXAMPLE_REPO, "phoenix-mesh.yaml"),
      "--out",
      join(dir, "o.yml"),
    ],
    { encoding: "utf8" },
  );
  expect(run.status, run.stderr).toBe(0);
  const loaded = run.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
  expect(loaded.some((l) => l.includes("/dist/domain/render/handlebars.js"))).toBe(true);
  for (const heavy of [
    "simple-git",
    "@octokit",
    "/dist/adapters/targets/",
    "/dist/adapters/git/",
    "/dist/adapters/github/",
    "/dist/domain/doctor/",
  ]) {
    expect(
      loaded.filter((l) => l.includes(heavy)),
      heavy,
    ).toEqual([]);
  }
  // Other commands contribute their flags (command.js), never their orchestration.
  expect(loaded.filter((l) => /\/dist\/commands\/(?!render\/)[^/]+\/(?!command\.js)/.test(l))).toEqual([]);
}, 20_000);
