/**
 * Where the dynamic configuration lives: inside LXC 102 through `pct` (on the host, or over SSH),
 * or a local folder. Deploy, status and doctor speak only this interface.
 */
import type { ExecResult, ProcessInput } from "../io/exec.js";

export interface Target {
  /** For people: "LXC 102:/etc/traefik/dynamic/dynamic_conf.yml (pct)". */
  readonly description: string;
  /** The live file's path inside the container (or on this machine). */
  readonly livePath: string;
  /** The file's content, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Writes a file and flushes it to disk before returning. */
  writeFile(path: string, content: string, mode: string): Promise<void>;
  /** rename(2): atomic when both paths are in the same folder. */
  rename(from: string, to: string): Promise<void>;
  /** Runs a command inside the container (or here, for a local folder). */
  exec(argv: readonly string[]): Promise<ExecResult>;
  /**
   * Runs a constant script (argv: sh -c SCRIPT name args…) inside the container with `input` on
   * its stdin (a streamed input's tail follows when it is ready).
   */
  script(argv: readonly string[], input?: ProcessInput): Promise<ExecResult>;
  close(): Promise<void>;
}
