/**
 * Adapter: reads the built-in templates, then lets a user folder replace any of them by name
 * (`dynamic_conf.yml.hbs`, `partials/<name>.hbs`) or add partials of its own.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import { displayPath } from "./paths.js";
import { builtinTemplates, BUILTIN_TEMPLATES_LABEL } from "../../domain/render/builtin-templates.js";
import {
  MAIN_TEMPLATE,
  PARTIALS_DIR,
  type TemplateSet,
  type TemplateSource,
} from "../../domain/render/template-set.js";

export async function loadTemplates(
  userDir: string | undefined,
  cwd: string = process.cwd(),
): Promise<TemplateSet> {
  const builtin = builtinTemplates();
  if (userDir === undefined) return builtin;
  const user = await readFolder(userDir, cwd);
  const partials = new Map(builtin.partials.map((p) => [p.name, p]));
  for (const p of user.partials) partials.set(p.name, p);
  return {
    main: user.main.source === "" ? builtin.main : user.main,
    partials: [...partials.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

async function readFolder(dir: string, cwd: string): Promise<TemplateSet> {
  const mainPath = join(dir, MAIN_TEMPLATE);
  const main = await readTemplate(mainPath, cwd);
  let names: string[] = [];
  try {
    names = (await readdir(join(dir, PARTIALS_DIR))).filter((n) => n.endsWith(".hbs")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      throw ioError(join(dir, PARTIALS_DIR), error, cwd);
  }
  if (main === undefined && names.length === 0) {
    throw new PhoenixMeshError(
      "TEMPLATE_INVALID",
      `the templates folder ${displayPath(dir, cwd)} holds neither ${MAIN_TEMPLATE} nor ${PARTIALS_DIR}/*.hbs`,
      {
        hint: `copy the built-in templates from ${BUILTIN_TEMPLATES_LABEL} (the templates/ folder of the package or its repository) and edit them, or drop --templates`,
      },
    );
  }
  const partials: TemplateSource[] = await Promise.all(
    names.map(async (n) => {
      const path = join(dir, PARTIALS_DIR, n);
      return {
        name: n.replace(/\.hbs$/, ""),
        path: displayPath(path, cwd),
        source: (await readTemplate(path, cwd)) ?? "",
      };
    }),
  );
  return { main: { name: MAIN_TEMPLATE, path: displayPath(mainPath, cwd), source: main ?? "" }, partials };
}

async function readTemplate(path: string, cwd: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw ioError(path, error, cwd);
  }
}

function ioError(path: string, error: unknown, cwd: string): PhoenixMeshError {
  return new PhoenixMeshError(
    "IO",
    `cannot read templates at ${displayPath(path, cwd)}: ${(error as Error).message}`,
    { cause: error },
  );
}
