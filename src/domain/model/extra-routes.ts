/** Pure: hand-written routes from phoenix-mesh.yaml → route specs (e.g. the Traefik dashboard → api@internal). */
import type { Diagnostic } from "../../core/diagnostics.js";
import type { ExtraRoute } from "./options.js";
import type { RouteSpec } from "./route.js";

export function routesFromSettings(
  routes: readonly ExtraRoute[],
  file: string,
): { routes: RouteSpec[]; diagnostics: Diagnostic[] } {
  const out: RouteSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of routes) {
    const base = {
      name: r.name,
      hosts: r.hosts.map((h) => h.toLowerCase()),
      entryPoints: r.entryPoints,
      middlewares: r.middlewares,
      guest: undefined,
      convention: "settings" as const,
      tls: r.backendTls === undefined ? undefined : { ...r.backendTls, pointer: `${r.pointer}/backend_tls` },
      origin: {
        file,
        pointer: r.pointer,
        namePointer: `${r.pointer}/name`,
        hostPointers: r.hosts.map((_, i) => `${r.pointer}/hosts/${i}`),
      },
    };
    if ((r.service === undefined) === (r.url === undefined)) {
      diagnostics.push({
        severity: "error",
        code: "route-backend",
        message: `route "${r.name}" needs exactly one of "service" (e.g. api@internal) or "url" (e.g. http://10.0.0.5:8080)`,
        file,
        pointer: r.pointer,
      });
      continue;
    }
    if (r.service !== undefined) {
      out.push({ ...base, backend: { kind: "service", reference: r.service } });
      continue;
    }
    const url = parseBackendUrl(r.url ?? "");
    if (url === undefined) {
      const { shown, credentials } = redactUrl(r.url ?? "");
      diagnostics.push({
        severity: "error",
        code: "route-url",
        message: credentials
          ? `route "${r.name}": url ${JSON.stringify(shown)} carries a user name or password, which a Traefik server URL cannot use`
          : `route "${r.name}": url ${JSON.stringify(shown)} is not an http(s) URL with a host`,
        file,
        pointer: `${r.pointer}/url`,
        hint: 'write it as "http://10.0.0.5:8080" (a path is allowed, nothing else)',
      });
      continue;
    }
    out.push({ ...base, backend: { kind: "url", ...url } });
  }
  return { routes: out, diagnostics };
}

function parseBackendUrl(
  text: string,
): { scheme: "http" | "https"; address: string; port: number; path: string } | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") return undefined;
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") return undefined;
  const scheme = url.protocol === "https:" ? "https" : "http";
  const port = url.port === "" ? (scheme === "https" ? 443 : 80) : Number(url.port);
  const address = url.hostname.replace(/^\[|\]$/g, "");
  return { scheme, address, port, path: url.pathname === "/" ? "" : url.pathname };
}

/** The URL as it may be shown: a password, wherever it is (error messages reach CI logs), as "***". */
function redactUrl(text: string): { shown: string; credentials: boolean } {
  return {
    shown: text.replace(/(\/\/[^@/?#\s:]*):[^@/?#\s]*@/g, "$1:***@"),
    credentials: /\/\/[^@/?#\s]*@/.test(text),
  };
}
