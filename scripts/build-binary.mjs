#!/usr/bin/env node
// `npm run build:binary`: a self-contained phoenix-mesh for the Proxmox host, which needs no Node
// there. It is Node's own single-executable application (SEA): the whole CLI bundled into one
// CommonJS file, its V8 code cache made at build time (so start-up skips compiling it), injected
// with postject into a copy of the node binary that runs this script.
//
//   dist/bin/phoenix-mesh-linux-<arch>    (arch: this machine's; the release workflow builds x64
//                                         and arm64 on runners of each)
//
//   node scripts/build-binary.mjs [--out FILE]
//
// The Node it carries is the Node that runs this script (CI and the release use Node 24; the
// project's tests use whatever Node runs them). Templates and the version are inside the bundle.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { defines, TARGET } from "./build.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The SEA fuse: the string postject flips so node looks for the injected script. */
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export async function buildBinary(out = join(root, "dist/bin", `phoenix-mesh-linux-${process.arch}`)) {
  if (!readFileSync(process.execPath).includes(FUSE)) {
    throw new Error(
      `${process.execPath} was built without single-executable support; use an official Node build`,
    );
  }
  const work = join(root, "dist/sea");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const script = join(work, "phoenix-mesh.cjs");
  await build({
    stdin: {
      contents: 'import { runCli } from "./src/cli.ts";\nvoid runCli();\n',
      resolveDir: root,
      sourcefile: "binary-entry.ts",
      loader: "ts",
    },
    outfile: script,
    bundle: true,
    platform: "node",
    target: TARGET,
    format: "cjs",
    legalComments: "none",
    minifyWhitespace: true,
    minifySyntax: true,
    define: defines("binary"),
    // assets.ts reads import.meta.url only outside the binary.
    logOverride: { "empty-import-meta": "silent" },
    logLevel: "warning",
  });
  const blob = join(work, "sea-prep.blob");
  const config = join(work, "sea-config.json");
  writeFileSync(
    config,
    JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }),
  );
  execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "inherit" });
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  copyFileSync(process.execPath, out);
  chmodSync(out, 0o755);
  execFileSync(
    process.execPath,
    [join(root, "node_modules/postject/dist/cli.js"), out, "NODE_SEA_BLOB", blob, "--sentinel-fuse", FUSE],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--out");
  const out = await buildBinary(i >= 0 ? resolve(process.argv[i + 1]) : undefined);
  console.log(out);
}
