/**
 * The normalised route model: the only thing templates ever see. It holds no inventory field
 * beyond names, hosts and addresses, so secrets in the hypervisor config cannot reach the output.
 * Every field is always present (null or [] when empty) because templates compile in strict mode.
 */
export interface RouterModel {
  id: string;
  name: string;
  hosts: string[];
  /** Traefik rule, e.g. Host(`a.example`) || Host(`b.example`). */
  rule: string;
  entryPoints: string[];
  middlewares: string[];
  /** A service id in this file, or `name@provider`. */
  service: string;
  tls: { certResolver: string } | null;
  guest: { kind: "lxc" | "vm"; id: string; name: string } | null;
  convention: string;
}

export interface ServiceModel {
  id: string;
  url: string;
  scheme: "http" | "https";
  transport: string | null;
}

export interface TransportModel {
  id: string;
  serverName: string | null;
  rootCAs: string[];
  insecureSkipVerify: boolean;
}

export interface MiddlewareModel {
  id: string;
  definition: Record<string, unknown>;
}

export interface TemplateModel {
  tool: { name: string; version: string };
  domain: string;
  /** Digest of everything the output is made from; changes whenever the output may change. */
  revision: string;
  /** A no-op middleware whose name carries the revision, so `verify` can tell which file Traefik loaded. */
  revisionMiddleware: string;
  /** Response header the revision middleware would set; present so templates need no literal. */
  revisionHeader: string;
  routers: RouterModel[];
  services: ServiceModel[];
  transports: TransportModel[];
  middlewares: MiddlewareModel[];
}
