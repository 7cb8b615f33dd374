import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkRule,
  ruleHosts,
  rulePaths,
  type RouterKind,
  type RuleSyntax,
} from "../../src/domain/traefik/rules/check.js";
import { PROJECT_ROOT } from "../support/fixtures.js";

interface Verdict {
  kind: RouterKind;
  syntax: RuleSyntax;
  rule: string;
  error: string | null;
}

/** Every rule of Traefik's own muxer tests, with Traefik's own verdict (tools/traefik/rule-verdicts). */
const verdicts = JSON.parse(
  readFileSync(join(PROJECT_ROOT, "test/traefik/fixtures/rule-verdicts.json"), "utf8"),
) as Verdict[];

describe("the rule parser agrees with Traefik's muxers on the rules of Traefik's own tests", () => {
  it.each(verdicts.map((v) => [`${v.kind} ${v.syntax} ${v.rule}`, v] as const))("%s", (_, v) => {
    const result = checkRule(v.rule, v.kind, v.syntax);
    if (v.error === null) expect(result).toMatchObject({ ok: true });
    else expect(result, `Traefik: ${v.error}`).toMatchObject({ ok: false });
  });
});

describe("what a rule routes", () => {
  it("finds the hosts in every form Traefik reads (regression: only Host(`x`) was seen)", () => {
    const hosts = (rule: string, kind: RouterKind = "http", syntax: RuleSyntax = "v3") => {
      const r = checkRule(rule, kind, syntax);
      if (!r.ok) throw new Error(r.message);
      return ruleHosts(r.tree, kind);
    };
    expect(hosts('Host("a.lan") || host(`B.lan`)')).toEqual(["a.lan", "b.lan"]);
    expect(hosts("Host(`a.lan`,`b.lan`) && PathPrefix(`/x`)", "http", "v2")).toEqual(["a.lan", "b.lan"]);
    expect(hosts("Host(`a.lan`) && !Host(`b.lan`)")).toEqual(["a.lan"]);
    expect(hosts("HostSNI(`db.lan`)", "tcp")).toEqual(["db.lan"]);
    const r = checkRule("Host(`a.lan`) && (PathPrefix(`/api`) || Path(`/health`))", "http", "v3");
    expect(r.ok && rulePaths(r.tree)).toEqual(["/api", "/health"]);
  });

  it("says what is wrong with the rules users write wrong", () => {
    const message = (rule: string, kind: RouterKind = "http", syntax: RuleSyntax = "v3") => {
      const r = checkRule(rule, kind, syntax);
      return r.ok ? "ok" : r.message;
    };
    expect(message("Host(foo")).toMatch(/foo is not defined|expected/);
    expect(message("Host(`a`) &&")).toMatch(/expected a matcher, found the end of the rule/);
    expect(message("Hots(`a`)")).toBe("unsupported function: Hots");
    expect(message("HostRegexp(`(a`)")).toMatch(/compiling HostRegexp matcher/);
    expect(message("HostRegexp(`{sub:[a-z]+}.lan`)")).toBe("ok");
    expect(message("Host(`a.lan`, `b.lan`)")).toBe(
      "unexpected number of parameters; got 2, expected one of [1]",
    );
    expect(message("Headers(`X`, `y`)")).toBe(
      "unsupported function: Headers (Headers is v2 syntax: set ruleSyntax: v2 or rewrite the rule)",
    );
    expect(message("HostSNI(`a.lan`)")).toBe(
      "unsupported function: HostSNI (HostSNI is a matcher of TCP routers)",
    );
    expect(message("PathRegexp(`^/(?=a)`)")).toBe(
      "compiling PathPrefix matcher: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
    );
  });
});
