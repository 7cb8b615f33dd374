/**
 * Every process a test starts goes through here, so all of them are stopped after the test file,
 * pass or fail, and on any exit of the worker.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { afterAll } from "vitest";

const running = new Set<ChildProcess>();

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export function startProcess(argv: [string, ...string[]], options: SpawnOptions = {}): Started {
  const [command, ...args] = argv;
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  child.once("exit", () => running.delete(child));
  return { child, output: () => output, stop: () => stopProcess(child) };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

afterAll(async () => {
  await Promise.all([...running].map(stopProcess));
});

process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});
