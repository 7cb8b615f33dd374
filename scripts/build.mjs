#!/usr/bin/env node
// Builds what phoenix-mesh ships, with esbuild (pinned exactly, so a rebuild is byte-identical):
//
//   dist/cli.js + dist/chunks/   the CLI (ESM). cli.js holds the argument parser and the commands'
//                                flags; each command's work, Octokit, simple-git and the deploy code
//                                are chunks loaded only by the command that needs them.
//   dist/action.js               the GitHub Action (runs.using: node24): ONE file, committed, so the
//                                action starts without installing anything. CI fails when the
//                                committed file differs from a rebuild (test/build/bundle.test.ts).
//
//   node scripts/build.mjs             # both
//   node scripts/build.mjs cli         # only the CLI (the test suite's set-up)
//   node scripts/build.mjs action --outdir D   # the action into D (the drift test compares)
//
// No source maps: the package ships no sources for them to point at. Names are kept (no identifier
// minification), so a stack trace in a bug report still reads.
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Node 20.9 is the oldest Node the bundle runs on (package.json engines); the action runs on node24. */
export const TARGET = "node20.9";

/** Build-time constants (see src/adapters/io/assets.ts). */
export function defines(kind) {
  return {
    __PM_BUILD__: JSON.stringify({ version: pkg.version, kind }),
  };
}

// Bundled CommonJS libraries (commander, handlebars…) call require() for Node's own modules;
// an ES module has no require, so give it one.
const ESM_REQUIRE =
  "import { createRequire as __pmCreateRequire } from 'node:module';\nconst require = __pmCreateRequire(import.meta.url);";

const common = {
  bundle: true,
  platform: "node",
  target: TARGET,
  format: "esm",
  legalComments: "none",
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  logLevel: "warning",
  banner: { js: ESM_REQUIRE },
};

/** Returns esbuild's metafile (which sources went into which chunk) when asked: the lazy-load test reads it. */
export async function buildCli(outdir, { metafile = false } = {}) {
  // Chunk names carry a content hash: clear the old ones (and what tsc once wrote here).
  for (const old of ["chunks", "cli.js", "adapters", "commands", "core", "domain", "generated", "cli.js.map"])
    rmSync(join(outdir, old), { recursive: true, force: true });
  const result = await build({
    ...common,
    entryPoints: { cli: join(root, "src/cli.ts") },
    outdir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    define: defines("cli"),
    metafile,
  });
  return result.metafile;
}

export async function buildAction(outfile) {
  await build({
    ...common,
    stdin: {
      contents: 'import { actionMain } from "./src/action.ts";\nawait actionMain();\n',
      resolveDir: root,
      sourcefile: "action-entry.ts",
      loader: "ts",
    },
    outfile,
    define: defines("action"),
  });
}

/**
 * What a command line asks for: the parts named (none: both) and where. `cli` alone must not
 * rebuild the committed dist/action.js (the test suite's set-up runs it; an earlier reading of the
 * arguments dropped the first one and rebuilt both).
 */
export function buildRequest(args) {
  const i = args.indexOf("--outdir");
  const outdir = i >= 0 ? args[i + 1] : join(root, "dist");
  const named = args.filter((_, j) => i < 0 || (j !== i && j !== i + 1));
  const all = named.length === 0;
  return { outdir, cli: all || named.includes("cli"), action: all || named.includes("action") };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const request = buildRequest(process.argv.slice(2));
  if (request.cli) await buildCli(request.outdir);
  if (request.action) await buildAction(join(request.outdir, "action.js"));
}
