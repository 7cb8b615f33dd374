/**
 * What Traefik's HTTP API says, as data: the shapes the pure checks read. The adapter in
 * adapters/traefik-api/ fetches them; verify, status and doctor judge them here.
 */
export type ObjectKind = "routers" | "services" | "middlewares";
/** Traefik's API lists each protocol's objects apart: /api/http/…, /api/tcp/…, /api/udp/… (no UDP middlewares). */
export type Protocol = "http" | "tcp" | "udp";

export interface ApiObject {
  name: string;
  provider?: string;
  status?: string;
  error?: string[];
  [key: string]: unknown;
}

/** The part of Traefik's API phoenix-mesh reads: implemented by adapters/traefik-api/api.ts. */
export interface TraefikApi {
  readonly baseUrl: string;
  version(): Promise<TraefikVersion>;
  list(kind: ObjectKind, protocol?: Protocol): Promise<ApiObject[]>;
}

/** One request through an entryPoint for one Host: its status, or why there was none. */
export type ProbeResult = { status: number; revision: string | undefined } | { error: string };

/** What /api/version answers. */
export interface TraefikVersion {
  Version: string;
  Codename?: string;
}
