/**
 * How Traefik picks up the new file, once it is in place:
 *  - watch   (default) the file provider's watcher sees the rename; nothing to do;
 *  - sighup  Traefik v3 re-reads file providers on SIGHUP — but only inside a file provider that
 *            started; Traefik v2 has no handler and dies, so it is refused there;
 *  - restart `systemctl restart traefik`.
 */
import { PhoenixMeshError } from "../../core/errors.js";
import type { Target } from "./target.js";

import type { ReloadMode } from "../../domain/traefik/reload-modes.js";

export type { ReloadMode };

export function reloadArgv(mode: ReloadMode): string[] | undefined {
  switch (mode) {
    case "watch":
      return undefined;
    case "sighup":
      return ["pkill", "-HUP", "-x", "traefik"];
    case "restart":
      return ["systemctl", "restart", "traefik"];
  }
}

export function checkReloadSupported(mode: ReloadMode, traefikVersion: string): void {
  if (mode === "sighup" && /^v?2\./.test(traefikVersion)) {
    throw new PhoenixMeshError(
      "USAGE",
      `reload "sighup" refused: Traefik ${traefikVersion} has no SIGHUP handler, the signal would kill it`,
      {
        hint: "use --reload watch (with providers.file.watch: true) or --reload restart",
      },
    );
  }
}

export async function reload(target: Target, mode: ReloadMode): Promise<void> {
  const argv = reloadArgv(mode);
  if (argv === undefined) return;
  const result = await target.exec(argv);
  if (result.exitCode !== 0) {
    throw new PhoenixMeshError(
      "REMOTE",
      `reload (${argv.join(" ")}) failed with exit ${result.exitCode}: ${result.stderr.trim() || "no traefik process?"}`,
    );
  }
}
