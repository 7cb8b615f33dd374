/**
 * The domain routes live under. Phoenix's `domain_name` is the public zone; Traefik serves the
 * internal one, so `internal.` is prefixed unless it is already there (the remediation plan's rule).
 * Older Phoenix inventories (18 of the 50 states of its history) have no `domain_name`: then the
 * domain must be given as a setting, and without either there is none.
 */
export function deriveDomain(
  domainName: string | undefined,
  override: string | undefined,
): string | undefined {
  if (override !== undefined) return override.toLowerCase().replace(/\.$/, "");
  if (domainName === undefined) return undefined;
  const name = domainName.toLowerCase().replace(/\.$/, "");
  return name.startsWith("internal.") ? name : `internal.${name}`;
}
