/** `phoenix-mesh hook install`: a post-merge hook in a clone of the config repo that deploys on merge. */
import { chmod, rename, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { selfCommand } from "../../adapters/io/assets.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { displayPath } from "../../adapters/io/paths.js";
import { readOptional } from "../../adapters/io/read-optional.js";
import { HOOK_MARKER, postMergeHook } from "./post-merge-script.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";

export interface HookOptions {
  flags: FlagValues;
  force?: boolean;
}

export async function hookInstallCommand(
  options: HookOptions,
  io: CommandIO,
): Promise<{ hook: string; file: string; replaced: string | null }> {
  // Without the environment: the hook runs later with only the settings file, so that is what counts.
  const { settings } = await loadSettings(options.flags, { env: {}, cwd: io.cwd });
  if (settings.configFile === undefined) {
    throw new PhoenixMeshError(
      "USAGE",
      `hook install needs a settings file (phoenix-mesh.yaml) with ${SETTINGS.target.file} and ${SETTINGS.traefikApi.file}`,
      { hint: "run it in the config repo, or pass --config" },
    );
  }
  // The hook runs later, with only the settings file: the deploy section must be in it.
  const oneTarget = settings.origins.target === "file" && settings.origins.traefikApi === "file";
  if (!oneTarget && settings.deployTargets.length === 0) {
    throw new PhoenixMeshError(
      "USAGE",
      `${displayPath(settings.configFile, io.cwd)} has no ${SETTINGS.target.file} or ${SETTINGS.traefikApi.file} (nor deploy.targets); the hook would have nowhere to deploy`,
    );
  }
  const { repoPaths } = await import("../../adapters/git/repo-root.js");
  const { top, hooks } = await repoPaths(resolve(settings.configFile, ".."));
  const hookPath = join(hooks, "post-merge");
  const existing = await readOptional(hookPath);
  let replaced: string | null = null;
  if (existing !== undefined && !existing.includes(HOOK_MARKER)) {
    if (options.force !== true) {
      throw new PhoenixMeshError("USAGE", `${hookPath} already exists and is not phoenix-mesh's`, {
        hint: "merge it by hand, or pass --force to replace it (it is kept as post-merge.before-phoenix-mesh)",
      });
    }
    replaced = `${hookPath}.before-phoenix-mesh`;
    await rename(hookPath, replaced);
  }
  const file = relative(top, settings.output);
  const script = postMergeHook({
    command: selfCommand(),
    config: relative(top, settings.configFile),
    file,
  });
  await writeFile(`${hookPath}.tmp`, script, { mode: 0o755 });
  await chmod(`${hookPath}.tmp`, 0o755);
  await rename(`${hookPath}.tmp`, hookPath);
  io.stderr(`installed ${hookPath}: merges that change ${file} deploy it to ${settings.target}\n`);
  return { hook: hookPath, file, replaced };
}
