/** The parts of a Traefik dynamic configuration phoenix-mesh reads back (after schema validation). */
export interface DynamicConfig {
  http?: {
    routers?: Record<
      string,
      {
        rule: string;
        service: string;
        entryPoints?: string[];
        middlewares?: string[];
        tls?: { certResolver?: string };
      }
    >;
    services?: Record<string, { loadBalancer?: { servers: { url: string }[]; serversTransport?: string } }>;
    middlewares?: Record<string, Record<string, unknown>>;
    serversTransports?: Record<
      string,
      { serverName?: string; rootCAs?: string[]; insecureSkipVerify?: boolean }
    >;
  };
}
