/**
 * Is a pattern one Go's regexp package (RE2 syntax, as Traefik compiles HostRegexp, PathRegexp
 * and the regex middlewares) accepts? Cases from RE2's syntax reference: its own spellings
 * (named groups as (?P<name>…), flag groups, POSIX classes in brackets, \A and \z) are accepted;
 * what RE2 does not have (lookaround, backreferences) and what no engine compiles are refused.
 */
import { describe, expect, it } from "vitest";
import { re2Problem } from "../../src/domain/traefik/rules/regexp.js";

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

  it.each([
    ["(?=x)a", "lookaround"],
    ["(?!x)a", "lookaround"],
    ["(?<=x)a", "lookaround"],
    ["(?<!x)a", "lookaround"],
    ["(a)\\1", "backreferences"],
    ["\\\\\\1", "backreferences"],
  ])("refuses %s (%s)", (pattern, why) => {
    expect(re2Problem(pattern)).toContain(why);
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
