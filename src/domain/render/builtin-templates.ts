/**
 * phoenix-mesh's own templates (templates/*.hbs), precompiled at build time by
 * scripts/compile-templates.mjs: a render that uses only these never loads Handlebars' compiler.
 * Their `path` names them as they lie in the package, for the rare error inside one.
 */
import { BUILTIN_TEMPLATES } from "../../generated/templates.js";
import { MAIN_TEMPLATE, PARTIALS_DIR, type TemplateSet, type TemplateSource } from "./template-set.js";

/** Where the built-in templates live in the package and the repository, to copy and edit them. */
export const BUILTIN_TEMPLATES_LABEL = "phoenix-mesh/templates";

interface GeneratedTemplate {
  file: string;
  source: string;
  spec: object;
}

export function builtinTemplates(): TemplateSet {
  const all = (BUILTIN_TEMPLATES as GeneratedTemplate[]).map((t): TemplateSource => ({
    name:
      t.file === MAIN_TEMPLATE ? MAIN_TEMPLATE : t.file.slice(PARTIALS_DIR.length + 1).replace(/\.hbs$/, ""),
    path: `${BUILTIN_TEMPLATES_LABEL}/${t.file}`,
    source: t.source,
    spec: t.spec,
  }));
  const main = all.find((t) => t.name === MAIN_TEMPLATE);
  if (main === undefined) throw new Error("the generated built-in templates have no main template");
  return { main, partials: all.filter((t) => t !== main) };
}
