/** Resolved settings: what every command works from, each value knowing where it came from. */
export type Origin = "flag" | "env" | "file" | "default";

export interface BackendTls {
  rootCas: string[];
  serverName: string | undefined;
  insecureSkipVerify: boolean;
}

export interface ExtraRoute {
  name: string;
  hosts: string[];
  /** `name@provider` of a service defined elsewhere (e.g. api@internal)… */
  service: string | undefined;
  /** …or a backend URL. */
  url: string | undefined;
  entryPoints: string[] | undefined;
  middlewares: string[];
  /** JSON pointer in the settings file, for diagnostics. */
  pointer: string;
}

export interface Settings {
  /** The settings file read, if any. */
  configFile: string | undefined;
  inventory: string | undefined;
  output: string;
  templates: string | undefined;
  domain: string | undefined;
  entryPoints: string[];
  certResolver: string | undefined;
  backendTls: BackendTls | undefined;
  staticConfig: string | undefined;
  middlewares: Record<string, Record<string, unknown>>;
  routes: ExtraRoute[];
  deploy: DeploySettings;
  origins: Record<"inventory" | "output" | "templates" | "domain" | "staticConfig", Origin>;
}

export interface DeploySettings {
  target: string | undefined;
  traefikApi: string | undefined;
  probe: string | undefined;
  reload: "watch" | "sighup" | "restart" | undefined;
  timeoutSeconds: number | undefined;
  lockTimeoutSeconds: number | undefined;
}

/** The values a command line or environment can set. */
export interface SettingOverrides {
  config?: string | undefined;
  inventory?: string | undefined;
  output?: string | undefined;
  templates?: string | undefined;
  domain?: string | undefined;
  staticConfig?: string | undefined;
}

export const DEFAULT_OUTPUT = "dynamic_conf.yml";
export const DEFAULT_CONFIG_FILE = "phoenix-mesh.yaml";

export const ENV = {
  config: "PHOENIX_MESH_CONFIG",
  inventory: "PHOENIX_MESH_INVENTORY",
  output: "PHOENIX_MESH_OUTPUT",
  templates: "PHOENIX_MESH_TEMPLATES",
  domain: "PHOENIX_MESH_DOMAIN",
  staticConfig: "PHOENIX_MESH_STATIC_CONFIG",
} as const;
