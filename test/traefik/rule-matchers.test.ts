/**
 * Each matcher's arguments checked as the pinned Traefik checks them (pkg/muxer/http/matcher.go,
 * matcher_v2.go, pkg/muxer/tcp/matcher.go, matcher_v2.go), in its words.
 */
import { describe, expect, it } from "vitest";
import { checkRule, type RouterKind, type RuleSyntax } from "../../src/domain/traefik/rules/check.js";
import { findMatcher, isIpOrCidr, matcherNames } from "../../src/domain/traefik/rules/matchers.js";

const message = (rule: string, kind: RouterKind = "http", syntax: RuleSyntax = "v3") => {
  const r = checkRule(rule, kind, syntax);
  return r.ok ? "ok" : r.message;
};

describe("the matchers of each router kind and syntax", () => {
  it("are Traefik's, by name", () => {
    expect(matcherNames("http", "v3")).toEqual([
      "ClientIP",
      "Method",
      "Host",
      "HostRegexp",
      "Path",
      "PathRegexp",
      "PathPrefix",
      "Header",
      "HeaderRegexp",
      "Query",
      "QueryRegexp",
    ]);
    expect(matcherNames("http", "v2")).toEqual([
      "Host",
      "HostHeader",
      "HostRegexp",
      "ClientIP",
      "Path",
      "PathPrefix",
      "Method",
      "Headers",
      "HeadersRegexp",
      "Query",
    ]);
    expect(matcherNames("tcp", "v3")).toEqual(["ALPN", "ClientIP", "HostSNI", "HostSNIRegexp"]);
    expect(matcherNames("tcp", "v2")).toEqual(["ALPN", "ClientIP", "HostSNI", "HostSNIRegexp"]);
  });

  it("are found as written, lower case, upper case or capitalised, and not otherwise", () => {
    for (const name of ["PathPrefix", "pathprefix", "PATHPREFIX", "Pathprefix"])
      expect(findMatcher("http", "v3", name)?.[0], name).toBe("PathPrefix");
    for (const name of ["pathPrefix", "PathPREFIX", "Path_prefix"])
      expect(findMatcher("http", "v3", name), name).toBeUndefined();
  });
});

describe("HTTP v3 matchers", () => {
  it.each([
    ["Host(`héllo.lan`)", 'invalid value "héllo.lan" for Host matcher, non-ASCII characters are not allowed'],
    ["HostRegexp(`^é$`)", 'invalid value "^é$" for HostRegexp matcher, non-ASCII characters are not allowed'],
    ["HostRegexp(`(a`)", "compiling HostRegexp matcher: error parsing regexp: missing closing ): `(a`"],
    ["PathRegexp(`(a`)", "compiling PathPrefix matcher: error parsing regexp: missing closing ): `(a`"],
    [
      "HeaderRegexp(`X`, `(a`)",
      "compiling HeaderRegexp matcher: error parsing regexp: missing closing ): `(a`",
    ],
    [
      "QueryRegexp(`q`, `(a`)",
      "compiling QueryRegexp matcher: error parsing regexp: missing closing ): `(a`",
    ],
    ["Path(`api`)", "path \"api\" does not start with a '/'"],
    ["PathPrefix(`api`)", "path \"api\" does not start with a '/'"],
    [
      "ClientIP(`10.0.0.0/33`)",
      "initializing IP checker for ClientIP matcher: invalid CIDR address: 10.0.0.0/33",
    ],
    ["Host()", "no args for matcher Host"],
    ["Host(``)", "empty args for matcher Host, []"],
    ["Header(`X`, ``)", "empty args for matcher Header, [X ]"],
    ["Header(`X`)", "unexpected number of parameters; got 1, expected one of [2]"],
    ["Query(`a`, `b`, `c`)", "unexpected number of parameters; got 3, expected one of [1 2]"],
    ["Hots(`a`)", "unsupported function: Hots"],
    [
      "Headers(`X`, `y`)",
      "unsupported function: Headers (Headers is v2 syntax: set ruleSyntax: v2 or rewrite the rule)",
    ],
    ["HostSNI(`a.lan`)", "unsupported function: HostSNI (HostSNI is a matcher of TCP routers)"],
  ])("%s: %s", (rule, expected) => {
    expect(message(rule)).toBe(expected);
  });

  it.each([
    "Host(`a.lan`)",
    "HostRegexp(`^.+\\.lan$`)",
    "Path(`/`)",
    "PathRegexp(`^/api/[0-9]+`)",
    "Method(`GET`)",
    "Header(`X-A`, `b`)",
    "HeaderRegexp(`X-A`, `^b`)",
    "Query(`a`)",
    "Query(`a`, `b`)",
    "QueryRegexp(`a`, `^b$`)",
    "ClientIP(`10.0.0.0/24`)",
    "ClientIP(`fd00::/8`)",
    // Only the value of HeaderRegexp and QueryRegexp is a pattern; the name is not.
    "HeaderRegexp(`(`, `b`)",
    "QueryRegexp(`(`, `b`)",
  ])("takes %s", (rule) => {
    expect(message(rule)).toBe("ok");
  });
});

describe("HTTP v2 matchers", () => {
  const v2 = (rule: string) => message(rule, "http", "v2");

  it.each([
    ["Host(`a.lan`, `b.lan`)", "ok"],
    [
      "HostHeader(`ä.lan`)",
      'invalid value "ä.lan" for HostHeader matcher, non-ASCII characters are not allowed',
    ],
    ["HostRegexp(`{sub:[a-z]+}.lan`)", "ok"],
    [
      "HostRegexp(`{sub:(}.lan`)",
      "compiling HostRegexp matcher: error parsing regexp: missing closing ): `(`",
    ],
    ["HostRegexp(`{sub.lan`)", 'mux: unbalanced braces in "{sub.lan"'],
    ["HostRegexp(`sub}.lan{`)", 'mux: unbalanced braces in "sub}.lan{"'],
    ["HostRegexp(`{a}{b}.lan`)", "ok"],
    ["Path(`/a`, `b`)", 'mux: path must start with a slash, got "b"'],
    ["PathPrefix(`/{id:[0-9]+}`)", "ok"],
    [
      "PathPrefix(`/{id:[0-9}`)",
      "compiling PathPrefix matcher: error parsing regexp: missing closing ]: `[0-9`",
    ],
    ["Headers(`X`, `a`, `Y`)", "number of parameters must be multiple of 2, got [X a Y]"],
    ["Headers(`X`, `a`, `Y`, `b`)", "ok"],
    [
      "HeadersRegexp(`X`, `(`)",
      "compiling HeadersRegexp matcher: error parsing regexp: missing closing ): `(`",
    ],
    ["HeadersRegexp(`(`, `a`)", "ok"],
    ["HeadersRegexp(`X`)", "number of parameters must be multiple of 2, got [X]"],
    ["Query(`a=b`, `c=`)", "ok"],
    ["Query(`a`)", "number of parameters must be multiple of 2, got [a]"],
    ["Query(`a=b=c`)", "ok"],
    ["Query(`a={v:(}`)", "compiling Query matcher: error parsing regexp: missing closing ): `(`"],
    [
      "ClientIP(`10.0.0.1`, `bad`)",
      "initializing IP checker for ClientIP matcher: invalid CIDR address: bad",
    ],
    ["Method(`GET`, `POST`)", "ok"],
    [
      "PathRegexp(`^/a`)",
      "unsupported function: PathRegexp (PathRegexp is v3 syntax: set ruleSyntax: v3 or rewrite the rule)",
    ],
  ])("%s: %s", (rule, expected) => {
    expect(v2(rule)).toBe(expected);
  });
});

describe("TCP matchers", () => {
  it.each([
    ["v3", "HostSNI(`*`)", "ok"],
    ["v3", "HostSNI(`db.lan`)", "ok"],
    ["v3", "HostSNI(`10.0.0.5`)", "ok"],
    ["v3", "HostSNI(`*.lan`)", 'invalid value for HostSNI matcher, "*.lan" is not a valid hostname'],
    ["v3", "HostSNI(`db.lan`, `x.lan`)", "unexpected number of parameters; got 2, expected 1"],
    ["v3", "HostSNIRegexp(`^.+\\.lan$`)", "ok"],
    ["v3", "HostSNIRegexp(`^é$`)", 'invalid value for HostSNIRegexp matcher, "^é$" is not a valid hostname'],
    [
      "v3",
      "HostSNIRegexp(`(`)",
      "compiling HostSNIRegexp matcher: error parsing regexp: missing closing ): `(`",
    ],
    ["v3", "ALPN(`h2`)", "ok"],
    ["v3", "ALPN(`acme-tls/1`)", 'invalid protocol value for ALPN matcher, "acme-tls/1" is not allowed'],
    ["v3", "ClientIP(`10.0.0.0/8`)", "ok"],
    ["v3", "Host(`a.lan`)", "unsupported function: Host (Host is a matcher of HTTP routers)"],
    ["v2", "HostSNI(`a.lan`, `*`, `10.0.0.1`)", "ok"],
    [
      "v2",
      "HostSNI(`a.lan`, `a b`)",
      'invalid value for "HostSNI" matcher, "a b" is not a valid hostname or IP',
    ],
    [
      "v2",
      "HostSNIRegexp(`{x:(}.lan`)",
      "compiling HostSNIRegexp matcher: error parsing regexp: missing closing ): `(`",
    ],
    [
      "v2",
      "ALPN(`h2`, `acme-tls/1`)",
      'invalid protocol value for ALPN matcher, "acme-tls/1" is not allowed',
    ],
  ] as [RuleSyntax, string, string][])("%s %s: %s", (syntax, rule, expected) => {
    expect(message(rule, "tcp", syntax)).toBe(expected);
  });
});

describe("isIpOrCidr, as Go's net.ParseIP and net.ParseCIDR read it", () => {
  it.each([
    "10.0.0.1",
    "0.0.0.0/0",
    "255.255.255.255/32",
    "10.0.0.0/0032",
    "fd00::1",
    "::/0",
    "fd00::/128",
    "::ffff:10.0.0.1",
  ])("takes %s", (text) => {
    expect(isIpOrCidr(text)).toBe(true);
  });
  it.each([
    "256.0.0.1",
    "10.0.0",
    "10.0.0.01",
    "10.0.0.0/33",
    "fd00::/129",
    "10.0.0.0/",
    "10.0.0.0/a",
    "10.0.0.0/8/8",
    "host.lan",
    "fd00::g",
    "",
    "1.2.3.4.5",
  ])("refuses %s", (text) => {
    expect(isIpOrCidr(text)).toBe(false);
  });
});
