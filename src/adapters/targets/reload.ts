/**
 * Carries out a reload mode (domain/traefik/reload-modes.ts says what each means). SIGHUP
 * re-reads file providers only inside a file provider that started, and Traefik v2 has no
 * handler and dies, so it is refused there.
 */
import { PhoenixMeshError } from "../../core/errors.js";
import type { ReloadMode } from "../../domain/traefik/reload-modes.js";
import type { Target } from "./target.js";

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
