/**
 * Is a pattern one Go's regexp package (RE2 syntax, as Traefik compiles HostRegexp, PathRegexp
 * and the regex middlewares) accepts? Cases from RE2's syntax reference: its own spellings
 * (named groups as (?P<name>…), flag groups, POSIX classes in brackets, \A and \z) are accepted;
 * what RE2 does not have (lookaround, backreferences) and what no engine compiles are refused.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { re2Problem } from "../../src/domain/traefik/rules/regexp.js";
import { PROJECT_ROOT } from "../support/fixtures.js";

describe("re2Problem", () => {
  it.each([
    "^[a-z0-9-]+\\.lan$",
    "(?i)abc",
    "(?is)a.c",
    "(?U)a+",
    "a(?i)b",
    "(?i:abc)",
    "(?is:a.c)",
    "(?i-s:abc)",
    "x(?-i)y",
    "(?P<sub>[a-z]+)\\.lan",
    "[[:alpha:]]+",
    "[[:^digit:]]",
    "\\Aabc\\z",
    "a\\-b\\/c",
    "\\\\1",
  ])("accepts %s", (pattern) => {
    expect(re2Problem(pattern)).toBeUndefined();
  });

  // Go's own words (regexp.Compile at the pinned toolchain), without its "error parsing regexp: ".
  it.each([
    ["(?=x)a", "invalid or unsupported Perl syntax: `(?=`"],
    ["(?!x)a", "invalid or unsupported Perl syntax: `(?!`"],
    ["(?<=x)a", "invalid named capture: `(?<=x)a`"],
    ["(?<!x)a", "invalid named capture: `(?<!x)a`"],
    ["(a)\\1", "invalid escape sequence: `\\1`"],
    ["\\\\\\1", "invalid escape sequence: `\\1`"],
  ])("refuses %s: %s", (pattern, words) => {
    expect(re2Problem(pattern)).toBe(words);
  });

  it.each(["(", "[a", "a)", "*a", "(?i)(", "(?i:a"])(
    "refuses %s, saying why without JavaScript's preamble",
    (pattern) => {
      const problem = re2Problem(pattern);
      expect(problem).toBeDefined();
      expect(problem).not.toMatch(/^Invalid regular expression/);
      expect(problem).not.toBe("");
    },
  );
});

/**
 * Go's own test cases for its regexp parser (Go 1.26 src/regexp/syntax/parse_test.go, copied into
 * fixtures/go-regexps.json): every pattern its parse tests read (parseTests, and onlyPerl, the
 * Perl syntax regexp.Compile reads) is accepted, every one of its invalidRegexps refused.
 */
describe("Go's regexp/syntax test cases", () => {
  const cases = JSON.parse(
    readFileSync(join(PROJECT_ROOT, "test/traefik/fixtures/go-regexps.json"), "utf8"),
  ) as {
    valid: string[];
    invalid: string[];
  };
  it("has them all", () => {
    expect(cases.valid.length).toBeGreaterThan(150);
    expect(cases.invalid.length).toBeGreaterThan(30);
  });
  it.each(cases.valid)("accepts %s", (pattern) => expect(re2Problem(pattern)).toBeUndefined());
  it.each(cases.invalid)("refuses %s", (pattern) => expect(re2Problem(pattern)).toBeDefined());
});

describe("escapes RE2 reads, and those it refuses", () => {
  it.each([
    "\\a\\f\\t\\n\\r\\v",
    "\\x41\\x{263a}",
    "\\d\\D\\s\\S\\w\\W",
    "\\bword\\B",
    "\\pL\\p{Greek}\\PN",
    "\\101\\0",
    "[\\d\\x{41}-\\x{5a}\\pL]",
  ])("accepts %s", (pattern) => expect(re2Problem(pattern)).toBeUndefined());
  it.each([
    ["\\q", "\\q"],
    ["\\e", "\\e"],
    ["a\\Z", "\\Z"],
    ["\\E", "\\E"],
    ["[\\b]", "\\b"],
    ["[\\A]", "\\A"],
    ["x{1001}", "repeat count"],
    ["x{2,1001}", "repeat count"],
    ["a\\", "trailing backslash"],
    ["\\8", "invalid escape sequence: `\\8`"],
  ])("refuses %s", (pattern, why) => expect(re2Problem(pattern)).toContain(why));
  it("reads \\Q…\\E as literal text, to the end when \\E is missing", () => {
    expect(re2Problem("\\Q(*+?\\E")).toBeUndefined();
    expect(re2Problem("a\\Q[")).toBeUndefined();
    expect(re2Problem("\\Q\\E*")).toBeDefined();
  });
  it("takes a repeat count of exactly 1,000", () => {
    expect(re2Problem("x{1000}")).toBeUndefined();
    expect(re2Problem("x{2,1000}")).toBeUndefined();
    expect(re2Problem("x{1000,}")).toBeUndefined();
    expect(re2Problem("[{1001}]")).toBeUndefined();
  });
});

/**
 * What Go's regexp.Compile says of each pattern (tools/traefik/regexp-verdicts, run with the
 * pinned toolchain, recorded in fixtures/go-regexp-errors.json): the same verdict, in Go's words.
 */
describe("Go's verdict and words, pattern by pattern", () => {
  const { verdicts } = JSON.parse(
    readFileSync(join(PROJECT_ROOT, "test/traefik/fixtures/go-regexp-errors.json"), "utf8"),
  ) as { verdicts: { pattern: string; error: string | null; madeUp?: boolean }[] };
  const written = verdicts.filter((v) => v.madeUp !== true);
  it.each(written.map((v) => [v.pattern, v.error] as const))("%s: %s", (pattern, error) => {
    expect(re2Problem(pattern)).toBe(
      error === null ? undefined : error.replace(/^error parsing regexp: /, ""),
    );
  });

  // 3,000 patterns made of RE2's pieces in any order (tools/traefik/regexp-verdicts -random): the
  // same verdict as Go on each. Where a pattern has several faults, Go names the first it reads
  // and check may name another (docs/check.md), so only the verdict is compared here.
  it("refuses exactly the made-up patterns Go refuses", () => {
    const madeUp = verdicts.filter((v) => v.madeUp === true);
    expect(madeUp.length).toBeGreaterThanOrEqual(3_000);
    const disagree = madeUp
      .filter((v) => (re2Problem(v.pattern) === undefined) !== (v.error === null))
      .map((v) => `${v.pattern}: Go says ${v.error ?? "it compiles"}`);
    expect(disagree).toEqual([]);
  });

  it("names the same fault as Go on most made-up patterns with one", () => {
    const refused = verdicts.filter((v) => v.madeUp === true && v.error !== null);
    const same = refused.filter(
      (v) => re2Problem(v.pattern) === v.error!.replace(/^error parsing regexp: /, ""),
    );
    // Measured at 2026-12-02: 2,051 of 2,348. A drop means a message got worse.
    expect(same.length / refused.length).toBeGreaterThanOrEqual(0.85);
  });
});
