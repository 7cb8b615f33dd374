/**
 * The parts of a Traefik dynamic configuration phoenix-mesh reads back, after ./dynamic-schema.ts
 * has matched every key to its documented name and converted every scalar. Everything Traefik
 * allows to be absent is optional here too.
 */
export interface DynamicConfig {
  http?: {
    routers?: Record<
      string,
      {
        rule?: string;
        ruleSyntax?: string;
        /** Absent on a parent router (parentRefs): its child routers serve. */
        service?: string;
        priority?: number;
        parentRefs?: string[];
        entryPoints?: string[];
        middlewares?: string[];
        tls?: { certResolver?: string };
      }
    >;
    services?: Record<
      string,
      {
        loadBalancer?: { servers?: { url?: string; weight?: number }[]; serversTransport?: string };
        weighted?: { services?: { name: string; weight?: number }[] };
        mirroring?: { service?: string; mirrors?: { name: string; percent?: number }[] };
        failover?: { service?: string; fallback?: string };
        highestRandomWeight?: { services?: { name: string; weight?: number }[] };
      }
    >;
    middlewares?: Record<string, Record<string, unknown>>;
    serversTransports?: Record<
      string,
      { serverName?: string; rootCAs?: string[]; insecureSkipVerify?: boolean }
    >;
  };
}
