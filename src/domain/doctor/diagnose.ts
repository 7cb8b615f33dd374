/** Pure: every finding, from what was gathered. */
import { error, ok, onHost, warning, type Finding } from "./finding.js";
import { checkDynamicDir } from "./dynamic-dir.js";
import type { Gathered } from "./gathered.js";
import { checkBackendTls } from "./backend-tls.js";
import { checkInotify } from "./inotify.js";
import { checkLiveRouters } from "./live-routers.js";
import { checkStaticConfig } from "./static-config.js";
import { checkUnit, parseUnit } from "./unit.js";
import { majorVersion } from "./facts.js";
import { dirname } from "node:path";
import { parseConfigDocument } from "../../core/config-document.js";
import { fileProviderOf } from "../traefik/static-lint.js";

export const DEFAULT_STATIC = "/etc/traefik/traefik.yml";

/**
 * The static config's path, from the unit's ExecStart or Traefik's default. ExecStart is split
 * as systemd splits it (double and single quotes group words), and Traefik's flag is taken in
 * any case and form: --configFile=…, --configfile …, --configfile="…".
 */
export function staticPathFromUnit(unitText: string | undefined): string {
  const execStart = unitText === undefined ? undefined : parseUnit(unitText).service.get("ExecStart")?.at(-1);
  if (execStart === undefined) return DEFAULT_STATIC;
  const words = [...execStart.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => {
    const quoted = m[1] ?? m[2];
    // A flag with a quoted value (--configfile="/x") is one word: drop the quotes inside it.
    return quoted ?? (m[3] ?? "").replace(/^(--?[A-Za-z.]+=)(["'])(.*)\2$/, "$1$3");
  });
  for (let i = 0; i < words.length; i++) {
    const m = /^--?configfile(?:=(.*))?$/i.exec(words[i] ?? "");
    if (m === null) continue;
    const value = m[1] ?? words[i + 1];
    if (value !== undefined && value !== "") return value;
  }
  return DEFAULT_STATIC;
}

/** directory (the default) or filename: how the static config's file provider reads. */
function providerMode(staticConfig: { path: string; text: string | undefined }): "directory" | "filename" {
  if (staticConfig.text === undefined) return "directory";
  const doc = parseConfigDocument(staticConfig.text, staticConfig.path);
  const providers = (doc.value as { providers?: unknown } | null | undefined)?.providers;
  const file = fileProviderOf(providers);
  return file?.directory === undefined && file?.filename !== undefined ? "filename" : "directory";
}

export function diagnose(
  g: Gathered,
  livePath: string,
  staticConfig: { path: string; text: string | undefined },
  context: { ctid: string | undefined },
): Finding[] {
  const findings: Finding[] = [];
  const { facts } = g;
  const major = majorVersion(facts.version);
  if (facts.version === undefined) {
    findings.push(
      error(
        "traefik.version",
        `Traefik's API could not be reached (${facts.apiError ?? "?"}), so its version and live state are unknown`,
        "pass --api http://<traefik>:8080 and make sure api is enabled",
      ),
    );
  } else if (major === 2) {
    findings.push(
      warning(
        "traefik.version",
        `Traefik ${facts.version}: SIGHUP terminates v2 (no handler); changes must come through the file watcher`,
        "keep providers.file.watch: true and no ExecReload; consider upgrading to v3",
      ),
    );
  } else {
    findings.push(
      ok(
        "traefik.version",
        `Traefik ${facts.version}: SIGHUP re-reads file providers, as long as the file provider started`,
      ),
    );
  }
  if (facts.fileProviderAlive === false) {
    findings.push(
      error(
        "traefik.file-provider",
        "the dynamic folder holds configuration files but Traefik serves no @file router or middleware: its file provider failed (a folder missing at start, or inotify watches exhausted)",
        `read why — ${onHost(context.ctid, "journalctl -u traefik --grep 'Cannot start the provider|unable to read directory|too many open files' -n 20")} — fix that cause (create the folder, or raise fs.inotify.max_user_instances on the Proxmox host), then ${onHost(context.ctid, "systemctl restart traefik")}`,
      ),
    );
  } else if (facts.fileProviderAlive === true) {
    findings.push(ok("traefik.file-provider", "the file provider serves the dynamic folder"));
  }

  if (g.unit === undefined)
    findings.push(
      warning(
        "unit.found",
        "no systemd unit for traefik found (systemctl cat traefik, /etc/systemd/system/traefik.service)",
        "if Traefik runs under systemd, check the unit's name",
      ),
    );
  else {
    if (g.unit.systemctlHung !== undefined)
      findings.push(
        warning(
          "unit.systemctl",
          `systemctl cat traefik did not answer (${g.unit.systemctlHung}): the unit was read from ${g.unit.path ?? "its file"} without its drop-ins`,
          "check systemd in the container (systemctl status); a hung systemd also stops reloads and restarts",
        ),
      );
    findings.push(...checkUnit(parseUnit(g.unit.text), facts));
  }

  if (staticConfig.text === undefined) {
    findings.push(
      error(
        "static.found",
        `Traefik's static configuration ${staticConfig.path} was not found in the container`,
        "pass --static-path with the file Traefik is started with (--configfile)",
      ),
    );
  } else {
    findings.push(
      ...checkStaticConfig({
        text: staticConfig.text,
        path: staticConfig.path,
        livePath,
        dynamic: g.live ?? {},
        facts,
      }),
    );
  }
  findings.push(...checkDynamicDir(dirname(livePath), livePath, g.dir, g.live, providerMode(staticConfig)));
  findings.push(...checkInotify(g.inotify));
  if (facts.version !== undefined) findings.push(...checkLiveRouters(g.routers));
  findings.push(...checkBackendTls(g.backends, context.ctid));
  return findings;
}
