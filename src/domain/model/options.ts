/**
 * What the route model is built from besides the inventory: the resolved settings it reads.
 * Defined here, in the domain, so the pure pipeline does not depend on how settings are loaded;
 * adapters/settings produces a superset of it.
 */
/** Backend TLS of one route, as written: each field overrides (root CAs add to) the global default. */
export interface RouteTls {
  serverName?: string | undefined;
  rootCas?: string[] | undefined;
  insecureSkipVerify?: boolean | undefined;
}

/** The global `backend_tls`: the default for every HTTPS backend, and overrides by route name. */
export interface BackendTls {
  rootCas: string[];
  serverName: string | undefined;
  insecureSkipVerify: boolean;
  routes: Record<string, RouteTls>;
}

export interface ExtraRoute {
  name: string;
  hosts: string[];
  /** `name@provider` of a service defined elsewhere (e.g. api@internal)… */
  service: string | undefined;
  /** …or a backend URL. */
  url: string | undefined;
  entryPoints: string[] | undefined;
  middlewares: string[];
  backendTls: RouteTls | undefined;
  /** JSON pointer in the settings file, for diagnostics. */
  pointer: string;
}

export interface ModelOptions {
  /** The settings file read, if any (named in hints). */
  configFile: string | undefined;
  domain: string | undefined;
  entryPoints: string[];
  certResolver: string | undefined;
  backendTls: BackendTls | undefined;
  middlewares: Record<string, Record<string, unknown>>;
  routes: ExtraRoute[];
}
