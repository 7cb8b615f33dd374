/**
 * The domain routes live under. Phoenix's `domain_name` is the public zone; Traefik serves the
 * internal one, so `internal.` is prefixed unless it is already there (the remediation plan's rule).
 */
export function deriveDomain(domainName: string, override: string | undefined): string {
  if (override !== undefined) return override.toLowerCase().replace(/\.$/, "");
  const name = domainName.toLowerCase().replace(/\.$/, "");
  return name.startsWith("internal.") ? name : `internal.${name}`;
}
