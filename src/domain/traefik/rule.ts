/** Pure: reading Traefik router rules. */

/** Hosts named in a rule's Host(`…`) matchers. */
export function hostsOf(rule: string): string[] {
  return [...rule.matchAll(/Host\(`([^`]+)`\)/g)].map((m) => m[1] ?? "").filter((h) => h !== "");
}
