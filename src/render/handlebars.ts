/**
 * The only importer of Handlebars. Templates compile with `strict: true` (a missing field is an
 * error, never an empty string) and `noEscape: true` (this is YAML, not HTML: escaping is the
 * helpers' job, see ./helpers.ts). Each run gets its own isolated Handlebars environment.
 */
import Handlebars from "handlebars";
import type { Diagnostic } from "../diagnostics.js";
import { bool, comment, HelperError, json, list, quote } from "./helpers.js";
import type { TemplateSet, TemplateSource } from "./template-set.js";

const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

export type RenderResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Marks which template a runtime error came from, as it unwinds through nested partials. */
class TemplateFailure extends Error {
  constructor(
    readonly template: TemplateSource,
    readonly reason: unknown,
  ) {
    super("template failed");
  }
}

export function renderTemplates(set: TemplateSet, context: object): RenderResult {
  const hb = Handlebars.create();
  hb.registerHelper({
    q: quote,
    list,
    json,
    bool,
    comment: (...args: unknown[]) => comment(...args.slice(0, -1)),
  });
  const main = compile(hb, set.main);
  if (!main.ok) return main;
  for (const partial of set.partials) {
    const compiled = compile(hb, partial);
    if (!compiled.ok) return compiled;
    hb.registerPartial(partial.name, compiled.fn as Handlebars.Template);
  }
  try {
    return { ok: true, text: main.fn(context) };
  } catch (error) {
    if (error instanceof TemplateFailure)
      return { ok: false, diagnostic: describe(error.template, error.reason) };
    return { ok: false, diagnostic: describe(set.main, error) };
  }
}

type Compiled =
  { ok: true; fn: (context: unknown, options?: unknown) => string } | { ok: false; diagnostic: Diagnostic };

function compile(hb: typeof Handlebars, template: TemplateSource): Compiled {
  let fn: Handlebars.TemplateDelegate;
  try {
    // Precompile eagerly so syntax errors surface here, with the file name, not at first use.
    fn = hb.compile(template.source, COMPILE_OPTIONS);
    hb.precompile(template.source, COMPILE_OPTIONS);
  } catch (error) {
    return { ok: false, diagnostic: describe(template, error) };
  }
  return {
    ok: true,
    fn: (context: unknown, options?: unknown) => {
      try {
        return fn(context, options as Handlebars.RuntimeOptions);
      } catch (error) {
        if (error instanceof TemplateFailure) throw error;
        throw new TemplateFailure(template, error);
      }
    },
  };
}

function describe(template: TemplateSource, error: unknown): Diagnostic {
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const raw = e.message ?? String(error);
  // Handlebars appends " - line:column" to strict-mode errors and prefixes parse errors.
  const strictMatch = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(raw);
  const d: Diagnostic = {
    severity: "error",
    code:
      error instanceof HelperError
        ? "template-helper"
        : strictMatch !== null
          ? "template-unknown-field"
          : "template-error",
    message:
      strictMatch !== null
        ? `the template uses "${strictMatch[1]}", which the route model does not have`
        : `${raw.split("\n")[0] ?? raw}`,
    file: template.path,
    hint:
      strictMatch !== null
        ? "templates see only the route model; see docs/templates.md for its fields"
        : "fix the template; `phoenix-mesh render --out -` shows what it renders",
  };
  const line = strictMatch !== null ? Number(strictMatch[2]) : (e.lineNumber ?? parseLine(raw));
  if (line !== undefined) {
    d.line = line;
    d.column = strictMatch !== null ? Number(strictMatch[3]) + 1 : (e.column ?? 0) + 1;
  }
  return d;
}

function parseLine(message: string): number | undefined {
  const m = /on line (\d+)/.exec(message);
  return m === null ? undefined : Number(m[1]);
}
