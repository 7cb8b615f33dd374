/** Adapter: everything `render` reads before its pure pipeline — the inventory, the templates, Traefik's static config. */
import { readTextFile } from "./read-text.js";
import { PhoenixMeshError } from "../../core/errors.js";
import type { SourceFile } from "../../core/source-file.js";
import type { InventoryPart } from "../../domain/inventory/files.js";
import type { TemplateSet } from "../../domain/render/template-set.js";
import { templateEngine, type TemplateEngine } from "../../domain/render/handlebars.js";
import { SETTINGS } from "../settings/table.js";
import type { Settings } from "../settings/types.js";
import { loadTemplates } from "./load-templates.js";
import { displayPath } from "./paths.js";
import { readInventoryFiles } from "./read-inventory.js";

export interface RenderInputs {
  inventory: Record<InventoryPart, SourceFile>;
  templates: TemplateSet;
  engine: TemplateEngine;
  staticConfig: SourceFile | undefined;
}

export async function readRenderInputs(settings: Settings, cwd: string): Promise<RenderInputs> {
  if (settings.inventory === undefined) {
    throw new PhoenixMeshError("USAGE", "no inventory folder given", {
      hint: `pass --inventory DIR, set ${SETTINGS.inventory.env}, or set "${SETTINGS.inventory.file}" in phoenix-mesh.yaml (--config FILE)`,
    });
  }
  const [inventory, templates, staticConfig] = await Promise.all([
    readInventoryFiles(settings.inventory, cwd),
    loadTemplates(settings.templates, cwd),
    readStaticConfig(settings.staticConfig, cwd),
  ]);
  return { inventory, templates, engine: await templateEngine(templates), staticConfig };
}

async function readStaticConfig(path: string | undefined, cwd: string): Promise<SourceFile | undefined> {
  if (path === undefined) return undefined;
  try {
    return {
      path: displayPath(path, cwd),
      text: await readTextFile(path, displayPath(path, cwd), "CONFIG_INVALID"),
    };
  } catch (error) {
    if (error instanceof PhoenixMeshError) throw error;
    throw new PhoenixMeshError(
      "CONFIG_INVALID",
      `cannot read Traefik's static configuration ${displayPath(path, cwd)}: ${(error as Error).message}`,
      { hint: "check --static / static_config in phoenix-mesh.yaml", cause: error },
    );
  }
}
