/**
 * Adapter: the one place that starts processes (pct, ssh, systemctl…). Always an argv array,
 * never a shell string; a shell only ever appears as a constant script with data passed as
 * positional arguments. Pure argv builders live beside their targets and are tested for exact argv.
 */
import { spawn } from "node:child_process";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Standard input given in two parts: `head` at once, then `tail` when it settles (and the input
 * ends there). When `tail` rejects, the input ends without it: the command sees its input cut
 * short. A deploy uses this to start the container call while it is still checking the file.
 */
export interface StreamedInput {
  head: string;
  tail: Promise<string>;
  /** Sees the command's output as it comes (the tail may wait for what the command says). */
  onOutput?: (text: string) => void;
}

export type ProcessInput = string | StreamedInput;

export interface ExecOptions {
  input?: ProcessInput;
  timeoutMs?: number;
  /** The environment of the command (the CLI's, so PATH decides which `pct` and `ssh` run). */
  env?: Record<string, string | undefined>;
}

export type ProcessRunner = (argv: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export const runProcess: ProcessRunner = (argv, options = {}) =>
  new Promise((resolve) => {
    const limit = options.timeoutMs ?? 60_000;
    const [command, ...args] = argv;
    if (command === undefined) throw new Error("runProcess: empty argv");
    const child = spawn(command, args, {
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.env === undefined ? {} : { env: options.env }),
    });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const done = (result: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      done({
        exitCode: 124,
        stdout,
        stderr: `${stderr}\n${command}: no answer within ${limit} ms`,
      });
    }, limit);
    const input = options.input ?? "";
    const onOutput = typeof input === "string" ? undefined : input.onOutput;
    child.stdout.on("data", (d: Buffer) => {
      const text = d.toString();
      stdout += text;
      onOutput?.(text);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error: NodeJS.ErrnoException) =>
      done({
        exitCode: 127,
        stdout,
        stderr: error.code === "ENOENT" ? `${command}: command not found` : error.message,
      }),
    );
    child.on("close", (code, signal) =>
      done({ exitCode: code ?? (signal === null ? 1 : 128), stdout, stderr }),
    );
    child.stdin.on("error", () => undefined); // the command may exit before reading its input
    if (typeof input === "string") child.stdin.end(input);
    else {
      child.stdin.write(input.head);
      input.tail.then(
        (tail) => child.stdin.end(tail),
        () => child.stdin.end(),
      );
    }
  });

/** A runner whose commands see `env`, each killed after `timeoutMs` (default: runProcess's). */
export function runnerWithEnv(env: Record<string, string | undefined>, timeoutMs?: number): ProcessRunner {
  return (argv, options = {}) =>
    runProcess(argv, { ...(timeoutMs === undefined ? {} : { timeoutMs }), ...options, env });
}
