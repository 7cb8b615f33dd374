/**
 * Pure: flags > environment > settings file > defaults, for every setting of the table. Paths from
 * the settings file are relative to that file's folder; paths from flags and the environment to
 * the working directory.
 */
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { RouteTls } from "../../domain/model/options.js";
import type { BackendTlsFields, SettingsFileContent } from "./file.js";
import { splitWords } from "./words.js";
import { RELOAD_MODES, SETTINGS, type SettingName, type SettingSpec } from "./table.js";
import type { FlagValues, Origin, ReloadMode, Settings, SettingValue } from "./types.js";

export interface ResolveInput {
  flags: FlagValues;
  env: Record<string, string | undefined>;
  file: { path: string; content: SettingsFileContent } | undefined;
  cwd: string;
}

export interface Resolved {
  value: SettingValue | undefined;
  origin: Origin;
}

/** One setting, by the one precedence rule. Values are checked by `checkValue`; paths are resolved. */
export function resolveSetting(name: SettingName, input: ResolveInput): Resolved {
  const spec: SettingSpec = SETTINGS[name];
  const fileDir = input.file === undefined ? input.cwd : dirname(input.file.path);
  const fromFile = spec.file === undefined ? undefined : valueAt(input.file?.content, spec.file);
  const fromEnv = spec.env === undefined ? undefined : nonEmpty(input.env[spec.env]);
  const candidates: [Origin, SettingValue | undefined, string][] = [
    ["flag", input.flags[name], input.cwd],
    // A list in the environment: separated by spaces or commas (neither is in a URL's authority).
    [
      "env",
      spec.type === "urls" && fromEnv !== undefined ? fromEnv.split(/[\s,]+/).filter(nonEmpty) : fromEnv,
      input.cwd,
    ],
    [
      "file",
      typeof fromFile === "string" || typeof fromFile === "number"
        ? fromFile
        : Array.isArray(fromFile)
          ? fromFile.map(String)
          : undefined,
      fileDir,
    ],
    ["default", spec.default, spec.file === undefined ? input.cwd : fileDir],
  ];
  for (const [origin, value, base] of candidates) {
    if (value === undefined) continue;
    const resolved = spec.type === "path" && value !== "-" ? resolve(base, String(value)) : value;
    return { value: resolved, origin };
  }
  return { value: undefined, origin: "default" };
}

/** Why a value does not fit its setting, or undefined when it does. */
export function checkValue(name: SettingName, value: SettingValue): string | undefined {
  const spec: SettingSpec = SETTINGS[name];
  if (typeof value === "object") {
    if (spec.type !== "urls") return "expected one value, not a list";
    if (value.length === 0) return "expected at least one URL";
    for (const [i, one] of value.entries()) {
      const why = checkValue(name, one);
      if (why !== undefined) return value.length === 1 ? why : `${JSON.stringify(one)} (#${i + 1}): ${why}`;
      if (value.indexOf(one) !== i) return `${JSON.stringify(one)} is given twice`;
    }
    return undefined;
  }
  switch (spec.type) {
    case "seconds": {
      const n = Number(value);
      return Number.isFinite(n) && n > 0 ? undefined : "expected a positive number of seconds";
    }
    case "count": {
      const n = Number(value);
      return Number.isSafeInteger(n) && n >= 1 && n <= 1000
        ? undefined
        : "expected a whole number from 1 to 1000";
    }
    case "url":
    case "urls":
      return URL.canParse(String(value)) && /^https?:$/.test(new URL(String(value)).protocol)
        ? undefined
        : "expected an http:// or https:// URL, e.g. http://10.0.0.12:8080";
    case "reload":
      return (RELOAD_MODES as readonly string[]).includes(String(value))
        ? undefined
        : `expected one of ${RELOAD_MODES.join(", ")}`;
    default:
      return undefined;
  }
}

export function resolveSettings(input: ResolveInput): { settings: Settings; problems: Diagnostic[] } {
  const origins = {} as Settings["origins"];
  const problems: Diagnostic[] = [];
  const get = (name: SettingName): SettingValue | undefined => {
    const { value, origin } = resolveSetting(name, input);
    origins[name] = origin;
    const why = value === undefined ? undefined : checkValue(name, value);
    if (why !== undefined && value !== undefined)
      problems.push(problem(name, origin, value, why, input.file?.path));
    return why === undefined ? value : undefined;
  };
  const str = (name: SettingName) => {
    const v = get(name);
    return v === undefined ? undefined : String(v);
  };
  const list = (name: SettingName): string[] => {
    const v = get(name);
    return v === undefined ? [] : typeof v === "object" ? [...v] : [String(v)];
  };
  const words = (name: SettingName): string[] => {
    const text = str(name);
    if (text === undefined) return [];
    const split = splitWords(text);
    if ("words" in split) return split.words;
    problems.push(problem(name, origins[name], text, split.error, input.file?.path));
    return [];
  };
  const num = (name: SettingName) => Number(get(name) ?? SETTINGS[name as "timeout"].default);

  const content = input.file?.content ?? {};
  const tls = content.backend_tls;
  const retry = Number(str("githubRetryBaseMs"));
  const settings: Settings = {
    configFile: input.file?.path,
    inventory: str("inventory"),
    output: str("output") ?? "",
    templates: str("templates"),
    domain: str("domain")?.toLowerCase(),
    staticConfig: str("staticConfig"),
    target: str("target"),
    traefikApis: list("traefikApi"),
    deployTargets: (content.deploy?.targets ?? []).map((t) => ({
      target: t.target,
      traefikApis: typeof t.traefik_api === "string" ? [t.traefik_api] : [...t.traefik_api],
    })),
    probe: str("probe"),
    reload: (str("reload") ?? SETTINGS.reload.default) as ReloadMode,
    timeoutSeconds: num("timeout"),
    lockTimeoutSeconds: num("lockTimeout"),
    stepTimeoutSeconds: num("stepTimeout"),
    keepBackups: num("keepBackups"),
    sshOptions: words("sshOptions"),
    github: {
      repository: str("githubRepository"),
      apiUrl: (str("githubApiUrl") ?? SETTINGS.githubApiUrl.default).replace(/\/+$/, ""),
      serverUrl: (str("githubServerUrl") ?? SETTINGS.githubServerUrl.default).replace(/\/+$/, ""),
      outputFile: str("githubOutput"),
      inActions: str("githubActions") === "true",
      retryBaseMs: Number.isFinite(retry) && retry >= 0 ? retry : undefined,
      rateLimitWaitSeconds: num("rateLimitWait"),
    },
    proposal: {
      base: str("base") ?? SETTINGS.base.default,
      branch: str("branch") ?? SETTINGS.branch.default,
      author: str("author") ?? SETTINGS.author.default,
      tokenEnv: str("tokenEnv") ?? SETTINGS.tokenEnv.default,
    },
    entryPoints: content.entry_points ?? ["web"],
    certResolver: content.tls?.cert_resolver,
    backendTls:
      tls === undefined
        ? undefined
        : {
            // CA files are read by Traefik, on its machine: keep them as written, never resolve them here.
            rootCas: tls.root_cas ?? [],
            serverName: tls.server_name,
            insecureSkipVerify: tls.insecure_skip_verify ?? false,
            routes: Object.fromEntries(
              Object.entries(tls.routes ?? {}).map(([name, t]) => [name, routeTls(t)]),
            ),
          },
    middlewares: content.middlewares ?? {},
    routes: (content.routes ?? []).map((r, i) => ({
      name: r.name,
      hosts: r.hosts,
      service: r.service,
      url: r.url,
      entryPoints: r.entry_points,
      middlewares: r.middlewares ?? [],
      backendTls: r.backend_tls === undefined ? undefined : routeTls(r.backend_tls),
      pointer: `/routes/${i}`,
    })),
    origins,
  };
  if (content.deploy?.targets !== undefined) {
    // One way to say where a deploy goes: a list of targets, or one target with its APIs.
    for (const key of ["target", "traefik_api"] as const)
      if (content.deploy[key] !== undefined)
        problems.push({
          severity: "error",
          code: "setting-invalid",
          message: `deploy.${key} and deploy.targets are both set: give each target with its traefik_api under deploy.targets, or one deploy.target`,
          ...(input.file === undefined ? {} : { file: input.file.path, pointer: `/deploy/${key}` }),
        });
    const seen = new Set<string>();
    for (const [i, t] of content.deploy.targets.entries()) {
      if (seen.has(t.target))
        problems.push({
          severity: "error",
          code: "setting-invalid",
          message: `deploy.targets lists ${t.target} twice`,
          ...(input.file === undefined
            ? {}
            : { file: input.file.path, pointer: `/deploy/targets/${i}/target` }),
        });
      seen.add(t.target);
    }
  }
  // Every setting gets an origin, also those no field above reads.
  for (const name of Object.keys(SETTINGS) as SettingName[])
    if (origins[name] === undefined) origins[name] = resolveSetting(name, input).origin;
  return { settings, problems };
}

function problem(
  name: SettingName,
  origin: Origin,
  value: SettingValue,
  why: string,
  file: string | undefined,
): Diagnostic {
  const spec: SettingSpec = SETTINGS[name];
  const where =
    origin === "flag"
      ? (spec.flag ?? name).split(" ")[0]?.replace(/,$/, "")
      : origin === "env"
        ? spec.env
        : origin === "file"
          ? `${spec.file} in ${file ?? "the settings file"}`
          : `the default of ${name}`;
  const d: Diagnostic = {
    severity: "error",
    code: "setting-invalid",
    // A list of one (a single --api) reads as the value it is.
    message: `${where ?? name} = ${JSON.stringify(typeof value === "object" && value.length === 1 ? value[0] : value)}: ${why}`,
  };
  if (origin === "file" && file !== undefined && spec.file !== undefined) {
    d.file = file;
    d.pointer = `/${spec.file.replace(/\./g, "/")}`;
  }
  return d;
}

function valueAt(content: SettingsFileContent | undefined, dotted: string): unknown {
  let at: unknown = content;
  for (const key of dotted.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function routeTls(t: BackendTlsFields): RouteTls {
  return { serverName: t.server_name, rootCas: t.root_cas, insecureSkipVerify: t.insecure_skip_verify };
}

function nonEmpty<T extends string | undefined>(value: T): T | undefined {
  return value === undefined || value === "" ? undefined : value;
}
