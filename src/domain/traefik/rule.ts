/** Pure: what a router's rule routes, read by the rule parser (./rules/), so every form Traefik reads counts. */
import { checkRule, ruleHosts, rulePaths, syntaxOf, type RouterKind } from "./rules/check.js";

/** Hosts a rule routes (Host(`a`), Host("a"), v2's Host(`a`,`b`), HostSNI for TCP); none when it does not parse. */
export function hostsOf(rule: string | undefined, ruleSyntax?: string, kind: RouterKind = "http"): string[] {
  if (rule === undefined) return [];
  const checked = checkRule(rule, kind, syntaxOf(ruleSyntax));
  return checked.ok ? ruleHosts(checked.tree, kind) : [];
}

/** Paths (Path, PathPrefix) a rule routes; none when it does not parse. */
export function pathsOf(rule: string | undefined, ruleSyntax?: string): string[] {
  if (rule === undefined) return [];
  const checked = checkRule(rule, "http", syntaxOf(ruleSyntax));
  return checked.ok ? rulePaths(checked.tree) : [];
}
