/** What doctor learned about the running Traefik, which several checks depend on. */
export interface TraefikFacts {
  /** e.g. "v3.6.12"; undefined when the API could not be reached. */
  version: string | undefined;
  apiError: string | undefined;
  /**
   * Whether the file provider serves anything: false when the dynamic folder holds files but
   * Traefik lists no @file object (the provider failed at start, e.g. a missing folder or no
   * inotify watches left); undefined when unknown.
   */
  fileProviderAlive: boolean | undefined;
}

export function majorVersion(version: string | undefined): number | undefined {
  const m = /^v?(\d+)\./.exec(version ?? "");
  return m === null ? undefined : Number(m[1]);
}
