/** Pure: a dynamic configuration's backends with the TLS settings Traefik uses for each. */
import type { DynamicConfig } from "./dynamic-types.js";
import type { BackendTlsContext } from "./tls-explain.js";

/** The first backend of a service, and its transport's settings. */
export function backendOfService(config: DynamicConfig, service: string): BackendTlsContext | undefined {
  const http = config.http ?? {};
  const lb = http.services?.[service]?.loadBalancer;
  const url = lb?.servers?.[0]?.url;
  if (url === undefined) return undefined;
  const t = lb?.serversTransport === undefined ? undefined : http.serversTransports?.[lb.serversTransport];
  return {
    route: service,
    url,
    transport:
      t === undefined
        ? null
        : {
            serverName: t.serverName ?? null,
            rootCAs: t.rootCAs ?? [],
            insecureSkipVerify: t.insecureSkipVerify ?? false,
          },
  };
}

/** The backend a router sends to, when its service is defined in this file. */
export function backendOfRouter(config: DynamicConfig, router: string): BackendTlsContext | undefined {
  const service = config.http?.routers?.[router]?.service;
  return service === undefined || service.includes("@") ? undefined : backendOfService(config, service);
}

/** Every HTTPS backend of the file. */
export function httpsBackends(config: DynamicConfig): BackendTlsContext[] {
  return Object.keys(config.http?.services ?? {})
    .sort()
    .map((s) => backendOfService(config, s))
    .filter((b): b is BackendTlsContext => b !== undefined && b.url.startsWith("https://"));
}
