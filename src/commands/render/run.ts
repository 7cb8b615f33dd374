/** `phoenix-mesh render`: inventory → validated Traefik dynamic configuration, written atomically. */
import { basename, resolve } from "node:path";
import { packageVersion } from "../../adapters/io/assets.js";
import { formatDiagnostic, type Diagnostic } from "../../core/diagnostics.js";
import { diffLines } from "../../domain/diff/lines.js";
import { formatDiffText } from "../../domain/diff/format-text.js";
import { diffConfigs } from "../../domain/diff/semantic.js";
import { parseDynamicConfig } from "../../domain/traefik/check-dynamic.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { writeFileAtomic } from "../../adapters/io/atomic-write.js";
import { displayPath } from "../../adapters/io/paths.js";
import { readOptional } from "../../adapters/io/read-optional.js";
import { readRenderInputs } from "../../adapters/io/read-render-inputs.js";
import { runRenderPipeline } from "../../domain/render/pipeline.js";
import { annotation } from "../../core/annotations.js";
import { formatRouteTable, routeRows, type RouteRow } from "../../domain/render/route-table.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";

export interface RenderOptions {
  flags: FlagValues;
  check?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export interface RenderReport {
  operation: "written" | "unchanged" | "printed" | "up-to-date";
  output: string;
  revision: string;
  domain: string;
  routes: RouteRow[];
  warnings: Diagnostic[];
}

export async function renderCommand(options: RenderOptions, io: CommandIO): Promise<RenderReport> {
  if (options.check === true && options.flags.output === "-") {
    throw new PhoenixMeshError(
      "USAGE",
      "--check compares with the file on disk; it cannot be used with --out -",
    );
  }
  if (options.json === true && options.flags.output === "-") {
    throw new PhoenixMeshError("USAGE", "--json and --out - both write to stdout; choose one");
  }
  const { settings, source: settingsSource } = await loadSettings(options.flags, io);
  const toStdout = settings.output === "-";
  const { inventory, templates, engine, staticConfig } = await readRenderInputs(settings, io.cwd);
  const outputLabel = toStdout ? "<stdout>" : displayPath(settings.output, io.cwd);
  const outcome = runRenderPipeline({
    inventory,
    settings,
    settingsSource,
    templates,
    engine,
    staticConfig,
    outputName: basename(toStdout ? SETTINGS.output.default : settings.output),
    outputLabel,
    tool: { name: "phoenix-mesh", version: packageVersion() },
  });
  if (!outcome.ok) {
    throw new PhoenixMeshError(
      outcome.code,
      `${outcome.summary}; ${toStdout ? "nothing printed" : `${outputLabel} was not changed`}`,
      {
        diagnostics: outcome.diagnostics,
      },
    );
  }

  for (const w of outcome.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  if (settings.github.inActions && options.json !== true && !toStdout)
    for (const w of outcome.warnings) io.stdout(annotation(w));
  const rows = routeRows(outcome.model);
  const report = (operation: RenderReport["operation"]): RenderReport => ({
    operation,
    output: toStdout ? "-" : settings.output,
    revision: outcome.model.revision,
    domain: outcome.model.domain,
    routes: rows,
    warnings: outcome.warnings,
  });
  if (options.quiet !== true) io.stderr(formatRouteTable(rows));

  if (toStdout) {
    io.stdout(outcome.text);
    return report("printed");
  }
  let current: string | undefined;
  try {
    current = await readOptional(settings.output);
  } catch (error) {
    throw new PhoenixMeshError(
      "IO",
      `cannot read ${outputLabel}: ${(error as Error).message}; nothing was written`,
      { cause: error },
    );
  }
  if (options.check === true) {
    if (current === outcome.text) {
      io.stderr(`${outputLabel} is up to date (revision ${outcome.model.revision})\n`);
      return report("up-to-date");
    }
    const what =
      current === undefined
        ? `${outputLabel} does not exist`
        : `${outputLabel} is stale:\n${staleness(current, outcome.text, outcome.config)}`;
    throw new PhoenixMeshError("STALE_OUTPUT", what, {
      hint: "run `phoenix-mesh render` and commit the result",
    });
  }
  if (current === outcome.text) {
    io.stderr(`${outputLabel} unchanged (revision ${outcome.model.revision})\n`);
    return report("unchanged");
  }
  try {
    await writeFileAtomic(resolve(io.cwd, settings.output), outcome.text);
  } catch (error) {
    throw new PhoenixMeshError(
      "IO",
      `cannot write ${outputLabel}: ${(error as Error).message}; the previous file is unchanged`,
      { cause: error },
    );
  }
  io.stderr(
    `wrote ${outputLabel} (revision ${outcome.model.revision}, ${rows.length} host${rows.length === 1 ? "" : "s"})\n`,
  );
  return report("written");
}

/** What differs: the line diff, or — when that is too large to compute — the route diff. */
function staleness(current: string, text: string, fresh: DynamicConfig): string {
  const lines = diffLines(current, text);
  if (!lines.tooLarge) return lines.text;
  const old = parseDynamicConfig(current, "the committed file").config;
  return `(the line diff is too large to show)\n${old === undefined ? "the committed file is not a valid dynamic configuration\n" : formatDiffText(diffConfigs(old, fresh))}`;
}
