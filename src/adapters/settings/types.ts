/** Resolved settings: what every command works from, each value knowing where it came from. */
import type { ModelOptions } from "../../domain/model/options.js";
import type { ReloadMode } from "../../domain/traefik/reload-modes.js";
import type { SettingName } from "./table.js";

export type { BackendTls, ExtraRoute } from "../../domain/model/options.js";

export type { ReloadMode };
export type Origin = "flag" | "env" | "file" | "default";

export interface Settings extends ModelOptions {
  /** The settings file read, if any. */
  configFile: string | undefined;
  inventory: string | undefined;
  /** Absolute path, or "-" for stdout. */
  output: string;
  templates: string | undefined;
  staticConfig: string | undefined;
  target: string | undefined;
  /** Traefik's API, one per instance serving the deployed file (empty: none given). */
  traefikApis: string[];
  /**
   * deploy.targets: several containers deployed all or nothing, each with its own APIs (empty
   * when not set). Only the settings file gives it; --target (flag or environment) overrides it.
   */
  deployTargets: { target: string; traefikApis: string[] }[];
  probe: string | undefined;
  reload: ReloadMode;
  timeoutSeconds: number;
  lockTimeoutSeconds: number;
  stepTimeoutSeconds: number;
  keepBackups: number;
  sshOptions: string[];
  github: {
    repository: string | undefined;
    apiUrl: string;
    serverUrl: string;
    outputFile: string | undefined;
    inActions: boolean;
    retryBaseMs: number | undefined;
    /** Seconds: the longest rate-limit reset worth waiting for. */
    rateLimitWaitSeconds: number;
  };
  proposal: { base: string; branch: string; author: string; tokenEnv: string };
  origins: Record<SettingName, Origin>;
}

/** Values given on the command line, by setting name (adapters/settings/flags.ts collects them). */
export type FlagValues = Partial<Record<SettingName, SettingValue | undefined>>;

/** A setting's value: a list only for settings of type "urls" (the flag given several times). */
export type SettingValue = string | number | readonly string[];
