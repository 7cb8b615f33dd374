/**
 * Pure: a router's rule judged as Traefik judges it (./parse.ts for the language, ./matchers.ts
 * for each matcher), and what it routes: its hosts and paths, for diff, verify's probes and the
 * route table. The order of checks is Traefik's: the expression, then each matcher's name, its
 * arguments' presence (rules.CheckRule), their number, and their values.
 */
import { findMatcher, type RouterKind, type RuleSyntax } from "./matchers.js";
import { parseRule, RuleSyntaxError, type RuleNode } from "./parse.js";

export type { RouterKind, RuleSyntax } from "./matchers.js";
export type { RuleNode } from "./parse.js";

export type RuleCheck = { ok: true; tree: RuleNode } | { ok: false; message: string; at: number };

/** Traefik reads any ruleSyntax but "v2" as v3 (muxer SyntaxParser.parse). */
export function syntaxOf(ruleSyntax: string | undefined): RuleSyntax {
  return ruleSyntax === "v2" ? "v2" : "v3";
}

/**
 * The rules phoenix-mesh writes (Host(`a`) || Host(`b`)), recognised without the parser: one
 * ASCII host per matcher, as both syntaxes accept. Anything else takes the parser's road.
 */
const HOSTS_ONLY = /^Host\(`([!-_a-~]+)`\)(?: \|\| Host\(`[!-_a-~]+`\))*$/;

/** Only whether Traefik accepts the rule (what a checker needs), without building its tree when it is one phoenix-mesh writes. */
export function ruleError(
  rule: string,
  kind: RouterKind,
  syntax: RuleSyntax,
): { message: string; at: number } | undefined {
  if (kind === "http" && HOSTS_ONLY.test(rule)) return undefined;
  const checked = checkRule(rule, kind, syntax);
  return checked.ok ? undefined : checked;
}

export function checkRule(rule: string, kind: RouterKind, syntax: RuleSyntax): RuleCheck {
  if (kind === "http" && HOSTS_ONLY.test(rule)) return { ok: true, tree: hostsTree(rule) };
  let tree: RuleNode;
  try {
    tree = parseRule(rule);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { ok: false, message: error.message, at: error.at };
    throw error;
  }
  const problem = checkNode(tree, kind, syntax);
  return problem === undefined ? { ok: true, tree } : { ok: false, ...problem };
}

function checkNode(
  node: RuleNode,
  kind: RouterKind,
  syntax: RuleSyntax,
): { message: string; at: number } | undefined {
  if (node.op === "and" || node.op === "or")
    return checkNode(node.left, kind, syntax) ?? checkNode(node.right, kind, syntax);
  if (node.op === "not") return checkNode(node.operand, kind, syntax);
  return checkCall(node, kind, syntax);
}

function checkCall(
  node: Extract<RuleNode, { op: "call" }>,
  kind: RouterKind,
  syntax: RuleSyntax,
): { message: string; at: number } | undefined {
  const found = findMatcher(kind, syntax, node.name);
  const at = node.at;
  if (found === undefined) {
    const other = findMatcher(kind, syntax === "v2" ? "v3" : "v2", node.name);
    const elsewhere = findMatcher(kind === "http" ? "tcp" : "http", syntax, node.name);
    const hint =
      other !== undefined
        ? ` (${node.name} is ${syntax === "v2" ? "v3" : "v2"} syntax: set ruleSyntax: ${syntax === "v2" ? "v3" : "v2"} or rewrite the rule)`
        : elsewhere !== undefined
          ? ` (${node.name} is a matcher of ${kind === "http" ? "TCP" : "HTTP"} routers)`
          : "";
    return { message: `unsupported function: ${node.name}${hint}`, at };
  }
  const [name, matcher] = found;
  if (node.args.length === 0) return { message: `no args for matcher ${name}`, at };
  if (node.args.some((a) => a === ""))
    return { message: `empty args for matcher ${name}, [${node.args.join(" ")}]`, at };
  if (matcher.arity !== undefined && !matcher.arity.includes(node.args.length))
    return {
      message: `unexpected number of parameters; got ${node.args.length}, expected ${kind === "tcp" ? String(matcher.arity[0]) : `one of [${matcher.arity.join(" ")}]`}`,
      at,
    };
  const problem = matcher.check(node.args);
  return problem === undefined ? undefined : { message: problem, at };
}

/** The hosts a rule routes (Host, HostHeader, HostSNI arguments not under a `!`), lower-cased. */
export function ruleHosts(tree: RuleNode, kind: RouterKind): string[] {
  const names = kind === "http" ? ["host", "hostheader"] : ["hostsni"];
  return [
    ...new Set(
      calls(tree)
        .filter((c) => names.includes(c.name.toLowerCase()))
        .flatMap((c) => c.args.map((a) => a.toLowerCase())),
    ),
  ];
}

/** The paths a rule routes (Path and PathPrefix arguments not under a `!`). */
export function rulePaths(tree: RuleNode): string[] {
  return [
    ...new Set(
      calls(tree)
        .filter((c) => /^path(prefix)?$/i.test(c.name))
        .flatMap((c) => c.args),
    ),
  ];
}

function calls(node: RuleNode, negated = false): Extract<RuleNode, { op: "call" }>[] {
  if (node.op === "call") return negated ? [] : [node];
  if (node.op === "not") return calls(node.operand, !negated);
  return [...calls(node.left, negated), ...calls(node.right, negated)];
}

function hostsTree(rule: string): RuleNode {
  const calls: RuleNode[] = [...rule.matchAll(/Host\(`([^`]+)`\)/g)].map((m) => ({
    op: "call",
    name: "Host",
    args: [m[1]!],
    at: m.index,
  }));
  return calls.slice(1).reduce<RuleNode>((left, right) => ({ op: "or", left, right }), calls[0]!);
}
