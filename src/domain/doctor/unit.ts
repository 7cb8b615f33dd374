/**
 * Pure: Traefik's systemd unit (as `systemctl cat traefik` prints it, drop-ins included) — what
 * its reload and restart settings do on this Traefik, and a corrected unit.
 *
 * Facts: Traefik v2 has no SIGHUP handler, so HUP terminates it; v3 handles HUP only inside a
 * file provider that started (pkg/provider/file: signal.Notify in Provide), otherwise it dies too.
 * systemd's Restart=on-failure does not restart a unit killed by SIGHUP (a "clean" signal for
 * systemd, see systemd.service(5) SuccessExitStatus), so Traefik stays down; Restart=always brings
 * it back after RestartSec.
 */
import { error, ok, warning, type Finding } from "./finding.js";
import { majorVersion, type TraefikFacts } from "./facts.js";

export interface Unit {
  path: string | undefined;
  service: Map<string, string[]>;
  text: string;
}

/** `Key = value` as systemd reads it: whitespace around `=` is allowed and ignored. */
function assignment(line: string): { key: string; value: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(line);
  return m === null ? undefined : { key: m[1] ?? "", value: (m[2] ?? "").trim() };
}

export function parseUnit(text: string): Unit {
  const service = new Map<string, string[]>();
  let path: string | undefined;
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const file = /^# (\/\S+\.service)$/.exec(line);
    if (file !== null) {
      path ??= file[1];
      continue;
    }
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      section = header[1] ?? "";
      continue;
    }
    const a = assignment(line);
    if (section !== "Service" || a === undefined) continue;
    // An empty assignment resets list settings such as ExecReload (drop-ins use it).
    if (a.value === "") service.delete(a.key);
    else service.set(a.key, [...(service.get(a.key) ?? []), a.value]);
  }
  return { path, service, text };
}

const SIGNAL_TOOLS = new Set(["kill", "pkill", "killall", "skill"]);

/**
 * Does this ExecReload= command send SIGHUP? The command as systemd runs it: its `-@:+!`
 * prefixes dropped, a `/bin/sh -c '…'` looked into, and every way kill, pkill, killall and
 * `systemctl kill` name the signal: -HUP, -SIGHUP, -1, -s HUP, -sHUP, -s SIGHUP, --signal HUP,
 * --signal=SIGHUP, -n 1 (and lower case).
 */
export function sendsHup(command: string): boolean {
  const words = command
    .replace(/^[-@:+!]+/, "")
    .split(/[\s;&|'"]+/)
    .filter((w) => w !== "");
  const isHup = (sig: string | undefined) => sig !== undefined && /^(SIG)?HUP$|^1$/i.test(sig);
  for (let i = 0; i < words.length; i++) {
    // `systemctl kill -s HUP` is found by its word "kill", as the tools are.
    const tool = (words[i] ?? "").split("/").pop() ?? "";
    if (!SIGNAL_TOOLS.has(tool)) continue;
    for (let j = i + 1; j < words.length; j++) {
      const w = words[j] ?? "";
      if (/^-(s|n|-signal)$/.test(w) && isHup(words[j + 1])) return true;
      // -sighup is "-s ighup" to one kill and the signal "sighup" to another (util-linux takes
      // any -<name> case-insensitively): it sends SIGHUP if either reading does.
      if (isHup(/^(?:--signal=|-s|-n)(.+)$/.exec(w)?.[1]) || isHup(/^-([A-Za-z0-9]+)$/.exec(w)?.[1]))
        return true;
    }
  }
  return false;
}

const last = (unit: Unit, key: string) => unit.service.get(key)?.at(-1);

export function checkUnit(unit: Unit, facts: TraefikFacts): Finding[] {
  const findings: Finding[] = [];
  const major = majorVersion(facts.version);
  const reloads = unit.service.get("ExecReload") ?? [];
  const hup = reloads.find(sendsHup);
  const restart = last(unit, "Restart") ?? "no";
  const providerDead = facts.fileProviderAlive === false;

  if (hup === undefined) {
    findings.push(
      ok(
        "unit.exec-reload",
        reloads.length === 0
          ? "no ExecReload: changes are picked up by the file watcher"
          : `ExecReload does not send SIGHUP (${reloads.join("; ")})`,
      ),
    );
  } else if (major === 2) {
    findings.push(
      error(
        "unit.exec-reload",
        `ExecReload=${hup} sends SIGHUP, which terminates Traefik ${facts.version ?? "v2"} (it has no SIGHUP handler)`,
        "remove ExecReload (Traefik's file watcher reloads), then systemctl daemon-reload; or run phoenix-mesh doctor --fix",
      ),
    );
  } else if (providerDead) {
    findings.push(
      error(
        "unit.exec-reload",
        `ExecReload=${hup} sends SIGHUP, but Traefik's file provider is not running, and without it SIGHUP terminates Traefik`,
        "fix the file provider (see the findings below), and remove ExecReload; or run phoenix-mesh doctor --fix",
      ),
    );
  } else if (major === undefined) {
    findings.push(
      warning(
        "unit.exec-reload",
        `ExecReload=${hup} sends SIGHUP; whether that reloads or kills depends on the Traefik version, which could not be read`,
        "make the API reachable (--api) and run doctor again",
      ),
    );
  } else {
    const pkill = /pkill|killall/.test(hup);
    findings.push(
      warning(
        "unit.exec-reload",
        `ExecReload=${hup} reloads Traefik ${facts.version ?? "v3"} only while its file provider runs; if that provider ever fails to start, a reload kills Traefik${pkill ? `, and ${hup.split(/\s/)[0]?.split("/").pop() ?? "pkill"} signals every process named traefik, not just this unit's` : ""}`,
        "remove ExecReload and let the file watcher reload (providers.file.watch: true); or run phoenix-mesh doctor --fix",
      ),
    );
  }

  if (restart === "always")
    findings.push(ok("unit.restart", "Restart=always: systemd brings Traefik back whatever ends it"));
  else if (restart === "on-failure" || restart === "on-abnormal") {
    findings.push(
      (hup !== undefined ? error : warning)(
        "unit.restart",
        `Restart=${restart} does not restart Traefik after a death by SIGHUP (systemd counts it as a clean exit)${hup !== undefined ? ", which ExecReload can cause" : ""}`,
        "set Restart=always (and RestartSec=2); or run phoenix-mesh doctor --fix",
      ),
    );
  } else
    findings.push(
      warning(
        "unit.restart",
        `Restart=${restart}: Traefik stays down after any crash`,
        "set Restart=always (and RestartSec=2); or run phoenix-mesh doctor --fix",
      ),
    );

  const type = last(unit, "Type") ?? "simple";
  if (type === "notify") findings.push(ok("unit.type", "Type=notify: systemd knows when Traefik is ready"));
  else if (major === 3) {
    findings.push(
      warning(
        "unit.type",
        `Type=${type}: systemd considers Traefik started before it listens; Traefik ${facts.version} supports Type=notify`,
        "set Type=notify (and optionally WatchdogSec=) in the unit",
      ),
    );
  }
  return findings;
}

/** Does the unit's effective setting (drop-ins applied) need what fixUnit changes? Exactly when checkUnit finds fault. */
export function unitNeedsFix(unit: Unit, facts: TraefikFacts): boolean {
  return checkUnit(unit, facts).some((f) => f.status !== "ok");
}

/**
 * A corrected unit: SIGHUP reloads removed (the watcher reloads), Restart=always, and on a
 * Traefik the API proves is v3 (which tells systemd when it is ready), Type=notify. Nothing else
 * changes.
 */
export function fixUnit(unit: Unit, facts: TraefikFacts): string | undefined {
  const wanted = new Map<string, string>([["Restart", "always"]]);
  if (majorVersion(facts.version) === 3) wanted.set("Type", "notify");
  const seen = new Set<string>();
  let section = "";
  let changed = false;
  let serviceEnd = -1;
  const out: string[] = [];
  for (const raw of unit.text.split("\n")) {
    const line = raw.trim();
    if (/^# \/\S+\.service$/.test(line) && out.length === 0) continue; // systemctl cat's header
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      if (section === "Service") serviceEnd = out.length;
      section = header[1] ?? "";
    }
    const a = assignment(line);
    if (section === "Service" && a?.key === "ExecReload" && sendsHup(a.value)) {
      out.push(
        `# ${line}  (removed by phoenix-mesh doctor --fix: SIGHUP can kill Traefik; the file watcher reloads)`,
      );
      changed = true;
      continue;
    }
    const key = a?.key;
    const value = key === undefined ? undefined : wanted.get(key);
    if (section === "Service" && key !== undefined && value !== undefined) {
      seen.add(key);
      if (a?.value !== value) {
        out.push(`${key}=${value}`);
        changed = true;
        continue;
      }
    }
    out.push(raw);
  }
  if (section === "Service") serviceEnd = out.length;
  const missing = [...wanted].filter(([key]) => !seen.has(key)).map(([key, value]) => `${key}=${value}`);
  if (missing.length > 0 && serviceEnd !== -1) {
    while (serviceEnd > 0 && out[serviceEnd - 1]?.trim() === "") serviceEnd--;
    out.splice(serviceEnd, 0, ...missing);
    changed = true;
  }
  return changed ? out.join("\n") : undefined;
}
