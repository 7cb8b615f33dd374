/**
 * Adapter: a real Traefik as the judge of dynamic configuration files (`check --traefik BIN`).
 * The files are copied, in their reading order, into a fresh folder that a Traefik started on
 * loopback reads with its directory provider (no watch, no throttle); its static configuration
 * holds only what judging needs — the user's entryPoints by name (on free loopback ports, UDP
 * kept UDP), the API, a JSON log at debug level — never resolvers or plugins, which would reach
 * the network. The verdict is what Traefik says: the file provider's error in its log, or each
 * object's status and errors in /api/rawdata once every object the provider received is listed.
 * Traefik is stopped, and the folder removed, whatever happens.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { basename, join } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import type { ConfigFile } from "../../domain/traefik/check-files.js";
import type { JudgeFacts, LogLine } from "../../domain/traefik/judge-verdict.js";
import { makeTempDir } from "../io/temp-dir.js";
import { httpGet } from "../traefik-api/http-get.js";

export interface JudgeInput {
  binary: string;
  files: ConfigFile[];
  /** Entry points by name and protocol (from the user's static configuration), or just `web`. */
  entryPoints: Map<string, "tcp" | "udp">;
  timeoutMs?: number;
  /** How ports are chosen (the kernel's free ones); a test gives taken ones to see the retry. */
  choosePorts?: (n: number) => Promise<number[]>;
}

export async function judgeWithTraefik(
  input: JudgeInput,
): Promise<JudgeFacts & { fileOf: Map<string, string> }> {
  const dir = await makeTempDir("judge");
  const dynamic = join(dir, "dynamic");
  await mkdir(dynamic);
  const fileOf = new Map<string, string>();
  for (const [i, file] of input.files.entries()) {
    const name = `${String(i).padStart(4, "0")}-${basename(file.path)}`;
    await writeFile(join(dynamic, name), file.text);
    fileOf.set(join(dynamic, name), file.path);
  }
  try {
    // The ports are free when chosen and taken by Traefik a moment later: another process can
    // take one in between (the suite starts many servers at once). Traefik then exits at once
    // with "address already in use"; one more try on fresh ports is all that takes.
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await judgeIn(dir, dynamic, input)), fileOf };
      } catch (error) {
        if (!(error instanceof PortTaken) || attempt >= 2) throw error;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Traefik could not listen on a port chosen for it: another process took it first. */
class PortTaken extends PhoenixMeshError {}

async function judgeIn(dir: string, dynamic: string, input: JudgeInput): Promise<JudgeFacts> {
  const ports = await (input.choosePorts ?? freePorts)(input.entryPoints.size + 1);
  const apiPort = ports.pop()!;
  const entryPoints = [...input.entryPoints].filter(([name]) => name !== "traefik");
  const log = join(dir, "traefik.log");
  const staticYaml = [
    "global: {checkNewVersion: false, sendAnonymousUsage: false}",
    `log: {level: DEBUG, format: json, filePath: ${JSON.stringify(log)}}`,
    "entryPoints:",
    ...entryPoints.map(
      ([name, kind], i) =>
        `  ${JSON.stringify(name)}: {address: "127.0.0.1:${ports[i]}${kind === "udp" ? "/udp" : ""}"}`,
    ),
    `  traefik: {address: "127.0.0.1:${apiPort}"}`,
    "api: {insecure: true, dashboard: false}",
    "ping: {entryPoint: traefik}",
    "providers:",
    "  providersThrottleDuration: 0s",
    `  file: {directory: ${JSON.stringify(dynamic)}, watch: false}`,
  ].join("\n");
  await writeFile(join(dir, "traefik.yml"), `${staticYaml}\n`);
  const child = spawn(input.binary, [`--configfile=${join(dir, "traefik.yml")}`], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  // A binary that cannot start emits "error" and never "exit".
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.on("error", () => resolve(null));
  });
  const started = new Promise<void>((resolve, reject) => {
    child.on("spawn", () => resolve());
    child.on("error", (e) =>
      reject(
        new PhoenixMeshError("USAGE", `cannot run ${input.binary}: ${e.message}`, {
          hint: "give the path of a Traefik v3 binary",
        }),
      ),
    );
  });
  const api = `http://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + (input.timeoutMs ?? 20_000);
  try {
    await started;
    const lines = await waitForProvider(
      log,
      deadline,
      () => child.exitCode !== null,
      () => stderr,
    );
    const version = JSON.parse((await getWhenReady(`${api}/api/version`, deadline)).text) as {
      Version?: string;
    };
    const received = lines.find(
      (l) => l["providerName"] === "file" && l["message"] === "Configuration received",
    );
    const expected = received === undefined ? 0 : countObjects(received["config"]);
    let rawdata: Record<string, Record<string, Record<string, unknown>>> = {};
    for (;;) {
      rawdata = JSON.parse((await get(`${api}/api/rawdata`)).text) as typeof rawdata;
      const listed = Object.values(rawdata).reduce(
        (n, objects) => n + Object.keys(objects ?? {}).filter((k) => k.endsWith("@file")).length,
        0,
      );
      if (listed >= expected) break;
      if (Date.now() > deadline)
        throw new PhoenixMeshError(
          "REMOTE",
          `Traefik listed ${listed} of the ${expected} objects it received before the time limit`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
    return { version: version.Version ?? "?", log: await readLog(log), rawdata };
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

/** The log's lines once the file provider has spoken: configuration received, or an error. */
async function waitForProvider(
  log: string,
  deadline: number,
  dead: () => boolean,
  stderr: () => string,
): Promise<LogLine[]> {
  for (;;) {
    const lines = await readLog(log);
    const spoke = lines.some(
      (l) =>
        (l["providerName"] === "file" && l["message"] === "Configuration received") ||
        (typeof l["message"] === "string" &&
          l["message"].includes("*file.Provider") &&
          l["level"] === "error"),
    );
    if (spoke) return lines;
    if (dead()) {
      // Traefik says why in its log (JSON, the static configuration's filePath), not on stderr.
      const last = [...lines].reverse().find((l) => l["level"] === "error" || l["level"] === "fatal");
      const why =
        last === undefined
          ? ""
          : [last["message"], last["error"]].filter((x) => typeof x === "string").join(": ");
      const reason = why || stderr().trim().split("\n").pop() || "no reason in its log or on stderr";
      const Failure = reason.includes("address already in use") ? PortTaken : PhoenixMeshError;
      throw new Failure("REMOTE", `Traefik exited before reading the files: ${reason}`);
    }
    if (Date.now() > deadline)
      throw new PhoenixMeshError("REMOTE", "Traefik did not read the files before the time limit");
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function readLog(path: string): Promise<LogLine[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    });
}

function countObjects(config: unknown): number {
  let n = 0;
  const c = (config ?? {}) as Record<string, Record<string, unknown>>;
  for (const section of ["http", "tcp", "udp"])
    for (const kind of ["routers", "services", "middlewares"])
      n += Object.keys(c[section]?.[kind] ?? {}).length;
  return n;
}

/** The API answers 404 until Traefik has applied its own internal routers: ask again until then. */
async function getWhenReady(url: string, deadline: number) {
  for (;;) {
    const answer = await httpGet(url, { timeoutMs: 5_000, maxBytes: 1024 * 1024 }).catch(() => undefined);
    if (answer?.status === 200) return answer;
    if (Date.now() > deadline)
      throw new PhoenixMeshError("REMOTE", `Traefik's API did not answer ${url} before the time limit`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function get(url: string) {
  const answer = await httpGet(url, { timeoutMs: 5_000, maxBytes: 64 * 1024 * 1024 });
  if (answer.status !== 200) throw new PhoenixMeshError("REMOTE", `${url} answered ${answer.status}`);
  return answer;
}

/** Ports the kernel hands out now, all held open together so no two are the same. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
