/** Pure: the shapes of a semantic diff (./semantic.ts computes them). */
/** HTTP sections by their own name (as before); the others as `tcp.routers`, `tls.options`… */
export type SectionName =
  | "routers"
  | "services"
  | "middlewares"
  | "serversTransports"
  | "tcp.routers"
  | "tcp.services"
  | "tcp.middlewares"
  | "tcp.serversTransports"
  | "udp.routers"
  | "udp.services"
  | "tls.certificates"
  | "tls.options"
  | "tls.stores";

export interface SectionDiff {
  section: SectionName;
  added: string[];
  removed: string[];
  changed: string[];
}

export interface HostRoute {
  protocol: "http" | "tcp" | "udp";
  router: string;
  /** The router's rule as written (UDP routers have none). */
  rule: string | null;
  service: string;
  backends: string[];
  entryPoints: string[];
  middlewares: string[];
  tls: string | null;
  transport: string | null;
}

export interface HostDiff {
  /**
   * What a reviewer knows the route by: its host, with its paths when the rule has some
   * (`app.lan/api`), `tcp://db.lan` for TCP, `udp://[router]` for UDP, `[router]` for an HTTP
   * rule without a host; a router's name is added when two routers route the same.
   */
  host: string;
  change: "added" | "removed" | "changed";
  before: HostRoute | null;
  after: HostRoute | null;
  /** For a changed host, each aspect that changed (`port 8081 → 8082`); empty otherwise. */
  what: string[];
}

export interface ConfigDiff {
  identical: boolean;
  sections: SectionDiff[];
  hosts: HostDiff[];
  summary: { added: number; removed: number; changed: number };
}
