/**
 * The command-line side of the settings table: each setting's flag as a commander Option, with
 * its environment variable, settings-file key and default in the help text, and the values a
 * command line gave, by setting name. Defaults are not given to commander, so the resolver knows
 * a flag was not passed and can fall back to the environment and the settings file.
 */
import { InvalidArgumentError, Option } from "commander";
import { checkValue } from "./resolve.js";
import { SETTINGS, type SettingName, type SettingSpec } from "./table.js";
import type { FlagValues } from "./types.js";

export function settingOption(name: SettingName): Option {
  const spec: SettingSpec = SETTINGS[name];
  if (spec.flag === undefined) throw new Error(`setting ${name} has no flag`);
  const from = [
    spec.env === undefined ? undefined : `env ${spec.env}`,
    spec.file === undefined ? undefined : `${spec.file} in phoenix-mesh.yaml`,
    spec.default === undefined ? undefined : `default ${spec.default}`,
  ].filter((s) => s !== undefined);
  const option = new Option(spec.flag, `${spec.help}${from.length === 0 ? "" : ` (${from.join("; ")})`}`);
  // Checked when the flag is parsed: a malformed value is a usage error (exit 2), named by its flag.
  option.argParser((value: string, previous: unknown) => {
    const why = checkValue(name, value);
    if (why !== undefined) throw new InvalidArgumentError(why);
    // A list setting collects each time its flag is given; any other takes the last.
    if (spec.type === "urls") return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
    return spec.type === "seconds" || spec.type === "count" ? Number(value) : value;
  });
  return option;
}

/** Adds the flags of these settings to a command. */
export function addSettingOptions(
  command: { addOption(o: Option): unknown },
  names: readonly SettingName[],
): void {
  for (const name of names) command.addOption(settingOption(name));
}

/** The values of these settings' flags in commander's parsed options. */
export function flagValues(opts: Record<string, unknown>, names: readonly SettingName[]): FlagValues {
  const out: FlagValues = {};
  for (const name of names) {
    const value = opts[settingOption(name).attributeName()];
    if (typeof value === "string" || typeof value === "number") out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map(String);
  }
  return out;
}

/** Comma-separated lists (labels, reviewers). */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}
