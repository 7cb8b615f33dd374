/**
 * Pure: is a rendered text a Traefik v3 dynamic configuration that will load and route?
 *  1. no `{{` (Traefik runs dynamic files through Go templates);
 *  2. it parses as YAML (fast parser first; `yaml` only to explain a failure);
 *  3. it conforms to schemas/traefik-dynamic.schema.json;
 *  4. every reference resolves: router → service and middlewares, service → serversTransport.
 * Positions are computed only when there is something to report.
 */
import type { Diagnostic } from "../../core/diagnostics.js";
import { isRevisionMarker, REVISION_MIDDLEWARE_PREFIX } from "./revision.js";
import { validateAgainst } from "../../core/schema/validator.js";
import { lineColumnAt } from "../../core/text/position.js";
import { parseYaml } from "../../core/yaml/document.js";
import { hasAliases, parseYamlFast, type FastParse } from "../../core/yaml/fast.js";
import type { DynamicConfig } from "./dynamic-types.js";

export interface DynamicCheck {
  config: DynamicConfig | undefined;
  diagnostics: Diagnostic[];
}

export function checkDynamicConfig(text: string, file: string): DynamicCheck {
  const parsed = parseDynamicConfig(text, file);
  if (parsed.config === undefined) return parsed;
  const diagnostics = checkReferences(parsed.config);
  if (diagnostics.length > 0) {
    const doc = parseYaml(text);
    for (const d of diagnostics) {
      d.file = file;
      const pos = d.pointer === undefined ? undefined : doc.locate(d.pointer);
      if (pos !== undefined) Object.assign(d, pos);
    }
  }
  return { config: parsed.config, diagnostics };
}

/** Steps 1–3 only: what the file says, when it can be read as a Traefik dynamic configuration. */
export function parseDynamicConfig(text: string, file: string): DynamicCheck {
  const at = (line: number, column: number): Pick<Diagnostic, "file" | "line" | "column"> => ({
    file,
    line,
    column,
  });

  const braces = text.indexOf("{{");
  if (braces !== -1) {
    const { line, column } = lineColumnAt(text, braces);
    return {
      config: undefined,
      diagnostics: [
        {
          severity: "error",
          code: "output-go-template",
          message: 'the output contains "{{", which Traefik would evaluate as a Go template',
          ...at(line, column),
          hint: "print values through the q/list/json helpers; a literal {{ must not reach the file",
        },
      ],
    };
  }

  const fast = hasAliases(text) ? slowParse(text) : parseYamlFast(text);
  if (!fast.ok) {
    const doc = parseYaml(text); // `yaml` words it better and agrees on the spot in most cases
    const first = doc.errors[0];
    const problem = first ?? { message: fast.message, line: fast.line, column: fast.column };
    return {
      config: undefined,
      diagnostics: [
        {
          severity: "error",
          code: "output-yaml",
          message: `the output is not valid YAML: ${problem.message}`,
          ...at(problem.line, problem.column),
          hint: `output line ${problem.line}: ${JSON.stringify(text.split("\n")[problem.line - 1] ?? "")}`,
        },
      ],
    };
  }
  const value = fast.value ?? {};
  if (typeof value !== "object" || Array.isArray(value)) {
    return {
      config: undefined,
      diagnostics: [
        { severity: "error", code: "output-shape", message: "the output is not a YAML mapping", ...at(1, 1) },
      ],
    };
  }

  const problems = validateAgainst("traefik-dynamic", value);
  if (problems.length > 0) {
    const doc = parseYaml(text);
    return {
      config: undefined,
      diagnostics: problems.map((p) => {
        const pos = doc.locate(p.pointer) ?? { line: 1, column: 1 };
        return {
          severity: "error",
          code: "output-schema",
          message: `not a valid Traefik v3 dynamic configuration: ${p.message}`,
          ...at(pos.line, pos.column),
          pointer: p.pointer,
        };
      }),
    };
  }
  return { config: value, diagnostics: [] };
}

export function checkReferences(config: DynamicConfig): Diagnostic[] {
  const http = config.http ?? {};
  const services = new Set(Object.keys(http.services ?? {}));
  const middlewares = new Set(Object.keys(http.middlewares ?? {}));
  const transports = new Set(Object.keys(http.serversTransports ?? {}));
  const local = (ref: string) => !ref.includes("@");
  const out: Diagnostic[] = [];
  for (const [name, router] of Object.entries(http.routers ?? {})) {
    if (local(router.service) && !services.has(router.service)) {
      out.push({
        severity: "error",
        code: "ref-service",
        message: `router "${name}" uses service "${router.service}", which is not defined`,
        pointer: `/http/routers/${esc(name)}/service`,
      });
    }
    (router.middlewares ?? []).forEach((m, i) => {
      if (local(m) && !middlewares.has(m)) {
        out.push({
          severity: "error",
          code: "ref-middleware",
          message: `router "${name}" uses middleware "${m}", which is not defined`,
          pointer: `/http/routers/${esc(name)}/middlewares/${i}`,
          hint: `define it under "middlewares:" in phoenix-mesh.yaml, or name another provider's (${m}@file, ${m}@docker)`,
        });
      }
    });
  }
  for (const [name, service] of Object.entries(http.services ?? {})) {
    const t = service.loadBalancer?.serversTransport;
    if (t !== undefined && local(t) && !transports.has(t)) {
      out.push({
        severity: "error",
        code: "ref-transport",
        message: `service "${name}" uses serversTransport "${t}", which is not defined`,
        pointer: `/http/services/${esc(name)}/loadBalancer/serversTransport`,
      });
    }
    const https = service.loadBalancer?.servers.some((s) => s.url.startsWith("https://")) ?? false;
    if (https && t === undefined) {
      out.push({
        severity: "warning",
        code: "https-without-transport",
        message: `service "${name}" has an HTTPS backend but no serversTransport; Traefik answers 500 unless its certificate is trusted by the system`,
        pointer: `/http/services/${esc(name)}/loadBalancer`,
      });
    }
  }
  if (![...middlewares].some(isRevisionMarker)) {
    out.push({
      severity: "warning",
      code: "revision-missing",
      message: `no "${REVISION_MIDDLEWARE_PREFIX}…" middleware: \`phoenix-mesh verify\` cannot prove which revision Traefik loaded`,
      pointer: "/http/middlewares",
      hint: "keep {{> revision}} in your main template",
    });
  }
  return out;
}

function esc(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** `yaml`'s parse, with its bound on alias expansion, in the fast parser's shape. */
function slowParse(text: string): FastParse {
  const doc = parseYaml(text);
  const first = doc.errors[0];
  return first === undefined
    ? { ok: true, value: doc.value }
    : { ok: false, message: first.message, line: first.line, column: first.column };
}
