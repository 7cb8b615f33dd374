/**
 * Pure: `phoenix-mesh check` — dynamic configuration files judged together as Traefik's file
 * provider judges a folder: each file read on its own (YAML or TOML, its Go template actions
 * noted), then merged in reading order, where a name defined twice keeps its first definition
 * and Traefik only warns ("already configured, skipping"); then every object of the merged
 * configuration checked as Traefik's runtime would (./dynamic-objects.ts), each problem located
 * in the file that defines the object.
 */
import {
  escapePointerToken as esc,
  unescapePointerToken as unesc,
  type Diagnostic,
} from "../../core/diagnostics.js";
import { parseConfigDocument } from "../../core/config-document.js";
import { checkObjects } from "./dynamic-objects.js";
import { parseDynamicConfig } from "./check-dynamic.js";
import type { StaticFacts } from "./static-facts.js";

export interface ConfigFile {
  /** For people: the path as given, or inside the folder. */
  path: string;
  text: string;
}

export interface FilesCheck {
  /** The merged configuration, when every file could be read. */
  config: Record<string, unknown> | undefined;
  diagnostics: Diagnostic[];
  /** How many objects each section holds after merging (for the summary line). */
  objects: number;
}

/** The sections whose entries are named objects, as the directory provider merges them. */
const NAMED: [string, string][] = [
  ["http", "routers"],
  ["http", "services"],
  ["http", "middlewares"],
  ["http", "serversTransports"],
  ["tcp", "routers"],
  ["tcp", "services"],
  ["tcp", "middlewares"],
  ["tcp", "serversTransports"],
  ["udp", "routers"],
  ["udp", "services"],
  ["tls", "options"],
  ["tls", "stores"],
];

export function checkFiles(files: ConfigFile[], facts?: StaticFacts): FilesCheck {
  const diagnostics: Diagnostic[] = [];
  const merged: Record<string, Record<string, Record<string, unknown>>> = {};
  const certificates: unknown[] = [];
  /** "http/routers/name" → the file that defined it first. */
  const owner = new Map<string, ConfigFile>();
  let readable = true;
  for (const file of files) {
    const parsed = parseDynamicConfig(file.text, file.path, { goTemplates: "warn" });
    diagnostics.push(...parsed.diagnostics);
    if (parsed.config === undefined) {
      readable = false;
      continue;
    }
    const config = parsed.config as Record<string, Record<string, unknown>>;
    for (const [section, kind] of NAMED) {
      for (const [name, value] of Object.entries(
        (config[section]?.[kind] ?? {}) as Record<string, unknown>,
      )) {
        const key = `${section}/${kind}/${name}`;
        const first = owner.get(key);
        if (first !== undefined) {
          diagnostics.push(
            located(file, `/${section}/${kind}/${esc(name)}`, {
              severity: "warning",
              code: "duplicate",
              message: `${section.toUpperCase()} ${kind.replace(/s$/, "")} "${name}" already configured in ${first.path}, skipping: Traefik keeps that one`,
              hint: "give one of them another name, or remove this one",
            }),
          );
          continue;
        }
        owner.set(key, file);
        ((merged[section] ??= {})[kind] ??= {})[name] = value;
      }
    }
    certificates.push(...((config["tls"]?.["certificates"] ?? []) as unknown[]));
  }
  if (certificates.length > 0) (merged["tls"] ??= {})["certificates"] = certificates as never;
  if (!readable)
    return {
      config: undefined,
      diagnostics: [
        ...diagnostics,
        {
          severity: "error",
          code: "file-unreadable",
          message: `Traefik refuses the whole ${files.length === 1 ? "file" : "folder"} when one file cannot be read: it keeps serving its previous configuration`,
        },
      ],
      objects: 0,
    };
  for (const p of checkObjects(merged, facts)) {
    const [, section, kind, name] = /^\/([^/]+)\/([^/]+)\/([^/]+)/.exec(p.pointer) ?? [];
    const file = section === undefined ? undefined : owner.get(`${section}/${kind}/${unesc(name ?? "")}`);
    const d: Diagnostic = { severity: p.severity, code: p.code, message: p.message, pointer: p.pointer };
    if (p.hint !== undefined) d.hint = p.hint;
    diagnostics.push(file === undefined ? d : located(file, p.pointer, d));
  }
  return { config: merged, diagnostics, objects: owner.size };
}

const documents = new WeakMap<ConfigFile, ReturnType<typeof parseConfigDocument>>();

function located(file: ConfigFile, pointer: string, d: Diagnostic): Diagnostic {
  let doc = documents.get(file);
  if (doc === undefined) {
    doc = parseConfigDocument(file.text, file.path);
    documents.set(file, doc);
  }
  return { ...d, file: file.path, pointer, ...(doc.locate(caseOf(doc.value, pointer)) ?? {}) };
}

/** The pointer as the file spells it: keys are matched without regard to case. */
function caseOf(value: unknown, pointer: string): string {
  let node = value;
  const out: string[] = [];
  for (const raw of pointer.slice(1).split("/")) {
    const token = unesc(raw);
    if (node === null || typeof node !== "object") {
      out.push(raw);
      continue;
    }
    const key = Array.isArray(node)
      ? token
      : (Object.keys(node).find((k) => k === token) ??
        Object.keys(node).find((k) => k.toLowerCase() === token.toLowerCase()) ??
        token);
    out.push(esc(key));
    node = (node as Record<string, unknown>)[key];
  }
  return `/${out.join("/")}`;
}
