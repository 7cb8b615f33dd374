/** The dynamic configuration in a folder on this machine (Traefik runs here). */
import { open, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { readOptional } from "../io/read-optional.js";
import { runProcess, type ProcessRunner } from "../io/exec.js";
import type { Target } from "./target.js";

export function dirTarget(livePath: string, description: string, runner: ProcessRunner = runProcess): Target {
  return {
    description,
    livePath,
    readFile: (path) => readOptional(path),
    async writeFile(path, content, mode) {
      const handle = await open(path, "w", parseInt(mode, 8));
      try {
        await handle.writeFile(content, "utf8");
        await handle.chmod(parseInt(mode, 8));
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async rename(from, to) {
      await rename(from, to);
      const dir = await open(dirname(to), "r");
      await dir.sync().catch(() => undefined);
      await dir.close();
    },
    exec: (argv) => runner(argv),
    script: (argv, input) => runner(argv, input === undefined ? {} : { input }),
    close: () => Promise.resolve(),
  };
}
