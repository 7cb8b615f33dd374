/**
 * The one reader of Traefik dynamic configurations, for every command: from a path, from a git
 * ref, or from the live target. One strictness everywhere: the file must parse and match
 * Traefik's schema, or reading fails with an error that names the file and the reason — never an
 * empty configuration in its place. Reference problems (a router naming a service the file does
 * not define) are returned as `problems`: deploy refuses them, the other commands report them,
 * since another provider may define the name and Traefik is the judge.
 */
import { readTextFile } from "../io/read-text.js";
import { hasErrors, type Diagnostic } from "../../core/diagnostics.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { checkDynamicConfig } from "../../domain/traefik/check-dynamic.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import { displayPath } from "../io/paths.js";
import type { Target } from "../targets/target.js";

export type DynamicSource =
  | { kind: "path"; path: string }
  | { kind: "ref"; path: string; ref: string }
  | { kind: "live"; target: Target };

export interface DynamicFile {
  /** For people: a path, `path@ref (commit)`, or the target's description. */
  label: string;
  text: string;
  config: DynamicConfig;
  /** Warnings, and reference errors (deploy refuses those). */
  problems: Diagnostic[];
}

/** Reads and checks a dynamic configuration (a missing file is an error). */
export async function readDynamic(source: DynamicSource, cwd: string): Promise<DynamicFile> {
  const read = await readDynamicText(source, cwd);
  return parseDynamic(read.text, read.label);
}

/** The text only, not yet checked (deploy checks it while its container call starts). */
export async function readDynamicText(
  source: DynamicSource,
  cwd: string,
): Promise<{ label: string; text: string }> {
  const read = await readSourceText(source, cwd);
  if (read.text === undefined)
    throw new PhoenixMeshError("IO", `${read.label} does not exist`, {
      hint: "nothing is deployed there yet: run phoenix-mesh deploy",
    });
  return { label: read.label, text: read.text };
}

/** The live file's text, not yet checked, or undefined when the target has none yet. */
export async function readLiveText(target: Target): Promise<{ label: string; text: string } | undefined> {
  const read = await readSourceText({ kind: "live", target }, "/");
  return read.text === undefined ? undefined : { label: read.label, text: read.text };
}

/** Checks a text already in hand (a rendered file, a backup) with the same strictness. */
export function parseDynamic(text: string, label: string): DynamicFile {
  const checked = checkDynamicConfig(text, label);
  if (checked.config === undefined)
    throw new PhoenixMeshError("OUTPUT_INVALID", `${label} is not a valid Traefik dynamic configuration`, {
      diagnostics: checked.diagnostics,
      hint: "fix the file (or render it again); Traefik would not load it either",
    });
  return { label, text, config: checked.config, problems: checked.diagnostics };
}

/** Throws unless the file's references all resolve (the gate before anything is deployed). */
export function requireResolved(file: DynamicFile, action: string): void {
  if (hasErrors(file.problems))
    throw new PhoenixMeshError(
      "OUTPUT_INVALID",
      `refusing to ${action} ${file.label}: it is not a valid Traefik dynamic configuration`,
      { diagnostics: file.problems },
    );
}

async function readSourceText(
  source: DynamicSource,
  cwd: string,
): Promise<{ label: string; text: string | undefined }> {
  switch (source.kind) {
    case "path": {
      const label = displayPath(source.path, cwd);
      try {
        return { label, text: await readTextFile(source.path, label) };
      } catch (error) {
        if (error instanceof PhoenixMeshError) throw error;
        throw new PhoenixMeshError("IO", `cannot read ${label}: ${(error as Error).message}`, {
          hint: "pass --file or --ref, or render first",
          cause: error,
        });
      }
    }
    case "ref": {
      const { readAtRef } = await import("../git/read-at-ref.js");
      const at = await readAtRef(source.path, source.ref);
      return { label: `${at.relativePath}@${source.ref} (${at.commit.slice(0, 12)})`, text: at.content };
    }
    case "live":
      return { label: source.target.description, text: await source.target.readFile(source.target.livePath) };
  }
}
