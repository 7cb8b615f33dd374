/**
 * Every setting phoenix-mesh reads, in one table: its flag, its environment variable, its key in
 * phoenix-mesh.yaml and its default. Precedence is the same for all: flag > environment >
 * settings file > default (adapters/settings/resolve.ts). No environment variable name, default
 * or precedence rule is written anywhere else in src/ (test/settings/table.test.ts checks).
 */
import { RELOAD_MODES } from "../../domain/traefik/reload-modes.js";

export { RELOAD_MODES };

export type SettingType =
  | "path"
  | "string"
  | "url"
  /** One URL or several: the flag repeated, a list in the file, spaces or commas in the environment. */
  | "urls"
  | "seconds"
  | "count"
  | "reload"
  | "words";

export interface SettingSpec {
  /** commander's spelling, e.g. "--api <url>"; none for environment-only settings. */
  readonly flag?: string;
  readonly env?: string;
  /** Dotted key in phoenix-mesh.yaml, e.g. "deploy.traefik_api". */
  readonly file?: string;
  readonly default?: string | number;
  readonly type: SettingType;
  readonly help: string;
}

export const SETTINGS = {
  config: {
    flag: "-c, --config <file>",
    env: "PHOENIX_MESH_CONFIG",
    default: "phoenix-mesh.yaml",
    type: "path",
    help: "settings file (used when present)",
  },
  inventory: {
    flag: "-i, --inventory <dir>",
    env: "PHOENIX_MESH_INVENTORY",
    file: "inventory",
    type: "path",
    help: "folder with the Phoenix JSON files",
  },
  output: {
    flag: "-o, --out <file>",
    env: "PHOENIX_MESH_OUTPUT",
    file: "output",
    default: "dynamic_conf.yml",
    type: "path",
    help: 'the rendered dynamic configuration; "-" prints to stdout',
  },
  templates: {
    flag: "-t, --templates <dir>",
    env: "PHOENIX_MESH_TEMPLATES",
    file: "templates",
    type: "path",
    help: "templates that override the built-in ones by name",
  },
  domain: {
    flag: "--domain <domain>",
    env: "PHOENIX_MESH_DOMAIN",
    file: "domain",
    type: "string",
    help: "domain for <name>.<domain> hosts (default: internal.<domain_name>)",
  },
  staticConfig: {
    flag: "--static <file>",
    env: "PHOENIX_MESH_STATIC_CONFIG",
    file: "static_config",
    type: "path",
    help: "Traefik's static traefik.yml, to check entryPoints, certResolvers and the file provider",
  },
  target: {
    flag: "--target <url>",
    env: "PHOENIX_MESH_TARGET",
    file: "deploy.target",
    type: "string",
    help: "the live file: pct://102/etc/traefik/dynamic/dynamic_conf.yml | ssh://root@pve/pct/102/… | file:///…, or Traefik's Redis provider: redis://host:6379/0?root_key=traefik (password in PHOENIX_MESH_REDIS_PASSWORD)",
  },
  traefikApi: {
    flag: "--api <url>",
    env: "PHOENIX_MESH_TRAEFIK_API",
    file: "deploy.traefik_api",
    type: "urls",
    help: "Traefik's API, e.g. http://10.0.0.12:8080; repeat it for several Traefik instances serving the same file",
  },
  probe: {
    flag: "--probe <url>",
    env: "PHOENIX_MESH_PROBE",
    file: "deploy.probe",
    type: "url",
    help: "an entryPoint URL to send one request per Host through, e.g. http://10.0.0.12",
  },
  reload: {
    flag: "--reload <mode>",
    file: "deploy.reload",
    default: "watch",
    type: "reload",
    help: "how Traefik picks up the file: watch | sighup | restart",
  },
  timeout: {
    flag: "--timeout <seconds>",
    file: "deploy.timeout",
    default: 15,
    type: "seconds",
    help: "how long to wait for Traefik to load the file",
  },
  stepTimeout: {
    flag: "--step-timeout <seconds>",
    env: "PHOENIX_MESH_STEP_TIMEOUT",
    file: "doctor.step_timeout",
    default: 15,
    type: "seconds",
    help: "doctor: the longest one look into the container (a pct or ssh call) may take",
  },
  lockTimeout: {
    flag: "--lock-timeout <seconds>",
    file: "deploy.lock_timeout",
    default: 60,
    type: "seconds",
    help: "how long to wait for another deploy to finish",
  },
  keepBackups: {
    flag: "--keep-backups <count>",
    file: "deploy.keep_backups",
    default: 10,
    type: "count",
    help: "how many previous live files to keep in phoenix-mesh-backups/ beside the dynamic folder",
  },
  sshOptions: {
    env: "PHOENIX_MESH_SSH_OPTIONS",
    type: "words",
    help: 'extra ssh options for ssh:// targets, e.g. "-i /root/.ssh/deploy -o UserKnownHostsFile=/etc/phoenix/known_hosts"',
  },
  base: {
    flag: "--base <branch>",
    default: "main",
    type: "string",
    help: "the branch the pull request goes into",
  },
  branch: {
    flag: "--branch <branch>",
    default: "phoenix-mesh/routes",
    type: "string",
    help: "the proposal branch",
  },
  author: {
    flag: "--author <author>",
    default: "phoenix-mesh[bot] <phoenix-mesh@users.noreply.github.com>",
    type: "string",
    help: 'commit author, "Name <email>"',
  },
  tokenEnv: {
    flag: "--token-env <name>",
    default: "GITHUB_TOKEN",
    type: "string",
    help: "the environment variable holding the GitHub token (read from the environment only)",
  },
  rateLimitWait: {
    flag: "--rate-limit-wait <seconds>",
    env: "PHOENIX_MESH_RATE_LIMIT_WAIT",
    default: 300,
    type: "seconds",
    help: "the longest GitHub rate-limit reset to wait for; a longer one fails, reported as a rate limit",
  },
  githubRepository: {
    flag: "--github-repository <owner/name>",
    env: "GITHUB_REPOSITORY",
    type: "string",
    help: "where the pull request goes (default: the origin URL's repository)",
  },
  githubApiUrl: {
    env: "GITHUB_API_URL",
    default: "https://api.github.com",
    type: "url",
    help: "GitHub's REST API (GitHub Enterprise: set it)",
  },
  githubServerUrl: {
    env: "GITHUB_SERVER_URL",
    default: "https://github.com",
    type: "url",
    help: "GitHub's web address, for links in pull request bodies",
  },
  githubOutput: {
    env: "GITHUB_OUTPUT",
    type: "path",
    help: "GitHub Actions' step outputs file",
  },
  githubStepSummary: {
    env: "GITHUB_STEP_SUMMARY",
    type: "path",
    help: "GitHub Actions' job summary file (the action's check writes the route diff there)",
  },
  githubActions: {
    env: "GITHUB_ACTIONS",
    type: "string",
    help: '"true" inside GitHub Actions: diagnostics are also written as annotations',
  },
  githubRetryBaseMs: {
    env: "PHOENIX_MESH_GITHUB_RETRY_BASE_MS",
    type: "string",
    help: "base delay of GitHub retries in milliseconds (tests shorten it)",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

/**
 * Secrets: read from the environment only, never from a flag (argv is visible to every user of
 * the machine) or the settings file (it is committed), and never printed.
 */
export const SECRET_ENV = {
  /** The Redis password of a redis:// deploy target (the user, if any, is in the URL). */
  redisPassword: "PHOENIX_MESH_REDIS_PASSWORD",
} as const;

/** The settings each command reads; its flags are made from this list (adapters/settings/flags.ts). */
export const COMMAND_SETTINGS = {
  render: ["config", "inventory", "output", "templates", "domain", "staticConfig"],
  verify: ["config", "target", "traefikApi", "probe", "timeout"],
  deploy: ["config", "target", "traefikApi", "probe", "reload", "timeout", "lockTimeout", "keepBackups"],
  status: ["config", "target", "traefikApi"],
  doctor: ["config", "target", "traefikApi", "stepTimeout"],
  diff: ["config"],
  check: ["config"],
  propose: ["base", "branch", "author", "githubRepository", "tokenEnv", "rateLimitWait"],
  hook: ["config"],
} as const satisfies Record<string, readonly SettingName[]>;

export type CommandName = keyof typeof COMMAND_SETTINGS;
