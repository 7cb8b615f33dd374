/**
 * `doctor --fix`: only safe, reversible fixes it can prove. Today that is the systemd unit:
 * SIGHUP reloads removed, Restart=always and (on v3) Type=notify, written next to a backup of the original, followed
 * by `systemctl daemon-reload`. Traefik is restarted only with --restart.
 */
import { basename, dirname, join } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import type { Target } from "../../adapters/targets/target.js";
import type { Gathered } from "../../domain/doctor/gathered.js";
import { fixUnit, parseUnit } from "../../domain/doctor/unit.js";

export async function applyFixes(
  target: Target,
  gathered: Gathered,
  options: { restart: boolean; now: number; log: (line: string) => void },
): Promise<string[]> {
  const changes: string[] = [];
  const unit = gathered.unit;
  if (unit === undefined) return changes;
  const parsed = parseUnit(unit.text);
  const fixed = fixUnit(parsed, gathered.facts);
  if (fixed === undefined) return changes;
  const path = parsed.path ?? unit.path;
  if (path === undefined) {
    options.log("the unit needs fixing, but its file is unknown; fix it by hand (see the findings)");
    return changes;
  }
  // systemctl cat merges drop-ins; only a unit without them is rewritten as one file.
  if ((unit.text.match(/^# \/\S+$/gm) ?? []).length > 1) {
    options.log(`${path} has drop-ins; not rewriting it, fix it by hand (see the findings)`);
    return changes;
  }
  const original = await target.readFile(path);
  if (original === undefined)
    throw new PhoenixMeshError("REMOTE", `cannot read ${path} to back it up; nothing changed`);
  const backup = `${path}.phoenix-mesh-${new Date(options.now).toISOString().replace(/[:.]/g, "-")}.bak`;
  await target.writeFile(backup, original, "0644");
  const staged = join(dirname(path), `.${basename(path)}.phoenix-mesh-staged`);
  await target.writeFile(staged, fixed.endsWith("\n") ? fixed : `${fixed}\n`, "0644");
  await target.rename(staged, path);
  changes.push(
    `${path}: SIGHUP reload removed, Restart=always${gathered.facts.version?.startsWith("v3") === true ? ", Type=notify" : ""} (original kept at ${backup})`,
  );
  const reload = await target.exec(["systemctl", "daemon-reload"]);
  if (reload.exitCode !== 0) {
    throw new PhoenixMeshError(
      "REMOTE",
      `systemctl daemon-reload failed (${reload.stderr.trim()}); the new unit is in place, the old one at ${backup}`,
    );
  }
  changes.push("systemctl daemon-reload");
  if (options.restart) {
    const restart = await target.exec(["systemctl", "restart", "traefik"]);
    if (restart.exitCode !== 0)
      throw new PhoenixMeshError("REMOTE", `systemctl restart traefik failed: ${restart.stderr.trim()}`);
    changes.push("systemctl restart traefik");
  } else {
    options.log(
      "Traefik was not restarted (the unit's new settings apply at its next start; pass --restart to restart now)",
    );
  }
  return changes;
}
