/** The CLI as a real process (dist/, built by the global setup), in its own process group. */
import { join } from "node:path";
import { PROJECT_ROOT } from "../../support/fixtures.js";
import { startProcess, type Started } from "./processes.js";

export function startCliProcess(
  args: string[],
  env: Record<string, string | undefined>,
  cwd = PROJECT_ROOT,
): Started {
  return startProcess([process.execPath, join(PROJECT_ROOT, "bin/phoenix-mesh.js"), ...args], {
    env,
    cwd,
    detached: true,
  });
}

export async function exitOf(p: Started): Promise<number> {
  if (p.child.exitCode !== null) return p.child.exitCode;
  return new Promise((resolve) =>
    p.child.once("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128))),
  );
}

/** Kills the process and everything it started (the pct stand-in it is waiting on). */
export function killGroup(p: Started): void {
  if (p.child.pid === undefined) return;
  try {
    process.kill(-p.child.pid, "SIGKILL");
  } catch (error) {
    // ESRCH: the whole group has already exited (a random kill can land after the deploy ended).
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
