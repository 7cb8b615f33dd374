/** Pure: checked route specs + settings → the template model (without its revision yet). */
import type { Diagnostic } from "../../core/diagnostics.js";
import type { ModelOptions } from "./options.js";
import { urlHost } from "./address.js";
import { routeId } from "./dns.js";
import type { RouteSpec } from "./route.js";
import { planTransports } from "./transports.js";
import type { MiddlewareModel, RouterModel, ServiceModel, TemplateModel } from "./template-model.js";

export type ModelWithoutRevision = Omit<TemplateModel, "revision" | "revisionMiddleware" | "revisionHeader">;

export function buildModel(
  routes: readonly RouteSpec[],
  settings: Pick<ModelOptions, "entryPoints" | "certResolver" | "backendTls" | "middlewares" | "configFile">,
  domain: string,
  tool: { name: string; version: string },
): { model: ModelWithoutRevision; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const routers: RouterModel[] = [];
  const services: ServiceModel[] = [];
  const tls = planTransports(routes, settings.backendTls, settings.configFile);
  diagnostics.push(...tls.diagnostics);

  for (const r of routes) {
    const id = routeId(r.name);
    let service: string;
    if (r.backend.kind === "service") {
      service = r.backend.reference;
    } else {
      const { scheme, address, port, path } = r.backend;
      const transport = scheme === "https" ? (tls.transportOf.get(r) ?? null) : null;
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
  return {
    model: {
      tool,
      domain,
      routers: routers.sort(byId),
      services: services.sort(byId),
      transports: tls.transports,
      middlewares: middlewares.sort(byId),
    },
    diagnostics,
  };
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
