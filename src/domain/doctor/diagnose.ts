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
import { fileProviderOf } from "../traefik/static-facts.js";
import { revisionMiddlewareOf, revisionOfMarker } from "../traefik/revision.js";

export const DEFAULT_STATIC = "/etc/traefik/traefik.yml";

/**
 * The static config's path, from the unit's ExecStart or Traefik's default. ExecStart is split
 * as systemd splits it (double and single quotes group words), and Traefik's flag is taken in
 * any case and form: --configFile=…, --configfile …, --configfile="…".
 */
export function staticPathFromUnit(unitText: string | undefined): string {
  const words = execStartWords(unitText);
  for (let i = 0; i < words.length; i++) {
    const m = /^--?configfile(?:=(.*))?$/i.exec(words[i] ?? "");
    if (m === null) continue;
    const value = m[1] ?? words[i + 1];
    if (value !== undefined && value !== "") return value;
  }
  return DEFAULT_STATIC;
}

/**
 * The unit's effective ExecStart (the last one, drop-ins applied), split into words as systemd
 * splits it: double and single quotes group words; a flag with a quoted value (--configfile="/x")
 * is one word, its quotes dropped.
 */
function execStartWords(unitText: string | undefined): string[] {
  const execStart = unitText === undefined ? undefined : parseUnit(unitText).service.get("ExecStart")?.at(-1);
  if (execStart === undefined) return [];
  return [...execStart.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? (m[3] ?? "").replace(/^(--?[A-Za-z.]+=)(["'])(.*)\2$/, "$1$3"),
  );
}

/** Traefik's flag names are case-insensitive; these top-level keys are camelCase in a file. */
const FLAG_KEYS: Record<string, string> = {
  entrypoints: "entryPoints",
  certificatesresolvers: "certificatesResolvers",
  serverstransport: "serversTransport",
  hostresolver: "hostResolver",
};

/** Sets `value` at a dotted path in `config` (the first key as a file spells it). */
function setPath(config: Record<string, unknown>, path: string[], value: unknown): void {
  path[0] = FLAG_KEYS[(path[0] ?? "").toLowerCase()] ?? (path[0] ?? "").toLowerCase();
  let node = config;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (next !== null && typeof next === "object" ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[path.at(-1) ?? ""] = value;
}

const scalar = (raw: string | undefined): unknown =>
  raw === undefined || raw === "true" ? true : raw === "false" ? false : raw;

/**
 * A static configuration given on the unit instead of in a file, as the JSON text of a file (JSON
 * is YAML): flags on ExecStart (--providers.file.directory=…, --entryPoints.web.address=:80, a
 * bare --providers.file.watch), else TRAEFIK_* variables in Environment= lines
 * (TRAEFIK_PROVIDERS_FILE_DIRECTORY=…). Traefik takes the first source it finds: a file, then
 * flags, then the environment (cmd/traefik's loaders), so this is asked only when no file exists.
 */
export function staticFromUnitFlags(
  unitText: string | undefined,
): { path: string; text: string } | undefined {
  if (unitText === undefined) return undefined;
  const unit = parseUnit(unitText);
  const config: Record<string, unknown> = {};
  let source: string | undefined;
  for (const word of execStartWords(unitText)) {
    const m = /^--([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(word);
    if (m === null || /^configfile$/i.test(m[1] ?? "")) continue;
    const path = (m[1] ?? "").split(".");
    if (path.length < 2) continue;
    setPath(config, path, scalar(m[2]));
    source = "ExecStart flags";
  }
  if (source === undefined) {
    for (const line of unit.service.get("Environment") ?? []) {
      for (const m of line.matchAll(/"?TRAEFIK_([A-Z0-9_]+)=("[^"]*"|[^\s"]*)"?/gi)) {
        const path = (m[1] ?? "").toLowerCase().split("_");
        if (path.length < 2) continue;
        setPath(config, path, scalar((m[2] ?? "").replace(/^"|"$/g, "")));
        source = "TRAEFIK_* in Environment=";
      }
    }
  }
  if (source === undefined) return undefined;
  return { path: `${unit.path ?? "the unit"} (${source})`, text: JSON.stringify(config, null, 2) };
}

/** directory (the default) or filename: how the static config's file provider reads. */
function providerMode(staticConfig: { path: string; text: string | undefined }): "directory" | "filename" {
  if (staticConfig.text === undefined) return "directory";
  const doc = parseConfigDocument(staticConfig.text, staticConfig.path);
  const file = fileProviderOf(doc.value);
  return file?.directory === undefined && file?.filename !== undefined ? "filename" : "directory";
}

/** Does Traefik serve the revision the live file holds? (It keeps the old one while a file fails to load.) */
function checkServedRevision(g: Gathered): Finding[] {
  if (g.servedRevisions === undefined || g.live === undefined) return [];
  const marker = revisionMiddlewareOf(g.live);
  if (marker === undefined) return [];
  const onDisk = revisionOfMarker(marker);
  if (g.servedRevisions.includes(onDisk))
    return [ok("served.revision", `Traefik serves revision ${onDisk}, the one in the live file`)];
  return [
    error(
      "served.revision",
      `the live file holds revision ${onDisk}, but Traefik serves ${g.servedRevisions.length === 0 ? "no phoenix-mesh revision" : `revision ${g.servedRevisions.join(", ")}`}: it has not loaded the file (a file in the folder it cannot parse, or a provider that stopped)`,
      "see the folder's findings here, and Traefik's log (journalctl -u traefik)",
    ),
  ];
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
  findings.push(
    ...checkDynamicDir(dirname(livePath), livePath, g.dir, g.live, providerMode(staticConfig), context.ctid),
  );
  findings.push(...checkInotify(g.inotify));
  if (facts.version !== undefined) findings.push(...checkLiveRouters(g.routers));
  findings.push(...checkServedRevision(g));
  for (const f of g.missingFiles)
    findings.push(
      error(
        "files.exist",
        `${f.path} (${f.where}) does not exist in the container: Traefik loads the file anyway and fails each TLS connection that needs it`,
        `put the file there (${onHost(context.ctid, `ls -l ${dirname(f.path)}`)} to see what is), or fix the path in the configuration`,
      ),
    );
  findings.push(...checkBackendTls(g.backends, context.ctid));
  return findings;
}
