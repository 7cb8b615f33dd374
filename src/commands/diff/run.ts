/** `phoenix-mesh diff`: what changes for routing between two dynamic configurations. */
import { readDynamic, type DynamicFile } from "../../adapters/dynamic/read.js";
import { loadSettings } from "../../adapters/settings/load.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { formatDiffText } from "../../domain/diff/format-text.js";
import { diffConfigs, type ConfigDiff } from "../../domain/diff/semantic.js";
import { reviewMarkdown } from "../../domain/review/markdown.js";
import { prepareReview } from "../../domain/review/review.js";

export type DiffFormat = "text" | "markdown" | "json";

export interface DiffOptions {
  flags: FlagValues;
  files: string[];
  ref?: string | undefined;
  format: DiffFormat;
  exitCode?: boolean;
}

export async function diffCommand(options: DiffOptions, io: CommandIO): Promise<ConfigDiff> {
  const [oldSide, newSide] = await readSides(options, io);
  const diff = diffConfigs(oldSide.config, newSide.config);
  if (options.format === "json")
    io.stdout(`${JSON.stringify({ old: oldSide.label, new: newSide.label, ...diff }, null, 2)}\n`);
  else if (options.format === "markdown") io.stdout(reviewMarkdown(review(oldSide, newSide, diff)));
  else io.stdout(formatDiffText(diff));
  if (options.exitCode === true && !diff.identical) {
    throw new PhoenixMeshError("DRIFT", `${oldSide.label} and ${newSide.label} route differently`);
  }
  return diff;
}

async function readSides(options: DiffOptions, io: CommandIO): Promise<[DynamicFile, DynamicFile]> {
  const { files, ref } = options;
  if (ref === undefined) {
    if (files.length !== 2)
      throw new PhoenixMeshError("USAGE", "diff needs two files (OLD NEW), or --ref REF [FILE]", {
        hint: "e.g. phoenix-mesh diff --ref origin/main",
      });
    return [
      await readDynamic({ kind: "path", path: files[0]! }, io.cwd),
      await readDynamic({ kind: "path", path: files[1]! }, io.cwd),
    ];
  }
  if (files.length > 1)
    throw new PhoenixMeshError("USAGE", "with --ref, give at most one FILE (the new side)");
  const path = files[0] ?? (await loadSettings(options.flags, io)).settings.output;
  return [
    await readDynamic({ kind: "ref", path, ref }, io.cwd),
    await readDynamic({ kind: "path", path }, io.cwd),
  ];
}

/** The same review a pull request body holds, without its frame (see domain/review). */
function review(oldSide: DynamicFile, newSide: DynamicFile, diff: ConfigDiff) {
  return prepareReview({
    diff,
    before: { config: oldSide.config, text: oldSide.text },
    after: { config: newSide.config, text: newSide.text },
    labels: { old: oldSide.label, new: newSide.label },
  });
}
