/**
 * `doctor --fix`: only safe, reversible fixes it can prove. Today that is the systemd unit:
 * SIGHUP reloads removed, Restart=always and (on v3) Type=notify, followed by `systemctl
 * daemon-reload`. A unit without drop-ins is rewritten in place next to a backup of the original;
 * a unit with drop-ins gets one of its own that sorts last (zz-phoenix-mesh.conf), so the fix is
 * the effective setting whatever the other drop-ins say. Traefik is restarted only with
 * --restart. Everything it decides not to do is said (log), so --json carries it too.
 */
import { basename, dirname, join } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import type { Target } from "../../adapters/targets/target.js";
import type { Gathered } from "../../domain/doctor/gathered.js";
import { fixUnit, parseUnit, sendsHup, unitNeedsFix } from "../../domain/doctor/unit.js";

/** Our drop-in: "zz" sorts after any other, so its settings are the ones systemd applies. */
export const DROP_IN_NAME = "zz-phoenix-mesh.conf";

export async function applyFixes(
  target: Target,
  gathered: Gathered,
  options: { restart: boolean; now: number; log: (line: string) => void },
): Promise<string[]> {
  const changes: string[] = [];
  const unit = gathered.unit;
  const nothing = (why: string) => {
    options.log(
      `${why}${options.restart ? "; Traefik was not restarted (--restart restarts only after a fix)" : ""}`,
    );
    return changes;
  };
  if (unit === undefined) return nothing("no systemd unit to fix");
  const parsed = parseUnit(unit.text);
  if (!unitNeedsFix(parsed, gathered.facts)) return nothing("the unit needs no fix");
  const fixed = fixUnit(parsed, gathered.facts);
  if (fixed === undefined) return nothing("the unit needs no fix");
  const path = parsed.path ?? unit.path;
  if (path === undefined)
    return nothing("the unit needs fixing, but its file is unknown; fix it by hand (see the findings)");
  // systemctl cat merges drop-ins: then the fix is a drop-in of our own, applied last.
  if ((unit.text.match(/^# \/\S+$/gm) ?? []).length > 1) {
    const dropIn = `${path}.d/${DROP_IN_NAME}`;
    const keep = (parsed.service.get("ExecReload") ?? []).filter((c) => !sendsHup(c));
    const lines = [
      "# Written by phoenix-mesh doctor --fix: SIGHUP can kill Traefik (the file watcher reloads);",
      "# systemd must restart it whatever ends it. Sorts after every other drop-in, so it applies.",
      "[Service]",
      "ExecReload=",
      ...keep.map((c) => `ExecReload=${c}`),
      "Restart=always",
      ...(gathered.facts.version?.startsWith("v3") === true ? ["Type=notify"] : []),
      "",
    ];
    const existed = (await target.exec(["test", "-d", `${path}.d`])).exitCode === 0;
    if (!existed) await target.exec(["mkdir", "-p", `${path}.d`]);
    await target.writeFile(dropIn, lines.join("\n"), "0644");
    changes.push(
      `${dropIn}: SIGHUP reload removed, Restart=always${lines.includes("Type=notify") ? ", Type=notify" : ""} (a drop-in of its own; remove it to undo)`,
    );
    return daemonReload(target, changes, options, `remove ${dropIn}`);
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
  return daemonReload(target, changes, options, `the old one is at ${backup}`);
}

async function daemonReload(
  target: Target,
  changes: string[],
  options: { restart: boolean; log: (line: string) => void },
  undo: string,
): Promise<string[]> {
  const reload = await target.exec(["systemctl", "daemon-reload"]);
  if (reload.exitCode !== 0) {
    throw new PhoenixMeshError(
      "REMOTE",
      `systemctl daemon-reload failed (${reload.stderr.trim()}); the new unit is in place (${undo})`,
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
