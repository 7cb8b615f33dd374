/** What doctor reads from the container and Traefik's API (commands/doctor/gather.ts), as data for the pure checks. */
import type { ApiObject } from "../traefik/api-types.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import type { BackendLook } from "./backend-tls.js";
import type { DirFacts } from "./dynamic-dir.js";
import type { TraefikFacts } from "./facts.js";

export interface Gathered {
  facts: TraefikFacts;
  routers: ApiObject[];
  /** The phoenix-mesh revisions Traefik serves (its revision middlewares); undefined without the API. */
  servedRevisions: string[] | undefined;
  /** Files the live configuration names (certificates, keys, CA files) that the container lacks. */
  missingFiles: { path: string; where: string }[];
  live: DynamicConfig | undefined;
  /** `systemctlHung`: `systemctl cat` did not answer in time, so the unit was read without its drop-ins. */
  unit: { text: string; path: string | undefined; systemctlHung?: string } | undefined;
  dir: DirFacts;
  inotify: { maxUserWatches: number | undefined; maxUserInstances: number | undefined };
  /** The live file's HTTPS backends, looked at with their transports' settings. */
  backends: BackendLook[];
}
