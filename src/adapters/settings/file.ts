/** Pure: the text of phoenix-mesh.yaml → its validated content, or diagnostics with positions. */
import type { Diagnostic } from "../../core/diagnostics.js";
import { validateAgainst } from "../../core/schema/validator.js";
import { parseYaml } from "../../core/yaml/document.js";

export interface BackendTlsFields {
  root_cas?: string[];
  server_name?: string;
  insecure_skip_verify?: boolean;
}

export interface SettingsFileContent {
  inventory?: string;
  output?: string;
  templates?: string;
  domain?: string;
  entry_points?: string[];
  tls?: { cert_resolver?: string };
  backend_tls?: BackendTlsFields & { routes?: Record<string, BackendTlsFields> };
  static_config?: string;
  middlewares?: Record<string, Record<string, unknown>>;
  deploy?: {
    target?: string;
    traefik_api?: string | string[];
    targets?: { target: string; traefik_api: string | string[] }[];
    probe?: string;
    reload?: "watch" | "sighup" | "restart";
    timeout?: number;
    lock_timeout?: number;
    keep_backups?: number;
  };
  routes?: {
    name: string;
    hosts: string[];
    service?: string;
    url?: string;
    entry_points?: string[];
    middlewares?: string[];
    backend_tls?: BackendTlsFields;
  }[];
}

export function parseSettingsFile(
  text: string,
  path: string,
): { ok: true; content: SettingsFileContent } | { ok: false; diagnostics: Diagnostic[] } {
  const doc = parseYaml(text);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => ({
        severity: "error",
        code: "settings-yaml",
        message: e.message,
        file: path,
        line: e.line,
        column: e.column,
      })),
    };
  }
  const value = doc.value ?? {};
  const diagnostics: Diagnostic[] = validateAgainst("settings", value).map((p) => {
    const pos = doc.locate(p.pointer);
    const d: Diagnostic = {
      severity: "error",
      code: "settings-schema",
      message: p.message,
      file: path,
      pointer: p.pointer,
    };
    if (pos !== undefined) Object.assign(d, pos);
    return d;
  });
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, content: value };
}
