/**
 * The revision marker, in one place: how a rendered file names its revision (a no-op middleware
 * `phoenix-mesh-revision-<12 hex>` and a header comment), how to find it in a file, in a parsed
 * configuration and in what Traefik's API lists. Traefik keeps the previous configuration when a
 * file fails to parse and its API does not say which file it read, so this marker is the proof.
 */
import type { ApiObject } from "./api-types.js";
import type { DynamicConfig } from "./dynamic-types.js";

export const REVISION_MIDDLEWARE_PREFIX = "phoenix-mesh-revision-";
export const REVISION_HEADER = "X-Phoenix-Mesh-Revision";

/** The marker middleware's name for a revision. */
export function revisionMarker(revision: string): string {
  return `${REVISION_MIDDLEWARE_PREFIX}${revision}`;
}

export function isRevisionMarker(middleware: string): boolean {
  return middleware.startsWith(REVISION_MIDDLEWARE_PREFIX);
}

/** The line of a rendered file's header that carries its revision. */
export function revisionComment(revision: string, digest: string): string {
  return `# revision: ${revision}  inputs: sha256:${digest}\n`;
}

/**
 * The lines of a rendered file that carry the revision (the header comment, the marker
 * middleware's name and header): they change with any input, so line diffs set them aside.
 */
export const REVISION_LINE = /^(# revision: |.*phoenix-mesh-revision-|.*X-Phoenix-Mesh-Revision)/;

/** Reads the revision back from a rendered file's header, if it has one. */
export function revisionOf(text: string): string | undefined {
  return /^# revision: ([0-9a-f]{12})\b/m.exec(text.slice(0, 1000))?.[1];
}

/** The marker middleware a parsed configuration defines, if any. */
export function revisionMiddlewareOf(config: DynamicConfig): string | undefined {
  return Object.keys(config.http?.middlewares ?? {}).find(isRevisionMarker);
}

/** The revision a marker middleware names. */
export function revisionOfMarker(marker: string): string {
  return marker.slice(REVISION_MIDDLEWARE_PREFIX.length);
}

/**
 * Revisions (from the marker middlewares) a provider currently serves: "file" for a deployed
 * file, "redis" for a tree in Redis (Traefik names each object `<name>@<provider>`).
 */
export function liveRevisions(middlewares: readonly ApiObject[], provider = "file"): string[] {
  const suffix = `@${provider}`;
  return middlewares
    .filter((m) => isRevisionMarker(m.name) && m.name.endsWith(suffix))
    .map((m) => revisionOfMarker(m.name.slice(0, -suffix.length)))
    .sort();
}
