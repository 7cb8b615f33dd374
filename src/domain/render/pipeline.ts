/**
 * Pure: the whole of `render` between reading files and writing one. Each stage returns
 * diagnostics; the first stage with an error stops the pipeline, having collected every problem
 * of that stage (a user fixes them all in one go).
 *
 *   parse → validate → discover + check routes → build model → render templates → check output → lint static
 */
import { hasErrors, unescapePointerToken, type Diagnostic } from "../../core/diagnostics.js";
import type { ErrorCode } from "../../core/errors.js";
import { deriveDomain } from "../inventory/domain.js";
import { discoverRoutes } from "../inventory/discover.js";
import type { SourceFile } from "../../core/source-file.js";
import type { InventoryPart } from "../inventory/files.js";
import { parseInventory } from "../inventory/parse.js";
import type { HypervisorFields } from "../inventory/types.js";
import { validateInventory } from "../inventory/validate.js";
import { buildModel } from "../model/build.js";
import { checkRoutes } from "../model/check.js";
import { routesFromSettings } from "../model/extra-routes.js";
import type { TemplateModel } from "../model/template-model.js";
import type { ModelOptions } from "../model/options.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { checkDynamicConfig } from "../traefik/check-dynamic.js";
import { lintStaticConfig } from "../traefik/static-lint.js";
import { renderTemplates, type TemplateEngine } from "./handlebars.js";
import { jsonLocator, locateDiagnostics, yamlLocator, type Locator } from "./locate-diagnostics.js";
import { header, withRevision } from "./revision.js";
import type { TemplateSet } from "./template-set.js";

export interface RenderInput {
  inventory: Record<InventoryPart, SourceFile>;
  settings: ModelOptions;
  /** The settings file's text, to put line numbers on its diagnostics. */
  settingsSource: SourceFile | undefined;
  templates: TemplateSet;
  /** What renders `templates` (templateEngine(templates)). */
  engine: TemplateEngine;
  staticConfig: SourceFile | undefined;
  /** Name of the output file (the file provider only reads .yml/.yaml/.toml). */
  outputName: string;
  /** Label for positions inside the rendered text, e.g. the output path. */
  outputLabel: string;
  tool: { name: string; version: string };
}

export type RenderOutcome =
  | {
      ok: true;
      text: string;
      model: TemplateModel;
      digest: string;
      config: DynamicConfig;
      warnings: Diagnostic[];
    }
  | { ok: false; code: ErrorCode; summary: string; diagnostics: Diagnostic[] };

/**
 * A problem inside a middleware the settings file defines is the settings file's, at the line
 * that wrote it — not the templates' and not a line of the output the user never wrote.
 */
function blameSettings(
  d: Diagnostic,
  middlewares: Record<string, unknown>,
  settingsFile: string | undefined,
): Diagnostic {
  const m = /^\/http\/middlewares\/([^/]+)(\/.*)?$/.exec(d.pointer ?? "");
  const name = m?.[1] === undefined ? undefined : unescapePointerToken(m[1]);
  if (m === null || name === undefined || settingsFile === undefined || !Object.hasOwn(middlewares, name))
    return d;
  // Its position in the output means nothing here: the settings file's locator finds the line.
  const rest: Diagnostic = { ...d };
  delete rest.line;
  delete rest.column;
  return {
    ...rest,
    file: settingsFile,
    pointer: `/middlewares/${m[1]}${m[2] ?? ""}`,
    hint: d.hint ?? `the middleware "${name}" comes from middlewares: in ${settingsFile}`,
  };
}

export function runRenderPipeline(input: RenderInput): RenderOutcome {
  const locators = new Map<string, Locator>(
    Object.values(input.inventory).map((s) => [s.path, jsonLocator(s.text)]),
  );
  if (input.settingsSource !== undefined)
    locators.set(input.settingsSource.path, yamlLocator(input.settingsSource.text));
  const fail = (code: ErrorCode, summary: string, diagnostics: Diagnostic[]): RenderOutcome => ({
    ok: false,
    code,
    summary,
    diagnostics: locateDiagnostics(diagnostics, locators),
  });
  const warnings: Diagnostic[] = [];

  const parsed = parseInventory(input.inventory);
  if (parsed.inventory === undefined)
    return fail("INVENTORY_INVALID", "the inventory is not valid JSON", parsed.diagnostics);
  const inventory = parsed.inventory;
  const structural = validateInventory(inventory);
  if (hasErrors(structural))
    return fail("INVENTORY_INVALID", "the inventory does not match its schema", structural);

  const hypervisor = inventory.hypervisor.value as unknown as HypervisorFields;
  const domain = deriveDomain(hypervisor.domain_name, input.settings.domain);
  if (domain === undefined)
    return fail("INVENTORY_INVALID", "no domain for the routes' host names", [
      {
        severity: "error",
        code: "domain-missing",
        message: `${input.inventory.hypervisor.path} has no domain_name, and no domain is set`,
        file: input.inventory.hypervisor.path,
        pointer: "",
        hint: 'add "domain_name": "example.lan" to phoenix_hypervisor_config.json, or give the domain as a setting (--domain, or domain: internal.example.lan in phoenix-mesh.yaml)',
      },
    ]);
  const discovered = discoverRoutes(inventory, domain);
  const extra = routesFromSettings(input.settings.routes, input.settingsSource?.path ?? "the settings file");
  const routes = [...discovered.routes, ...extra.routes];
  const routeDiagnostics = [...discovered.diagnostics, ...extra.diagnostics, ...checkRoutes(routes, domain)];
  if (hasErrors(routeDiagnostics))
    return fail("INVENTORY_INVALID", "the inventory's routes are not valid", routeDiagnostics);
  warnings.push(...routeDiagnostics);

  // Diagnostics about settings name the settings file as the user sees it (and get its line numbers).
  const settingsFile = input.settingsSource?.path ?? input.settings.configFile;
  const built = buildModel(routes, { ...input.settings, configFile: settingsFile }, domain, input.tool);
  if (hasErrors(built.diagnostics))
    return fail("CONFIG_INVALID", "the settings cannot serve these routes", built.diagnostics);
  warnings.push(...built.diagnostics);
  const { model, digest } = withRevision(built.model, input.templates);

  const rendered = renderTemplates(input.templates, model, input.engine);
  if (!rendered.ok) return fail("TEMPLATE_INVALID", "a template failed", [rendered.diagnostic]);
  // One trailing newline, whatever the template ends with.
  const text = `${header(model, digest)}${rendered.text.replace(/\n*$/, "")}\n`;

  const checked = checkDynamicConfig(text, input.outputLabel);
  const blamed = checked.diagnostics.map((d) => blameSettings(d, input.settings.middlewares, settingsFile));
  if (checked.config === undefined || hasErrors(blamed)) {
    const settingsOnly = blamed.filter((d) => d.severity === "error").every((d) => d.file === settingsFile);
    if (settingsOnly && settingsFile !== undefined)
      return fail(
        "CONFIG_INVALID",
        `a middleware defined in ${settingsFile} is not one Traefik accepts`,
        blamed,
      );
    const blame = input.templates.main.path;
    return fail(
      "OUTPUT_INVALID",
      `the templates rendered an invalid Traefik configuration (templates: ${blame})`,
      blamed,
    );
  }
  warnings.push(...blamed);

  if (input.staticConfig !== undefined) {
    const lint = lintStaticConfig({
      text: input.staticConfig.text,
      file: input.staticConfig.path,
      dynamic: checked.config,
      outputName: input.outputName,
    });
    if (hasErrors(lint))
      return fail(
        "CONFIG_INVALID",
        `Traefik's static configuration ${input.staticConfig.path} does not fit the rendered file`,
        lint,
      );
    warnings.push(...lint);
  }
  return {
    ok: true,
    text,
    model,
    digest,
    config: checked.config,
    warnings: locateDiagnostics(warnings, locators),
  };
}
