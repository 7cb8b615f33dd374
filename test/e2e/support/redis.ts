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
  /** Listens on a PSUBSCRIBE pattern, as Traefik's Redis client does. */
  listen: (pattern: string) => Promise<Listener>;
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
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    process,
    command,
    listen: (pattern) => listen(port, pattern, command),
    stop: process.stop,
  };
}

export interface Listener {
  /** The channels of every message so far, once every message published before this call is in. */
  channels: () => Promise<string[]>;
  close: () => void;
}

/**
 * A connection subscribed to `pattern` (and to a marker channel of its own). `channels` publishes
 * to the marker and waits for it: Redis delivers one connection's messages in order, so every
 * message published before is in by then, with no waiting on time.
 */
async function listen(
  port: number,
  pattern: string,
  command: (...argv: string[]) => Promise<string>,
): Promise<Listener> {
  const marker = `phoenix-mesh-test-marker-${port}`;
  const socket = connect(port, "127.0.0.1");
  let text = "";
  const waiting: (() => void)[] = [];
  socket.on("data", (d: Buffer) => {
    text += d.toString();
    for (const w of waiting.splice(0)) w();
  });
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (test() ? resolve() : waiting.push(check));
      check();
    });
  const encode = (argv: readonly string[]) =>
    `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
  socket.write(encode(["PSUBSCRIBE", pattern, marker]));
  await until(() => text.split("psubscribe").length === 3 && /:2\r\n$/.test(text));
  let sent = 0;
  /** pmessage, pattern, channel, payload: the channel of each message on `pattern`. */
  const messages = () =>
    [...text.matchAll(/\$8\r\npmessage\r\n\$\d+\r\n([^\r]*)\r\n\$\d+\r\n([^\r]*)\r\n/g)]
      .filter((m) => m[1] === pattern)
      .map((m) => m[2]!);
  return {
    channels: async () => {
      const n = ++sent;
      await command("PUBLISH", marker, String(n));
      await until(() => text.includes(`${marker}\r\n$${String(n).length}\r\n${n}\r\n`));
      return messages();
    },
    close: () => socket.destroy(),
  };
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
