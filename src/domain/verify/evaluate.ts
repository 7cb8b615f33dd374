/**
 * Pure: what the file defines vs what Traefik's API reports, object by object: HTTP, TCP and UDP
 * (a TCP router Traefik disabled is a failed deploy like an HTTP one).
 * Traefik's API does not list serversTransports (pkg/api/handler.go has no such route), so a
 * transport is judged through the services that use it: Traefik disables a service whose
 * transport is missing or broken, with the reason in the service's `error`.
 */
import type { ApiObject, TraefikApi } from "../traefik/api-types.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";

export type ObjectStatus = "enabled" | "warning" | "disabled" | "missing" | "not-in-api";

export interface ObjectResult {
  kind:
    | "router"
    | "service"
    | "middleware"
    | "serversTransport"
    | "TCP router"
    | "TCP service"
    | "TCP middleware"
    | "UDP router"
    | "UDP service";
  name: string;
  status: ObjectStatus;
  ok: boolean;
  errors: string[];
}

export interface LiveState {
  routers: ApiObject[];
  services: ApiObject[];
  middlewares: ApiObject[];
  /** Listed only when the file has TCP or UDP sections (see tcpUdpKinds). */
  tcp?: { routers: ApiObject[]; services: ApiObject[]; middlewares: ApiObject[] };
  udp?: { routers: ApiObject[]; services: ApiObject[] };
}

/** The TCP and UDP lists worth asking Traefik for: those of the sections the file has. */
export function tcpUdpKinds(config: DynamicConfig): { tcp: boolean; udp: boolean } {
  const loose = config as { tcp?: object; udp?: object };
  return { tcp: loose.tcp !== undefined, udp: loose.udp !== undefined };
}

export function evaluateObjects(config: DynamicConfig, live: LiveState, provider = "file"): ObjectResult[] {
  const at = `@${provider}`;
  const http = config.http ?? {};
  const index = (list: readonly ApiObject[]) => new Map(list.map((o) => [o.name, o]));
  const routers = index(live.routers);
  const services = index(live.services);
  const middlewares = index(live.middlewares);
  const results: ObjectResult[] = [];
  const judge = (kind: ObjectResult["kind"], name: string, found: ApiObject | undefined): ObjectResult => {
    if (found === undefined) {
      return {
        kind,
        name: `${name}${at}`,
        status: "missing",
        ok: false,
        errors: [`Traefik has no ${kind} ${name}${at}`],
      };
    }
    const status = (found.status ?? "enabled") as ObjectStatus;
    const errors = found.error ?? [];
    return { kind, name: found.name, status, ok: status === "enabled" && errors.length === 0, errors };
  };
  for (const name of Object.keys(http.routers ?? {}).sort())
    results.push(judge("router", name, routers.get(`${name}${at}`)));
  for (const name of Object.keys(http.services ?? {}).sort())
    results.push(judge("service", name, services.get(`${name}${at}`)));
  for (const name of Object.keys(http.middlewares ?? {}).sort())
    results.push(judge("middleware", name, middlewares.get(`${name}${at}`)));
  const loose = config as Record<string, Record<string, Record<string, unknown>> | undefined>;
  const judgeAll = (
    kind: ObjectResult["kind"],
    defined: Record<string, unknown> | undefined,
    listed: readonly ApiObject[] | undefined,
  ) => {
    const found = index(listed ?? []);
    for (const name of Object.keys(defined ?? {}).sort())
      results.push(judge(kind, name, found.get(`${name}${at}`)));
  };
  judgeAll("TCP router", loose["tcp"]?.["routers"], live.tcp?.routers);
  judgeAll("TCP service", loose["tcp"]?.["services"], live.tcp?.services);
  judgeAll("TCP middleware", loose["tcp"]?.["middlewares"], live.tcp?.middlewares);
  judgeAll("UDP router", loose["udp"]?.["routers"], live.udp?.routers);
  judgeAll("UDP service", loose["udp"]?.["services"], live.udp?.services);
  for (const name of Object.keys(http.serversTransports ?? {}).sort()) {
    const users = Object.entries(http.services ?? {})
      .filter(([, s]) => s.loadBalancer?.serversTransport === name)
      .map(([s]) => results.find((r) => r.kind === "service" && r.name === `${s}${at}`));
    const failed = users.filter((u) => u !== undefined && !u.ok);
    results.push({
      kind: "serversTransport",
      name: `${name}${at}`,
      status: users.length === 0 ? "not-in-api" : failed.length === 0 ? "enabled" : "disabled",
      ok: failed.length === 0,
      errors: failed.flatMap((u) => u?.errors ?? []),
    });
  }
  return results;
}

/**
 * What Traefik lists for the sections a file has: HTTP routers and services always, TCP and UDP
 * only when the file has them (a deploy of phoenix-mesh's own HTTP-only file asks nothing more).
 * The middlewares are passed in: callers have them already, from proving the revision.
 */
export async function readLiveState(
  api: TraefikApi,
  config: DynamicConfig,
  middlewares: ApiObject[],
): Promise<LiveState> {
  const kinds = tcpUdpKinds(config);
  const [routers, services, tcp, udp] = await Promise.all([
    api.list("routers"),
    api.list("services"),
    kinds.tcp
      ? Promise.all([api.list("routers", "tcp"), api.list("services", "tcp"), api.list("middlewares", "tcp")])
      : undefined,
    kinds.udp ? Promise.all([api.list("routers", "udp"), api.list("services", "udp")]) : undefined,
  ]);
  return {
    routers,
    services,
    middlewares,
    ...(tcp === undefined ? {} : { tcp: { routers: tcp[0], services: tcp[1], middlewares: tcp[2] } }),
    ...(udp === undefined ? {} : { udp: { routers: udp[0], services: udp[1] } }),
  };
}
