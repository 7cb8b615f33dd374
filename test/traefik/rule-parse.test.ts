/**
 * Traefik's rule language as vulcand/predicate reads it: a Go expression (go/parser.ParseExpr)
 * of matcher calls with string literal arguments, `&&` binding tighter than `||`, both to the left,
 * `!` and parentheses; strings raw (`…`) or interpreted ("…", Go's escapes, per the Go spec's
 * "String literals"). Each syntax error says what was found and where (0-based offset).
 */
import { describe, expect, it } from "vitest";
import { parseRule, RuleSyntaxError, type RuleNode } from "../../src/domain/traefik/rules/parse.js";

const call = (name: string, at: number, ...args: string[]): RuleNode => ({ op: "call", name, args, at });
const fails = (rule: string): { message: string; at: number } => {
  try {
    parseRule(rule);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { message: error.message, at: error.at };
    throw error;
  }
  throw new Error(`${rule} parsed`);
};

describe("parseRule: the tree", () => {
  it("binds && tighter than ||, both to the left, as Go does", () => {
    expect(parseRule("A(`a`) || B(`b`) && C(`c`)")).toEqual({
      op: "or",
      left: call("A", 0, "a"),
      right: { op: "and", left: call("B", 10, "b"), right: call("C", 20, "c") },
    });
    expect(parseRule("A(`a`) && B(`b`) && C(`c`)")).toEqual({
      op: "and",
      left: { op: "and", left: call("A", 0, "a"), right: call("B", 10, "b") },
      right: call("C", 20, "c"),
    });
    expect(parseRule("A(`a`) || B(`b`) || C(`c`)")).toMatchObject({ op: "or", left: { op: "or" } });
  });

  it("reads ! and parentheses, nested", () => {
    expect(parseRule("!!(A(`a`) || B(`b`))")).toEqual({
      op: "not",
      operand: { op: "not", operand: { op: "or", left: call("A", 3, "a"), right: call("B", 13, "b") } },
    });
  });

  it("takes calls with no argument, several, and a trailing comma (Go allows one)", () => {
    expect(parseRule("M()")).toEqual(call("M", 0));
    expect(parseRule('M(`a`, "b",)')).toEqual(call("M", 0, "a", "b"));
  });

  it("skips Go's whitespace (space, tab, newline, carriage return) between tokens", () => {
    expect(parseRule(" \t\r\nHost(\n`a`\t)\n")).toEqual(call("Host", 4, "a"));
  });

  it("takes names with digits and underscores after the first letter", () => {
    expect(parseRule("Host_2(`a`)")).toEqual(call("Host_2", 0, "a"));
    expect(fails("2Host(`a`)")).toEqual({ message: "unexpected '2'", at: 0 });
  });
});

describe("parseRule: string literals", () => {
  it("keeps a raw string as written, but for carriage returns (the Go spec drops them)", () => {
    expect(parseRule('P(`a\\n\r"b`)')).toEqual(call("P", 0, 'a\\n"b'));
  });

  it.each([
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
    ['"\\x41\\x6a"', "Aj"],
    ['"\\u00e9"', "é"],
    ['"\\U0001F600"', "😀"],
    ['"\\101\\060"', "A0"],
    ['"plain ` text"', "plain ` text"],
  ])("reads the interpreted string %s with Go's escapes", (literal, value) => {
    expect(parseRule(`P(${literal})`)).toEqual(call("P", 0, value));
  });

  it.each([
    ['P("\\x4")', "invalid escape in string literal", 3],
    ['P("\\xZZ")', "invalid escape in string literal", 3],
    ['P("\\u12")', "invalid escape in string literal", 3],
    ['P("\\U0001F60")', "invalid escape in string literal", 3],
    ['P("\\18")', "invalid octal escape in string literal", 3],
    ['P("\\q")', "unknown escape sequence in string literal", 3],
    ['P("ab', "string literal not terminated", 2],
    ['P("a\nb")', "string literal not terminated", 2],
    ["P(`ab", "raw string literal not terminated", 2],
  ])("refuses %j: %s at %i", (rule, message, at) => {
    expect(fails(rule)).toEqual({ message, at });
  });
});

describe("parseRule: what is wrong, and where", () => {
  it.each([
    ["", "the rule is empty", 0],
    ["  \t", "the rule is empty", 0],
    ["Host(`a`) Host(`b`)", "unexpected 'Host'", 10],
    ["Host(`a`))", "unexpected ')'", 9],
    ["`a.lan`", 'a string must be an argument of a matcher (the string "a.lan")', 0],
    [")", "expected a matcher, found ')'", 0],
    ["Host(`a`) &&", "expected a matcher, found the end of the rule", 12],
    ["Host", "Host is not defined", 0],
    ["Host && Path(`/`)", "Host is not defined", 0],
    ["Host(lan)", "lan is not defined", 5],
    ["Host(`a` `b`)", "expected ',' or ')', found the string \"b\"", 9],
    ["Host(`a`", "expected ',' or ')', found the end of the rule", 8],
    ["Host(&&)", "expected a string argument to Host, found '&&'", 5],
    ["Host(,)", "expected a string argument to Host, found ','", 5],
    ["(Host(`a`)", "expected ')', found the end of the rule", 10],
    ["(Host(`a`) Path(`/`))", "expected ')', found 'Path'", 11],
    ["Host(`a`) & Path(`/`)", "unexpected '&'", 10],
    ["Host(`a`) | Path(`/`)", "unexpected '|'", 10],
    ["Host(`a`) == Path(`/`)", "unexpected '='", 10],
  ])("%j: %s at %i", (rule, message, at) => {
    expect(fails(rule)).toEqual({ message, at });
  });
});
