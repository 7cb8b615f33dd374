/** `phoenix-mesh diff`: what changes for routing between two dynamic configurations. */
import { readFile } from "node:fs/promises";
import { PhoenixMeshError } from "../../core/errors.js";
import { diffConfigs, type ConfigDiff } from "../../domain/diff/semantic.js";
import { displayPath } from "../../adapters/io/paths.js";
import { formatDiffMarkdown } from "../../domain/diff/format-markdown.js";
import { formatDiffText } from "../../domain/diff/format-text.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { parseDynamicConfig } from "../../domain/traefik/check-dynamic.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import type { CommandIO } from "../../core/command-io.js";

export type DiffFormat = "text" | "markdown" | "json";

export interface DiffOptions {
  config?: string | undefined;
  files: string[];
  ref?: string | undefined;
  format: DiffFormat;
  exitCode?: boolean;
}

export async function diffCommand(options: DiffOptions, io: CommandIO): Promise<ConfigDiff> {
  const [oldSide, newSide] = await resolveSides(options, io);
  const diff = diffConfigs(oldSide.config, newSide.config);
  if (options.format === "json")
    io.stdout(`${JSON.stringify({ old: oldSide.label, new: newSide.label, ...diff }, null, 2)}\n`);
  else if (options.format === "markdown") io.stdout(formatDiffMarkdown(diff));
  else io.stdout(formatDiffText(diff));
  if (options.exitCode === true && !diff.identical) {
    throw new PhoenixMeshError("DRIFT", `${oldSide.label} and ${newSide.label} route differently`);
  }
  return diff;
}

interface Side {
  label: string;
  config: DynamicConfig;
}

async function resolveSides(options: DiffOptions, io: CommandIO): Promise<[Side, Side]> {
  const { files, ref } = options;
  if (ref === undefined) {
    if (files.length !== 2)
      throw new PhoenixMeshError("USAGE", "diff needs two files (OLD NEW), or --ref REF [FILE]", {
        hint: "e.g. phoenix-mesh diff --ref origin/main",
      });
    return [await readSide(files[0]!, io), await readSide(files[1]!, io)];
  }
  if (files.length > 1)
    throw new PhoenixMeshError("USAGE", "with --ref, give at most one FILE (the new side)");
  const path = files[0] ?? (await loadSettings({ config: options.config }, io.env, io.cwd)).settings.output;
  const { readAtRef } = await import("../../adapters/git/read-at-ref.js");
  const at = await readAtRef(path, ref);
  const label = `${at.relativePath}@${ref}`;
  return [parseSide(at.content, label), await readSide(path, io)];
}

async function readSide(path: string, io: CommandIO): Promise<Side> {
  const label = displayPath(path, io.cwd);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PhoenixMeshError("IO", `cannot read ${label}: ${(error as Error).message}`, { cause: error });
  }
  return parseSide(text, label);
}

function parseSide(text: string, label: string): Side {
  const parsed = parseDynamicConfig(text, label);
  if (parsed.config === undefined)
    throw new PhoenixMeshError("OUTPUT_INVALID", `${label} is not a Traefik dynamic configuration`, {
      diagnostics: parsed.diagnostics,
    });
  return { label, config: parsed.config };
}
