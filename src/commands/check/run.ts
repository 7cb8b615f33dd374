/**
 * `phoenix-mesh check`: would Traefik load these dynamic configuration files, with every object
 * enabled? The files (or folders, read as Traefik's directory provider reads them) are judged by
 * domain/traefik/check-files.ts; with --static, entryPoints, certificate resolvers and plugins
 * are checked against the static configuration; with --traefik, a real Traefik judges
 * (./traefik-verdict.ts).
 */
import { resolve } from "node:path";
import { readConfigFiles } from "../../adapters/dynamic/read-files.js";
import { displayPath } from "../../adapters/io/paths.js";
import { readTextFile } from "../../adapters/io/read-text.js";
import { loadSettings } from "../../adapters/settings/load.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import { parseConfigDocument } from "../../core/config-document.js";
import { formatDiagnostic, type Diagnostic } from "../../core/diagnostics.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { checkFiles } from "../../domain/traefik/check-files.js";
import { DESCRIBED_TRAEFIK } from "../../domain/traefik/dynamic-schema.js";
import { staticFactsOf, type StaticFacts } from "../../domain/traefik/static-facts.js";

export interface CheckOptions {
  flags: FlagValues;
  files: string[];
  static?: string | undefined;
  traefik?: string | undefined;
  json: boolean;
}

export interface CheckReport {
  ok: boolean;
  judge: string;
  files: string[];
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

export async function checkCommand(options: CheckOptions, io: CommandIO): Promise<CheckReport> {
  // No paths: the settings' output file, judged with the settings' static configuration.
  const settings = options.files.length > 0 ? undefined : (await loadSettings(options.flags, io)).settings;
  const args = settings === undefined ? options.files : [displayPath(settings.output, io.cwd)];
  const staticPath = options.static ?? settings?.staticConfig;
  const files = await readConfigFiles(args, io.cwd);
  const facts = staticPath === undefined ? undefined : await readStatic(staticPath, io.cwd);
  let diagnostics: Diagnostic[];
  let judge: string;
  if (options.traefik === undefined) {
    diagnostics = checkFiles(files, facts).diagnostics;
    judge = `phoenix-mesh's checker (Traefik ${DESCRIBED_TRAEFIK}'s types and rules)`;
  } else {
    const { traefikVerdict } = await import("./traefik-verdict.js");
    const verdict = await traefikVerdict(options.traefik, files, facts?.entryPoints, io);
    diagnostics = verdict.diagnostics;
    judge = `Traefik ${verdict.version} (${options.traefik})`;
  }
  const errors = diagnostics.filter((d) => d.severity === "error");
  const report: CheckReport = {
    ok: errors.length === 0,
    judge,
    files: files.map((f) => f.path),
    errors: errors.length,
    warnings: diagnostics.length - errors.length,
    diagnostics,
  };
  if (errors.length > 0)
    throw new PhoenixMeshError(
      "OUTPUT_INVALID",
      `Traefik would not load ${files.length === 1 ? files[0]!.path : `these ${files.length} files`} with every object enabled: ${errors.length} error${errors.length === 1 ? "" : "s"}`,
      {
        diagnostics,
        details: { judge, files: report.files, errors: report.errors, warnings: report.warnings },
      },
    );
  if (!options.json) {
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(
      `${files.length === 1 ? files[0]!.path : `${files.length} files`}: Traefik would load ${files.length === 1 ? "it" : "them"} with every object enabled${report.warnings === 0 ? "" : ` (${report.warnings} warning${report.warnings === 1 ? "" : "s"})`}; judged by ${judge}\n`,
    );
  }
  return report;
}

async function readStatic(path: string, cwd: string): Promise<StaticFacts> {
  const text = await readTextFile(resolve(cwd, path), path, "USAGE");
  const doc = parseConfigDocument(text, path);
  const first = doc.errors[0];
  if (first !== undefined)
    throw new PhoenixMeshError(
      "USAGE",
      `${path}:${first.line}:${first.column}: the static configuration cannot be read: ${first.message}`,
    );
  return staticFactsOf(doc.value);
}
