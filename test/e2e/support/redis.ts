/**
 * A real Redis server (Debian's redis-server, installed by .ci/run) on a free loopback port, with
 * no persistence. Keyspace notifications are left as Redis starts them (off) unless asked for:
 * Traefik's Redis provider turns them on itself when it connects, and doctor must see when they
 * are off.
 */
import { execFileSync } from "node:child_process";
import { connect } from "node:net";
import { tempDir } from "../../support/fixtures.js";
import { freePort, waitFor } from "./ports.js";
import { startProcess, type Started } from "./processes.js";

export interface RunningRedis {
  port: number;
  url: string;
  process: Started;
  /** Sends one command (argv) and gives the raw reply. */
  command: (...argv: string[]) => Promise<string>;
  stop: () => Promise<void>;
}

/** Why redis-server cannot run here, or undefined when it can. */
export function redisMissing(): string | undefined {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "redis-server is not installed (apt-get install redis-server; .ci/run installs it)";
  }
}

export async function startRedis(
  options: { notifications?: string; password?: string } = {},
): Promise<RunningRedis> {
  const dir = await tempDir("phoenix-mesh-redis-");
  const port = await freePort();
  const argv: [string, ...string[]] = [
    "redis-server",
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
  ];
  if (options.notifications !== undefined) argv.push("--notify-keyspace-events", options.notifications);
  if (options.password !== undefined) argv.push("--requirepass", options.password);
  const process = startProcess(argv, { cwd: dir });
  const auth = options.password === undefined ? [] : [["AUTH", options.password]];
  const command = (...args: string[]) => redisCommand(port, args, auth);
  try {
    await waitFor("redis-server's PING", async () => {
      if (process.child.exitCode !== null)
        throw new Error(`redis-server exited with ${process.child.exitCode}`);
      return (await command("PING").catch(() => "")).startsWith("+PONG");
    });
  } catch (error) {
    await process.stop();
    throw new Error(`${(error as Error).message}\n${process.output()}`);
  }
  return { port, url: `redis://127.0.0.1:${port}/0`, process, command, stop: process.stop };
}

/**
 * One RESP command over a fresh connection (after AUTH, when the server has a password); the
 * command's reply as Redis wrote it.
 */
function redisCommand(port: number, args: readonly string[], before: readonly string[][]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const encode = (argv: readonly string[]) =>
      `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
    const request = [...before, args].map(encode).join("");
    let skip = before.length;
    let reply = "";
    const done = () => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(2000, () => {
      socket.destroy();
      reject(new Error("redis timed out"));
    });
    socket.on("error", reject);
    socket.on("data", (d: Buffer) => {
      reply += d.toString();
      // The AUTH replies come first: "+OK" each.
      while (skip > 0 && reply.includes("\r\n")) {
        reply = reply.slice(reply.indexOf("\r\n") + 2);
        skip--;
      }
      if (skip === 0 && reply !== "" && complete(reply)) done();
    });
    socket.write(request);
  });
}

/** Whether a RESP reply is whole (simple replies, bulk strings and arrays of them). */
function complete(text: string): boolean {
  const at = { i: 0 };
  const one = (): boolean => {
    const end = text.indexOf("\r\n", at.i);
    if (end < 0) return false;
    const head = text.slice(at.i, end);
    at.i = end + 2;
    const kind = head[0];
    const n = Number(head.slice(1));
    if (kind === "$") {
      if (n < 0) return true;
      if (Buffer.byteLength(text.slice(at.i)) < n + 2) return false;
      at.i += n + 2;
      return true;
    }
    if (kind === "*") {
      for (let k = 0; k < n; k++) if (!one()) return false;
      return true;
    }
    return true;
  };
  return one();
}
