/** Adapter: finds and reads the settings file, then resolves every setting (pure, resolve.ts). */
import { readTextFile } from "../io/read-text.js";
import { PhoenixMeshError } from "../../core/errors.js";
import type { SourceFile } from "../../core/source-file.js";
import { parseYaml } from "../../core/yaml/document.js";
import { displayPath } from "../io/paths.js";
import { parseSettingsFile } from "./file.js";
import { resolveSetting, resolveSettings } from "./resolve.js";
import { SETTINGS } from "./table.js";
import type { FlagValues, Settings } from "./types.js";

export interface LoadedSettings {
  settings: Settings;
  /** The settings file as read, for positions in diagnostics. */
  source: SourceFile | undefined;
}

export async function loadSettings(
  flags: FlagValues,
  io: { env: Record<string, string | undefined>; cwd: string },
): Promise<LoadedSettings> {
  const { env, cwd } = io;
  const config = resolveSetting("config", { flags, env, file: undefined, cwd });
  const path = String(config.value);
  const explicit = config.origin !== "default";
  let text: string | undefined;
  try {
    text = await readTextFile(path, displayPath(path, cwd), "CONFIG_INVALID");
  } catch (error) {
    if (error instanceof PhoenixMeshError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" || explicit) {
      throw new PhoenixMeshError(
        "CONFIG_INVALID",
        `cannot read settings file ${displayPath(path, cwd)}: ${code === "ENOENT" ? "it does not exist" : (error as Error).message}`,
        { hint: `check --config / ${SETTINGS.config.env}` },
      );
    }
  }
  const label = displayPath(path, cwd);
  let file: { path: string; content: ReturnType<typeof contentOf> } | undefined;
  if (text !== undefined) file = { path, content: contentOf(text, label) };
  const { settings, problems } = resolveSettings({ flags, env, file, cwd });
  if (problems.length > 0) {
    const doc = text === undefined ? undefined : parseYaml(text);
    for (const p of problems) {
      if (p.file === undefined || p.pointer === undefined || doc === undefined) continue;
      p.file = label;
      Object.assign(p, doc.locate(p.pointer) ?? {});
    }
    throw new PhoenixMeshError("USAGE", `invalid setting${problems.length === 1 ? "" : "s"}`, {
      diagnostics: problems,
    });
  }
  return { settings, source: text === undefined ? undefined : { path: label, text } };
}

function contentOf(text: string, label: string) {
  const parsed = parseSettingsFile(text, label);
  if (!parsed.ok)
    throw new PhoenixMeshError("CONFIG_INVALID", `${label} is not valid`, {
      diagnostics: parsed.diagnostics,
    });
  return parsed.content;
}
