/** Pure: checked route specs + settings → the template model (without its revision yet). */
import type { Diagnostic } from "../../core/diagnostics.js";
import type { ModelOptions } from "./options.js";
import { urlHost } from "./address.js";
import { routeId } from "./dns.js";
import { describeGuest, type RouteSpec } from "./route.js";
import type {
  MiddlewareModel,
  RouterModel,
  ServiceModel,
  TemplateModel,
  TransportModel,
} from "./template-model.js";

export type ModelWithoutRevision = Omit<TemplateModel, "revision" | "revisionMiddleware" | "revisionHeader">;

const SHARED_TRANSPORT = "phoenix-mesh-backend-tls";

export function buildModel(
  routes: readonly RouteSpec[],
  settings: Pick<ModelOptions, "entryPoints" | "certResolver" | "backendTls" | "middlewares" | "configFile">,
  domain: string,
  tool: { name: string; version: string },
): { model: ModelWithoutRevision; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const routers: RouterModel[] = [];
  const services: ServiceModel[] = [];
  const transports = new Map<string, TransportModel>();

  for (const r of routes) {
    const id = routeId(r.name);
    let service: string;
    if (r.backend.kind === "service") {
      service = r.backend.reference;
    } else {
      const { scheme, address, port, path } = r.backend;
      let transport: string | null = null;
      if (scheme === "https") {
        const t = transportFor(r, id, address, settings.backendTls);
        if (t === undefined) {
          diagnostics.push(missingBackendTls(r, settings.configFile));
        } else {
          transports.set(t.id, t);
          transport = t.id;
        }
      }
      services.push({ id, url: `${scheme}://${urlHost(address)}:${port}${path}`, scheme, transport });
      service = id;
    }
    routers.push({
      id,
      name: r.name,
      hosts: [...r.hosts],
      rule: r.hosts.map((h) => `Host(\`${h}\`)`).join(" || "),
      entryPoints: [...(r.entryPoints ?? settings.entryPoints)],
      middlewares: [...r.middlewares],
      service,
      tls: settings.certResolver === undefined ? null : { certResolver: settings.certResolver },
      guest: r.guest === undefined ? null : { ...r.guest },
      convention: r.convention,
    });
  }

  const middlewares: MiddlewareModel[] = Object.entries(settings.middlewares).map(([id, definition]) => ({
    id,
    definition,
  }));
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    model: {
      tool,
      domain,
      routers: routers.sort(byId),
      services: services.sort(byId),
      transports: [...transports.values()].sort(byId),
      middlewares: middlewares.sort(byId),
    },
    diagnostics,
  };
}

function transportFor(
  r: RouteSpec,
  id: string,
  address: string,
  tls: ModelOptions["backendTls"],
): TransportModel | undefined {
  if (tls === undefined) return undefined;
  const shared = tls.serverName !== undefined;
  // Without a configured server_name, each backend is checked against the name its certificate
  // was issued for: a host name in the URL, else the route's first host (step-ca issues
  // portainer.<domain> for Portainer, as the remediation plan's transport assumed).
  const isName = /[a-z]/i.test(address) && !address.includes(":");
  return {
    id: shared ? SHARED_TRANSPORT : `${id}-tls`,
    serverName: tls.serverName ?? (isName ? address : (r.hosts[0] ?? null)),
    rootCAs: [...tls.rootCas],
    insecureSkipVerify: tls.insecureSkipVerify,
  };
}

function missingBackendTls(r: RouteSpec, configFile: string | undefined): Diagnostic {
  const who = r.guest === undefined ? `route "${r.name}"` : describeGuest(r.guest);
  return {
    severity: "error",
    code: "backend-tls-missing",
    message: `${who} is an HTTPS backend (${r.hosts[0] ?? r.name}), but no backend_tls is configured, so Traefik cannot trust its certificate and would answer 500`,
    file: r.origin.file,
    pointer: r.origin.pointer,
    hint: `add to ${configFile ?? "the settings file (phoenix-mesh.yaml)"}:\n      backend_tls:\n        root_cas: [/etc/traefik/certs/phoenix_ca.crt]   # the CA that signed the guest's certificate, as a path inside the Traefik container`,
  };
}
