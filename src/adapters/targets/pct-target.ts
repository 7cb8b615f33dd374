/** A file inside an LXC, through `pct` on the Proxmox host (this machine, or over SSH). */
import { PhoenixMeshError } from "../../core/errors.js";
import type { ExecResult } from "../io/exec.js";
import type { Host } from "./host.js";
import { pct } from "./pct-commands.js";
import type { Target } from "./target.js";

export function pctTarget(host: Host, ctid: string, livePath: string, description: string): Target {
  const run = async (argv: readonly string[], what: string): Promise<ExecResult> => {
    const result = await host.run(argv);
    if (result.exitCode !== 0) {
      throw new PhoenixMeshError(
        "REMOTE",
        `${what} failed in LXC ${ctid} on ${host.name} (exit ${result.exitCode}): ${result.stderr.trim() || result.stdout.trim()}`,
        {
          hint:
            result.exitCode === 127
              ? "is this the Proxmox host (is `pct` installed)?"
              : `try it by hand: ${argv.join(" ")}`,
        },
      );
    }
    return result;
  };
  return {
    description,
    livePath,
    async readFile(path) {
      const exists = await host.run(pct.exec(ctid, ["test", "-f", path]));
      if (exists.exitCode === 1) return undefined;
      if (exists.exitCode !== 0) await run(pct.exec(ctid, ["test", "-f", path]), `checking ${path}`);
      const temp = await host.makeTemp("");
      try {
        const pulled = await host.run(pct.pull(ctid, path, temp));
        if (pulled.exitCode !== 0) {
          // Removed between the check and the pull (a lock released meanwhile): it does not exist.
          if ((await host.run(pct.exec(ctid, ["test", "-f", path]))).exitCode === 1) return undefined;
          await run(pct.pull(ctid, path, temp), `pct pull ${path}`);
        }
        return await host.readTemp(temp);
      } finally {
        await host.removeTemp(temp);
      }
    },
    async writeFile(path, content, mode) {
      const temp = await host.makeTemp(content);
      try {
        await run(pct.push(ctid, temp, path, mode), `pct push ${path}`);
        await run(pct.exec(ctid, ["sync"]), "sync");
      } finally {
        await host.removeTemp(temp);
      }
    },
    async rename(from, to) {
      await run(pct.exec(ctid, ["mv", "-f", from, to]), `mv ${from} ${to}`);
    },
    exec: (argv) => host.run(pct.exec(ctid, argv)),
    script: (argv, input) => host.run(pct.exec(ctid, argv), input),
    close: () => host.close(),
  };
}
