/**
 * Pure: is a rendered text a Traefik v3 dynamic configuration that will load and route?
 *  1. no `{{` (Traefik runs dynamic files through Go templates);
 *  2. it parses as YAML or TOML (fast parser first; `yaml` for aliases, documents, and to explain a failure);
 *  3. it has the shape of Traefik's own Go types, read as Traefik reads them (./dynamic-schema.ts);
 *  4. Traefik would enable every object (./dynamic-objects.ts: rules, references everywhere,
 *     service and middleware types) — plus phoenix-mesh's own warnings (HTTPS without a
 *     transport, no revision marker).
 * Positions are computed only when there is something to report.
 */
import { escapePointerToken as esc, type Diagnostic } from "../../core/diagnostics.js";
import { isRevisionMarker, REVISION_MIDDLEWARE_PREFIX } from "./revision.js";
import { isToml, parseConfigDocument } from "../../core/config-document.js";
import { lineColumnAt } from "../../core/text/position.js";
import { parseToml } from "../../core/toml/document.js";
import { parseYaml } from "../../core/yaml/document.js";
import { hasAliases, parseYamlFast } from "../../core/yaml/fast.js";
import { readDynamicShape } from "./dynamic-schema.js";
import { checkObjects } from "./dynamic-objects.js";
import type { StaticFacts } from "./static-facts.js";
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
    const doc = parseConfigDocument(text, file);
    for (const d of diagnostics) {
      d.file = file;
      const pos = d.pointer === undefined ? undefined : doc.locate(d.pointer);
      if (pos !== undefined) Object.assign(d, pos);
    }
  }
  return { config: parsed.config, diagnostics: [...parsed.diagnostics, ...diagnostics] };
}

export interface ParseOptions {
  /**
   * "refuse" (phoenix-mesh's own output: a `{{` there is a bug that would reach Go's template
   * engine) or "warn" (a hand-written file, where Traefik's Go templates are a feature).
   */
  goTemplates?: "refuse" | "warn";
}

/** Steps 1–3 only: what the file says, when it can be read as a Traefik dynamic configuration. */
export function parseDynamicConfig(text: string, file: string, options: ParseOptions = {}): DynamicCheck {
  const at = (line: number, column: number): Pick<Diagnostic, "file" | "line" | "column"> => ({
    file,
    line,
    column,
  });
  const warnings: Diagnostic[] = [];

  const braces = text.indexOf("{{");
  if (braces !== -1) {
    const { line, column } = lineColumnAt(text, braces);
    if (options.goTemplates !== "warn")
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
    warnings.push({
      severity: "warning",
      code: "go-template",
      message:
        "the file holds Go template actions ({{ … }}): Traefik runs them before it reads the file; phoenix-mesh checks the text around them, each action stood in for",
      ...at(line, column),
      hint: "check --traefik BIN runs the template in a real Traefik",
    });
  }

  // Checked as written, with each template action stood in for: a line that is only an action
  // ({{ range … }}, {{ end }}) is left empty, an action inside a line reads as "x".
  const read = readValue(
    braces === -1
      ? text
      : text.replace(/^[ \t]*\{\{[^\n]*?\}\}[ \t]*$/gm, "").replace(/\{\{[^\n]*?\}\}/g, "x"),
    file,
  );
  if (!read.ok) {
    return {
      config: undefined,
      diagnostics: [
        {
          severity: "error",
          code: "output-yaml",
          message: `the output is not valid ${isToml(file) ? "TOML" : "YAML"}: ${read.problem.message}`,
          ...at(read.problem.line, read.problem.column),
          hint: `line ${read.problem.line}: ${JSON.stringify(text.split("\n")[read.problem.line - 1] ?? "")}`,
        },
      ],
    };
  }
  if (read.documents > 1)
    warnings.push({
      severity: "warning",
      code: "yaml-documents",
      message: `the file holds ${read.documents} YAML documents: Traefik reads only the first`,
      ...at(1, 1),
      hint: "remove the `---` separators, or split the documents into files of their own",
    });
  const value = read.value ?? {};
  if (typeof value !== "object" || Array.isArray(value)) {
    return {
      config: undefined,
      diagnostics: [
        { severity: "error", code: "output-shape", message: "the output is not a mapping", ...at(1, 1) },
      ],
    };
  }

  const shape = readDynamicShape(value);
  if (shape.ignored.length > 0) {
    const doc = parseConfigDocument(text, file);
    for (const p of shape.ignored)
      warnings.push({
        severity: "warning",
        code: "ignored-key",
        message: p.message,
        ...at(doc.locate(p.pointer)?.line ?? 1, doc.locate(p.pointer)?.column ?? 1),
        pointer: p.pointer,
        ...(p.pointer.split("/").length === 2
          ? { hint: "a file provider file holds only http, tcp, udp and tls" }
          : {}),
      });
  }
  if (shape.problems.length > 0) {
    const doc = parseConfigDocument(text, file);
    return {
      config: undefined,
      diagnostics: [
        ...warnings,
        ...shape.problems.map((p): Diagnostic => {
          const pos = doc.locate(p.pointer) ?? { line: 1, column: 1 };
          return {
            severity: "error",
            code: "output-schema",
            message: `not a valid Traefik v3 dynamic configuration: ${p.message}`,
            ...at(pos.line, pos.column),
            pointer: p.pointer,
          };
        }),
      ],
    };
  }
  return { config: shape.value, diagnostics: warnings };
}

type ReadValue =
  | { ok: true; value: unknown; documents: number }
  | { ok: false; problem: { message: string; line: number; column: number } };

/**
 * TOML by the file's extension, as Traefik decides; YAML through the fast parser, and through
 * `yaml` when the text has aliases (bounded expansion), several documents, or an error to word.
 */
function readValue(text: string, file: string): ReadValue {
  if (isToml(file)) {
    const doc = parseToml(text);
    const first = doc.errors[0];
    return first === undefined ? { ok: true, value: doc.value, documents: 1 } : { ok: false, problem: first };
  }
  if (!hasAliases(text) && !text.includes("<<")) {
    const fast = parseYamlFast(text);
    if (fast.ok) return { ok: true, value: fast.value, documents: 1 };
  }
  const doc = parseYaml(text);
  const first = doc.errors[0];
  return first === undefined
    ? { ok: true, value: doc.value, documents: doc.documents }
    : { ok: false, problem: first };
}

export function checkReferences(config: DynamicConfig, facts?: StaticFacts): Diagnostic[] {
  const http = config.http ?? {};
  const middlewares = new Set(Object.keys(http.middlewares ?? {}));
  const out: Diagnostic[] = checkObjects(config as Record<string, unknown>, facts).map((p) => {
    // In a rendered file, a router's middlewares come from phoenix-mesh.yaml: say where to define one.
    const m = p.code === "ref-middleware" ? p.missing : undefined;
    const hint =
      m === undefined
        ? p.hint
        : `define it under "middlewares:" in phoenix-mesh.yaml, or name another provider's (${m}@file, ${m}@docker)`;
    return {
      severity: p.severity,
      code: p.code,
      message: p.message,
      pointer: p.pointer,
      ...(hint === undefined ? {} : { hint }),
    };
  });
  const services = http.services ?? {};
  for (const name in services) {
    const lb = services[name]?.loadBalancer;
    if (lb === undefined || lb.serversTransport !== undefined) continue;
    if (lb.servers?.some(isHttpsServer) === true) {
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

function isHttpsServer(server: { url?: string }): boolean {
  return server.url?.startsWith("https://") === true;
}
