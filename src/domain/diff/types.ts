/** Pure: the shapes of a semantic diff (./semantic.ts computes them). */
export type SectionName = "routers" | "services" | "middlewares" | "serversTransports";

export interface SectionDiff {
  section: SectionName;
  added: string[];
  removed: string[];
  changed: string[];
}

export interface HostRoute {
  router: string;
  service: string;
  backends: string[];
  entryPoints: string[];
  middlewares: string[];
  tls: string | null;
  transport: string | null;
}

export interface HostDiff {
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
