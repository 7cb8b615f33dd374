/**
 * The real Traefik, built by scripts/build-traefik.sh, started on loopback with its own ports and
 * folders for each test: an HTTP entryPoint, the API on its own entryPoint (insecure, no
 * dashboard), ping, and the file provider watching a directory.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { PROJECT_ROOT, tempDir } from "../../support/fixtures.js";
import { freePorts, waitFor } from "./ports.js";
import { startProcess, type Started } from "./processes.js";

/**
 * Path of the Traefik binary, or undefined when it has not been built: PHOENIX_MESH_TRAEFIK, else
 * the cache entry scripts/build-traefik.sh makes for the pinned tools/traefik module.
 */
export function findTraefik(): string | undefined {
  const fromEnv = process.env["PHOENIX_MESH_TRAEFIK"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const mod = join(PROJECT_ROOT, "tools/traefik");
  const goMod = readFileSync(join(mod, "go.mod"), "utf8");
  const version = /^\s*github\.com\/traefik\/traefik\/v3 (v\S+)/m.exec(goMod)?.[1];
  // Same key as the build script: the digest of go.mod and go.sum.
  const key = createHash("sha256")
    .update(goMod)
    .update(readFileSync(join(mod, "go.sum")))
    .digest("hex")
    .slice(0, 12);
  const cache =
    process.env["PHOENIX_MESH_CACHE"] ??
    join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "phoenix-mesh");
  const bin = join(cache, `traefik-${version ?? "unknown"}-${key}`);
  return existsSync(bin) ? bin : undefined;
}

/**
 * `describe` for suites that need the real Traefik (and maybe more: each `needs` entry returns
 * why a tool is missing, or undefined). Outside CI a missing tool skips the suite loudly; under
 * CI=true it is a failure, never a skip.
 */
export function describeWithTraefik(
  name: string,
  body: (traefik: string) => void,
  needs: (() => string | undefined)[] = [],
): void {
  const bin = findTraefik();
  const missing = [
    bin === undefined
      ? "Traefik is not built: run scripts/build-traefik.sh (needs Go) or set PHOENIX_MESH_TRAEFIK"
      : undefined,
    ...needs.map((need) => need()),
  ].filter((m) => m !== undefined);
  if (missing.length === 0 && bin !== undefined) {
    describe(name, () => body(bin));
    return;
  }
  const reason = missing.join("; ");
  if (process.env["CI"] === "true") throw new Error(`${name}: ${reason}`);
  console.warn(`\n!!! SKIPPED "${name}": ${reason}\n`);
  describe.skip(`${name} (SKIPPED: ${reason})`, () => body(""));
}

export interface RunningTraefik {
  api: string;
  web: string;
  webPort: number;
  dynamicDir: string;
  process: Started;
  stop: () => Promise<void>;
}

export async function startTraefik(
  bin: string,
  options: {
    staticExtra?: string;
    dynamicDir?: string;
    createDynamicDir?: boolean;
    /** The file provider reads only this file of dynamicDir (providers.file.filename) instead of the folder. */
    filename?: string;
    /** One more entryPoint, on its own port (an instance set up unlike its peers). */
    extraEntryPoint?: string;
  } = {},
): Promise<RunningTraefik> {
  const dir = await tempDir("phoenix-mesh-traefik-");
  const dynamicDir = options.dynamicDir ?? join(dir, "dynamic");
  // Leaving it missing makes Traefik's file provider fail at start (what doctor must detect).
  if (options.createDynamicDir !== false) await mkdir(dynamicDir, { recursive: true });
  const [webPort = 0, apiPort = 0, extraPort = 0] = await freePorts(3);
  const config = [
    "global: {checkNewVersion: false, sendAnonymousUsage: false}",
    "log: {level: DEBUG}",
    "entryPoints:",
    `  web: {address: "127.0.0.1:${webPort}"}`,
    `  traefik: {address: "127.0.0.1:${apiPort}"}`,
    options.extraEntryPoint === undefined
      ? ""
      : `  ${options.extraEntryPoint}: {address: "127.0.0.1:${extraPort}"}`,
    "api: {insecure: true, dashboard: false}",
    "ping: {entryPoint: traefik}",
    "providers:",
    options.filename === undefined
      ? `  file: {directory: ${JSON.stringify(dynamicDir)}, watch: true}`
      : `  file: {filename: ${JSON.stringify(join(dynamicDir, options.filename))}, watch: true}`,
    options.staticExtra ?? "",
  ].join("\n");
  await writeFile(join(dir, "traefik.yml"), config);
  const process = startProcess([bin, `--configfile=${join(dir, "traefik.yml")}`], { cwd: dir });
  const api = `http://127.0.0.1:${apiPort}`;
  try {
    await waitFor("Traefik's /ping", async () => {
      // A Traefik that exited (a port taken, a bad config) will never answer: say so at once.
      if (process.child.exitCode !== null) throw new Error(`Traefik exited with ${process.child.exitCode}`);
      return (await fetch(`${api}/ping`)).ok;
    });
  } catch (error) {
    await process.stop();
    throw new Error(`${(error as Error).message}\nTraefik output:\n${process.output()}`);
  }
  return { api, web: `http://127.0.0.1:${webPort}`, webPort, dynamicDir, process, stop: process.stop };
}
