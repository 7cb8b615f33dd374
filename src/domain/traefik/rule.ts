/** Pure: what a router's rule routes, read by the rule parser (./rules/), so every form Traefik reads counts. */
import { checkRule, ruleHosts, rulePaths, syntaxOf, type RouterKind } from "./rules/check.js";

/** The hosts (Host, v2's Host(`a`,`b`), HostSNI for TCP) and paths a rule routes; none when it does not parse. */
export function routedBy(
  rule: string | undefined,
  ruleSyntax?: string,
  kind: RouterKind = "http",
): { hosts: string[]; paths: string[] } {
  if (rule === undefined) return { hosts: [], paths: [] };
  const checked = checkRule(rule, kind, syntaxOf(ruleSyntax));
  if (!checked.ok) return { hosts: [], paths: [] };
  return { hosts: ruleHosts(checked.tree, kind), paths: kind === "http" ? rulePaths(checked.tree) : [] };
}

/** The hosts a rule routes. */
export function hostsOf(rule: string | undefined, ruleSyntax?: string, kind: RouterKind = "http"): string[] {
  return routedBy(rule, ruleSyntax, kind).hosts;
}
