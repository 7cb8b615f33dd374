/**
 * Pure: flags > environment > settings file > defaults. Paths from the settings file are
 * relative to that file's folder; paths from flags and the environment to the working directory.
 */
import { dirname, resolve } from "node:path";
import type { SettingsFileContent } from "./file.js";
import { DEFAULT_OUTPUT, ENV, type Origin, type SettingOverrides, type Settings } from "./types.js";

export interface ResolveInput {
  flags: SettingOverrides;
  env: Record<string, string | undefined>;
  file: { path: string; content: SettingsFileContent } | undefined;
  cwd: string;
}

type Key = keyof Settings["origins"];
const FILE_KEY: Record<Key, keyof SettingsFileContent> = {
  inventory: "inventory",
  output: "output",
  templates: "templates",
  domain: "domain",
  staticConfig: "static_config",
};
const IS_PATH: Record<Key, boolean> = {
  inventory: true,
  output: true,
  templates: true,
  domain: false,
  staticConfig: true,
};

export function resolveSettings({ flags, env, file, cwd }: ResolveInput): Settings {
  const fileDir = file === undefined ? cwd : dirname(file.path);
  const origins = {} as Settings["origins"];
  const pick = (key: Key): string | undefined => {
    const fromFile = file?.content[FILE_KEY[key]];
    const candidates: [Origin, string | undefined, string][] = [
      ["flag", flags[key], cwd],
      ["env", nonEmpty(env[ENV[key]]), cwd],
      ["file", typeof fromFile === "string" ? fromFile : undefined, fileDir],
    ];
    for (const [origin, value, base] of candidates) {
      if (value !== undefined) {
        origins[key] = origin;
        return IS_PATH[key] && value !== "-" ? resolve(base, value) : value;
      }
    }
    origins[key] = "default";
    return undefined;
  };

  const content = file?.content ?? {};
  const tls = content.backend_tls;
  return {
    configFile: file?.path,
    inventory: pick("inventory"),
    output: pick("output") ?? resolve(fileDir, DEFAULT_OUTPUT),
    templates: pick("templates"),
    domain: pick("domain")?.toLowerCase(),
    staticConfig: pick("staticConfig"),
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
          },
    middlewares: content.middlewares ?? {},
    routes: (content.routes ?? []).map((r, i) => ({
      name: r.name,
      hosts: r.hosts,
      service: r.service,
      url: r.url,
      entryPoints: r.entry_points,
      middlewares: r.middlewares ?? [],
      pointer: `/routes/${i}`,
    })),
    deploy: {
      target: content.deploy?.target,
      traefikApi: content.deploy?.traefik_api,
      probe: content.deploy?.probe,
      reload: content.deploy?.reload,
      timeoutSeconds: content.deploy?.timeout,
      lockTimeoutSeconds: content.deploy?.lock_timeout,
    },
    origins,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
