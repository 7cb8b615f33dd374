/**
 * The only importer of Handlebars. Templates compile with `strict: true` (a missing field is an
 * error, never an empty string) and `noEscape: true` (this is YAML, not HTML: escaping is the
 * helpers' job, see ./helpers.ts). Each run gets its own isolated Handlebars environment.
 *
 * The built-in templates arrive precompiled (./builtin-templates.ts); a set made only of those is
 * rendered by Handlebars' runtime, and the compiler (with its source-map dependency, about a
 * quarter of a render's start-up) is loaded only for a user's own templates: templateEngine().
 */
import HandlebarsRuntime from "handlebars/runtime";
import type Handlebars from "handlebars";
import type { Diagnostic } from "../../core/diagnostics.js";
import { bool, comment, HelperError, json, list, quote } from "./helpers.js";
import type { TemplateSet, TemplateSource } from "./template-set.js";

/** scripts/compile-templates.mjs precompiles the built-in templates with the same options. */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

/** Handlebars' runtime, or the whole library when some template must be compiled first. */
export type TemplateEngine = typeof Handlebars;

export async function templateEngine(set: TemplateSet): Promise<TemplateEngine> {
  if ([set.main, ...set.partials].every((t) => t.spec !== undefined)) return HandlebarsRuntime;
  return (await import("handlebars")).default;
}

const HELPERS: Record<string, (...args: unknown[]) => string> = { q: quote, list, json, bool, comment };

/** Where a helper call sits in its template (Handlebars passes it in the options argument). */
interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

class LocatedHelperError extends Error {
  constructor(
    readonly error: HelperError,
    readonly loc: Loc | undefined,
  ) {
    super(error.message);
  }
}

/**
 * Handlebars' strict mode does not cover helper arguments ({{q missing}} passes undefined), so
 * the helpers throw on undefined themselves; this adds where the call was.
 */
function located(helper: (...args: unknown[]) => string) {
  // Handlebars passes its options object last. The one-argument call ({{q x}}, {{list xs}}) is
  // nearly every call (90,000 for 10,000 guests): it is made without a slice and a spread.
  return (...args: unknown[]): string => {
    try {
      return args.length === 2 ? helper(args[0]) : helper(...args.slice(0, -1));
    } catch (error) {
      const options = args[args.length - 1] as { loc?: Loc } | undefined;
      if (error instanceof HelperError) throw new LocatedHelperError(error, options?.loc);
      throw error;
    }
  };
}

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

export function renderTemplates(set: TemplateSet, context: object, engine: TemplateEngine): RenderResult {
  const hb = engine.create();
  hb.registerHelper(
    Object.fromEntries(Object.entries(HELPERS).map(([name, helper]) => [name, located(helper)])),
  );
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
    if (template.spec !== undefined) {
      fn = hb.template(template.spec);
    } else {
      // Precompile eagerly so syntax errors surface here, with the file name, not at first use.
      fn = hb.compile(template.source, { ...COMPILE_OPTIONS }); // copies: Handlebars adds keys to them
      hb.precompile(template.source, { ...COMPILE_OPTIONS });
    }
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
  if (error instanceof LocatedHelperError) return describeHelperError(template, error);
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const raw = e.message ?? String(error);
  // Strict mode: `"field" not defined in [object Object] - line:column`.
  const strictMatch = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(raw);
  if (strictMatch !== null) {
    return unknownField(template, strictMatch[1] ?? "", Number(strictMatch[2]), Number(strictMatch[3]) + 1);
  }
  const d: Diagnostic = {
    severity: "error",
    code: "template-error",
    message: raw.split("\n")[0] ?? raw,
    file: template.path,
    hint: "fix the template; `phoenix-mesh render --out -` shows what it renders",
  };
  const line = e.lineNumber ?? parseLine(raw);
  if (line !== undefined) {
    d.line = line;
    d.column = (e.column ?? 0) + 1;
  }
  return d;
}

function describeHelperError(template: TemplateSource, error: LocatedHelperError): Diagnostic {
  const line = error.loc?.start.line;
  const column = (error.loc?.start.column ?? 0) + 1;
  const call = error.loc === undefined ? undefined : textAt(template.source, error.loc);
  if (error.error.missing && call !== undefined) {
    // {{q someField}}: name the field the template asked for.
    const field = /^\{\{~?\s*\S+\s+([^\s}()]+)/.exec(call)?.[1];
    if (field !== undefined && line !== undefined) return unknownField(template, field, line, column);
  }
  const d: Diagnostic = {
    severity: "error",
    code: "template-helper",
    message: `${error.message}${call === undefined ? "" : ` in ${call}`}`,
    file: template.path,
    hint: "templates see only the route model; see docs/templates.md for its fields",
  };
  if (line !== undefined) Object.assign(d, { line, column });
  return d;
}

function unknownField(template: TemplateSource, field: string, line: number, column: number): Diagnostic {
  return {
    severity: "error",
    code: "template-unknown-field",
    message: `the template uses "${field}", which the route model does not have`,
    file: template.path,
    line,
    column,
    hint: "templates see only the route model (never the raw inventory); see docs/templates.md for its fields",
  };
}

function textAt(source: string, loc: Loc): string | undefined {
  if (loc.start.line !== loc.end.line) return undefined;
  return source.split("\n")[loc.start.line - 1]?.slice(loc.start.column, loc.end.column);
}

function parseLine(message: string): number | undefined {
  const m = /on line (\d+)/.exec(message);
  return m === null ? undefined : Number(m[1]);
}
