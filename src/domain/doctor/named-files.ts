/**
 * Pure: the files a dynamic configuration makes Traefik read — certificates and keys (tls
 * certificates, default certificates, serversTransports' client certificates) and CA files
 * (clientAuth caFiles). A missing one fails in Traefik only when a connection needs it (a TLS
 * handshake error, a 500), never at load time. rootCAs are looked at with the backends
 * (./backend-tls.ts), which also explains certificates.
 */
import type { DynamicConfig } from "../traefik/dynamic-types.js";

export interface NamedFile {
  path: string;
  /** Where the configuration names it, e.g. tls.certificates[0].certFile. */
  where: string;
}

export function filesNamedBy(config: DynamicConfig): NamedFile[] {
  const out: NamedFile[] = [];
  const add = (value: unknown, where: string) => {
    if (typeof value === "string" && value.startsWith("/")) out.push({ path: value, where });
  };
  const pair = (cert: unknown, where: string) => {
    if (cert === null || typeof cert !== "object") return;
    const c = cert as Record<string, unknown>;
    add(c["certFile"], `${where}.certFile`);
    add(c["keyFile"], `${where}.keyFile`);
  };
  const tls = (config as { tls?: Record<string, unknown> }).tls;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const entries = (v: unknown): [string, unknown][] =>
    v !== null && typeof v === "object" ? Object.entries(v as Record<string, unknown>) : [];
  list(tls?.["certificates"]).forEach((c, i) => pair(c, `tls.certificates[${i}]`));
  for (const [name, store] of entries(tls?.["stores"]))
    pair(
      (store as Record<string, unknown> | null)?.["defaultCertificate"],
      `tls.stores.${name}.defaultCertificate`,
    );
  for (const [name, options] of entries(tls?.["options"])) {
    const auth = (options as Record<string, unknown> | null)?.["clientAuth"] as
      Record<string, unknown> | undefined;
    list(auth?.["caFiles"]).forEach((f, i) => add(f, `tls.options.${name}.clientAuth.caFiles[${i}]`));
  }
  for (const [name, transport] of entries(config.http?.serversTransports))
    list((transport as Record<string, unknown> | null)?.["certificates"]).forEach((c, i) =>
      pair(c, `http.serversTransports.${name}.certificates[${i}]`),
    );
  return out;
}
