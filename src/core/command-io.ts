/** What a command may touch of the process: injected, so tests run commands in-process. */
export interface CommandIO {
  /** Data (YAML, JSON results). */
  stdout: (text: string) => void;
  /** Logs, tables and diagnostics for people. */
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
}
