/**
 * The Proxmox host that runs `pct`: this machine, or another one over SSH (system `ssh` client,
 * the user's keys and known_hosts; BatchMode so it never prompts). Over SSH every argv is quoted
 * for the remote shell, and temporary files are made with constant scripts whose data are
 * positional arguments.
 */
import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { makeTempDir } from "../io/temp-dir.js";
import { join } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import { shellQuote } from "../../core/text/shell-quote.js";
import { runProcess, type ExecResult, type ProcessInput, type ProcessRunner } from "../io/exec.js";

export interface Host {
  readonly name: string;
  run(argv: readonly string[], input?: ProcessInput): Promise<ExecResult>;
  /** A new private temporary file on the host holding `content`; returns its path. */
  makeTemp(content: string): Promise<string>;
  readTemp(path: string): Promise<string>;
  removeTemp(path: string): Promise<void>;
  close(): Promise<void>;
}

export function localHost(runner: ProcessRunner = runProcess): Host {
  let dir: string | undefined;
  return {
    name: "this machine",
    run: (argv, input) => runner(argv, input === undefined ? {} : { input }),
    async makeTemp(content) {
      dir ??= await makeTempDir("host");
      const path = join(dir, randomBytes(6).toString("hex"));
      await writeFile(path, content, { mode: 0o600 });
      return path;
    },
    readTemp: (path) => readFile(path, "utf8"),
    removeTemp: (path) => rm(path, { force: true }),
    async close() {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface SshOptions {
  user: string | undefined;
  host: string;
  port: number | undefined;
  /** Extra `ssh` options, e.g. ["-i", key, "-o", "UserKnownHostsFile=…"] (from PHOENIX_MESH_SSH_OPTIONS). */
  extraOptions: readonly string[];
  /** A folder for the connection-sharing socket. */
  controlDir: string;
}

/** Pure: the ssh argv that runs `argv` on the remote host: options, `--`, the host, the command. */
export function sshArgv(options: SshOptions, argv: readonly string[]): string[] {
  return [...sshOptions(options), "--", options.host, argv.map(shellQuote).join(" ")];
}

/**
 * Pure: the ssh argv that ends the shared connection. It must name the same host, port, user
 * and options as the commands did: the control socket's name (%C) is a hash of them.
 */
export function sshExitArgv(options: SshOptions): string[] {
  return [...sshOptions(options), "-O", "exit", "--", options.host];
}

/** Everything before the destination; the user goes as `-l`, so nothing of the URL precedes `--` as a word of its own. */
function sshOptions(options: SshOptions): string[] {
  return [
    "ssh",
    "-o",
    "BatchMode=yes",
    "-o",
    "ConnectTimeout=10",
    // One TCP connection for every command of a deploy (each would otherwise pay a handshake).
    "-o",
    "ControlMaster=auto",
    "-o",
    `ControlPath=${join(options.controlDir, "%C")}`,
    "-o",
    "ControlPersist=30",
    ...(options.port === undefined ? [] : ["-p", String(options.port)]),
    ...options.extraOptions,
    ...(options.user === undefined ? [] : ["-l", options.user]),
  ];
}

const MAKE_TEMP = 'umask 077 && f=$(mktemp /tmp/phoenix-mesh.XXXXXXXX) && cat > "$f" && printf %s "$f"';

export async function sshHost(
  options: Omit<SshOptions, "controlDir">,
  runner: ProcessRunner = runProcess,
): Promise<Host> {
  const controlDir = await makeTempDir("ssh");
  const full: SshOptions = { ...options, controlDir };
  const target = `${options.user === undefined ? "" : `${options.user}@`}${options.host}${options.port === undefined ? "" : `:${options.port}`}`;
  const run = async (argv: readonly string[], input?: ProcessInput): Promise<ExecResult> => {
    const result = await runner(sshArgv(full, argv), input === undefined ? {} : { input });
    // ssh itself exits 255 when it cannot connect or authenticate.
    if (result.exitCode === 255) {
      throw new PhoenixMeshError(
        "REMOTE",
        `ssh to ${target} failed: ${result.stderr.trim().split("\n").slice(-2).join(" ")}`,
        {
          hint: hostKeyHint(result.stderr, options.host),
        },
      );
    }
    return result;
  };
  const checked = async (argv: readonly string[], input?: string): Promise<string> => {
    const r = await run(argv, input);
    if (r.exitCode !== 0)
      throw new PhoenixMeshError(
        "REMOTE",
        `on ${target}: ${argv.slice(0, 3).join(" ")} failed (exit ${r.exitCode}): ${r.stderr.trim()}`,
      );
    return r.stdout;
  };
  return {
    name: target,
    run,
    makeTemp: (content) => checked(["sh", "-c", MAKE_TEMP], content),
    readTemp: (path) => checked(["cat", "--", path]),
    removeTemp: async (path) => {
      await run(["rm", "-f", "--", path]);
    },
    async close() {
      // Ends the shared connection now rather than leaving it for ControlPersist.
      await runner(sshExitArgv(full)).catch(() => undefined);
      await rm(controlDir, { recursive: true, force: true });
    },
  };
}

function hostKeyHint(stderr: string, host: string): string {
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/i.test(stderr)) {
    return `the host key of ${host} is unknown or has changed: check it, then add it to known_hosts (ssh-keyscan ${host} >> ~/.ssh/known_hosts); nothing was changed on the host`;
  }
  if (/Permission denied/i.test(stderr))
    return `the key was refused: check the user and that your key is in the host's authorized_keys; nothing was changed`;
  if (/Connection refused|timed out|No route/i.test(stderr))
    return `check the host, port and that sshd runs there; nothing was changed`;
  return "nothing was changed on the host";
}
