/** Adapter: finds and reads the settings file, then resolves settings (pure). */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import type { SourceFile } from "../../core/source-file.js";
import { displayPath } from "../io/paths.js";
import { parseSettingsFile } from "./file.js";
import { resolveSettings } from "./resolve.js";
import { DEFAULT_CONFIG_FILE, ENV, type SettingOverrides, type Settings } from "./types.js";

export interface LoadedSettings {
  settings: Settings;
  /** The settings file as read, for positions in diagnostics. */
  source: SourceFile | undefined;
}

export async function loadSettings(
  flags: SettingOverrides,
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): Promise<LoadedSettings> {
  const explicit = flags.config ?? (env[ENV.config] || undefined);
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" || explicit !== undefined) {
      throw new PhoenixMeshError(
        "CONFIG_INVALID",
        `cannot read settings file ${displayPath(path, cwd)}: ${code === "ENOENT" ? "it does not exist" : (error as Error).message}`,
        {
          hint: `check --config / ${ENV.config}`,
        },
      );
    }
  }
  if (text === undefined)
    return { settings: resolveSettings({ flags, env, file: undefined, cwd }), source: undefined };
  const parsed = parseSettingsFile(text, displayPath(path, cwd));
  if (!parsed.ok) {
    throw new PhoenixMeshError("CONFIG_INVALID", `${displayPath(path, cwd)} is not valid`, {
      diagnostics: parsed.diagnostics,
    });
  }
  return {
    settings: resolveSettings({ flags, env, file: { path, content: parsed.content }, cwd }),
    source: { path: displayPath(path, cwd), text },
  };
}
