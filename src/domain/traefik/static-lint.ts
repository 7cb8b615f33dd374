/**
 * Pure: does Traefik's static configuration (traefik.yml) fit the rendered dynamic file?
 * EntryPoints and certResolvers the routers use must exist; the file provider must be there, see
 * the output and watch it; dynamic sections placed in the static file are ignored by Traefik.
 * Facts from Traefik v3's file provider (pkg/provider/file/file.go): when `directory` is set,
 * `filename` is ignored; a file that fails to parse keeps the previous configuration.
 */
import type { Diagnostic } from "../../core/diagnostics.js";
import { isToml, parseConfigDocument } from "../../core/config-document.js";
import type { DynamicConfig } from "./dynamic-types.js";
import { fileProviderOf, keyOf, staticFactsOf } from "./static-facts.js";

/** Keys lower-cased, to match them without regard to case as Traefik does. */
const lower = (keys: string[]) => new Set(keys.map((k) => k.toLowerCase()));

/** Top-level keys of Traefik v3's static configuration (pkg/config/static/static_config.go). */
const STATIC_KEYS = lower([
  "global",
  "serversTransport",
  "tcpServersTransport",
  "entryPoints",
  "providers",
  "api",
  "metrics",
  "ping",
  "log",
  "accessLog",
  "tracing",
  "hostResolver",
  "certificatesResolvers",
  "experimental",
  "core",
  "spiffe",
  "ocsp",
]);
const DYNAMIC_KEYS = lower([
  "http",
  "tcp",
  "udp",
  "tls",
  "serversTransports",
  "routers",
  "services",
  "middlewares",
]);

export interface StaticLintInput {
  text: string;
  file: string;
  dynamic: DynamicConfig;
  /** The rendered file's name, to check that the file provider will read it. */
  outputName: string;
}

export function lintStaticConfig({ text, file, dynamic, outputName }: StaticLintInput): Diagnostic[] {
  const doc = parseConfigDocument(text, file);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      severity: "error",
      code: "static-yaml",
      message: `not valid ${isToml(file) ? "TOML" : "YAML"}: ${e.message}`,
      file,
      line: e.line,
      column: e.column,
    }));
  }
  const config = (doc.value !== null && typeof doc.value === "object" ? doc.value : {}) as Record<
    string,
    unknown
  >;
  const out: Diagnostic[] = [];
  const push = (
    severity: Diagnostic["severity"],
    code: string,
    pointer: string,
    message: string,
    hint?: string,
  ) => {
    const d: Diagnostic = { severity, code, message, file, pointer, ...(doc.locate(pointer) ?? {}) };
    if (hint !== undefined) d.hint = hint;
    out.push(d);
  };

  // Keys in any case, as Traefik reads them (static-facts.ts).
  for (const key of Object.keys(config)) {
    if (DYNAMIC_KEYS.has(key.toLowerCase())) {
      push(
        "warning",
        "static-dynamic-key",
        `/${key}`,
        `"${key}" is dynamic configuration; Traefik ignores it in the static file`,
        `move it into the dynamic file (for phoenix-mesh: routes, middlewares or backend_tls in phoenix-mesh.yaml)`,
      );
    } else if (!STATIC_KEYS.has(key.toLowerCase())) {
      push(
        "warning",
        "static-unknown-key",
        `/${key}`,
        `"${key}" is not a Traefik v3 static configuration key`,
      );
    }
  }

  // The same reading of the static file as `check --static` (keys in any case, as Traefik).
  const facts = staticFactsOf(config);
  const entryPoints = facts.entryPoints;
  const resolvers = facts.certResolvers;
  const reported = new Set<string>();
  for (const [name, router] of Object.entries(dynamic.http?.routers ?? {})) {
    for (const ep of router.entryPoints ?? []) {
      if (!entryPoints.has(ep) && !reported.has(`ep:${ep}`)) {
        reported.add(`ep:${ep}`);
        push(
          "error",
          "static-entrypoint-missing",
          `/${keyOf(config, "entryPoints") ?? "entryPoints"}`,
          `router "${name}" (and maybe others) uses entryPoint "${ep}", which ${file} does not define (defined: ${[...entryPoints.keys()].join(", ") || "none"})`,
          `add entryPoints.${ep} to ${file}, or set entry_points in phoenix-mesh.yaml`,
        );
      }
    }
    const resolver = router.tls?.certResolver;
    if (resolver !== undefined && !resolvers.has(resolver) && !reported.has(`cr:${resolver}`)) {
      reported.add(`cr:${resolver}`);
      push(
        "error",
        "static-resolver-missing",
        `/${keyOf(config, "certificatesResolvers") ?? "certificatesResolvers"}`,
        `router "${name}" uses certResolver "${resolver}", which ${file} does not define (Traefik only logs this)`,
        `add certificatesResolvers.${resolver} to ${file}, or change tls.cert_resolver in phoenix-mesh.yaml`,
      );
    }
  }

  const fileProvider = fileProviderOf(config);
  if (fileProvider === undefined) {
    push(
      "error",
      "static-no-file-provider",
      `/${keyOf(config, "providers") ?? "providers"}`,
      "there is no file provider, so Traefik never reads the rendered file",
      "add providers.file.directory: /etc/traefik/dynamic and providers.file.watch: true",
    );
    return out;
  }
  if (fileProvider.empty) {
    push(
      "error",
      "static-empty-file-provider",
      fileProvider.pointer,
      "providers.file is empty: it names neither a directory nor a filename, so Traefik reads no file",
      "add providers.file.directory: /etc/traefik/dynamic and providers.file.watch: true",
    );
    return out;
  }
  const { directory, filename, watch, pointer, filenamePointer, directoryPointer } = fileProvider;
  if (directory !== undefined && filename !== undefined) {
    push(
      "warning",
      "static-directory-and-filename",
      filenamePointer,
      `providers.file sets both directory and filename; Traefik uses the directory and ignores filename "${filename}"`,
      "remove filename",
    );
  } else if (directory === undefined && filename !== undefined && basename(filename) !== outputName) {
    push(
      "error",
      "static-filename-mismatch",
      filenamePointer,
      `providers.file.filename is "${filename}" but the rendered file is "${outputName}"`,
      `rename the output or point filename at it`,
    );
  }
  if (watch !== true) {
    push(
      "warning",
      "static-no-watch",
      pointer,
      "providers.file.watch is off: changes to the file take effect only on SIGHUP or restart",
      "set providers.file.watch: true",
    );
  }
  if (directory !== undefined && !/\.(ya?ml|toml)$/i.test(outputName)) {
    push(
      "error",
      "static-extension",
      directoryPointer,
      `the file provider reads only .yml, .yaml and .toml files from a directory; "${outputName}" would be ignored`,
    );
  }
  return out;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
