/**
 * Each matcher's own check, on an input of its own, with Traefik's words for it (pkg/muxer/http
 * and pkg/muxer/tcp at the pinned tag; v2 syntax: gorilla/mux). The differential suite compares
 * whole files with a real Traefik; these pin each rule apart.
 */
import { describe, expect, it } from "vitest";
import { checkRule, type RouterKind, type RuleSyntax } from "../../src/domain/traefik/rules/check.js";
import { isIpOrCidr } from "../../src/domain/traefik/rules/matchers.js";
import { re2Problem } from "../../src/domain/traefik/rules/regexp.js";

const problem = (rule: string, kind: RouterKind = "http", syntax: RuleSyntax = "v3") => {
  const r = checkRule(rule, kind, syntax);
  return r.ok ? undefined : r.message;
};

describe("ClientIP: an IP or a CIDR", () => {
  it.each([
    "10.0.0.1",
    "0.0.0.0/0",
    "255.255.255.255/32",
    "10.0.0.0/8",
    "::1",
    "fd00::/8",
    "2001:db8::1/128",
    "::ffff:10.0.0.1",
    // Go's net.ParseCIDR reads the prefix with dtoi, which takes leading zeros (regression: refused).
    "10.0.0.1/0032",
    "10.0.0.0/008",
  ])("accepts %s", (ip) => expect(isIpOrCidr(ip)).toBe(true));
  it.each([
    "256.0.0.1",
    "10.0.0",
    "10.0.0.01",
    "10.0.0.1/33",
    "10.0.0.1/",
    "10.0.0.1/3a",
    "10.0.0.1/-1",
    "10.0.0.1/+8",
    "10.0.0.1/8/8",
    "2001:db8::1/129",
    "fd00:::1",
    "gggg::1",
    "host.lan",
    "",
  ])("refuses %s", (ip) => expect(isIpOrCidr(ip)).toBe(false));

  it("says which address Traefik could not read", () => {
    expect(problem("ClientIP(`10.0.0.0/33`)")).toBe(
      "initializing IP checker for ClientIP matcher: invalid CIDR address: 10.0.0.0/33",
    );
    expect(problem("ClientIP(`10.0.0.0/24`)")).toBeUndefined();
    expect(problem("ClientIP(`10.0.0.0/24`)", "tcp")).toBeUndefined();
    expect(problem("ClientIP(`nope`)", "tcp")).toContain("invalid CIDR address: nope");
  });
});

describe("hosts", () => {
  it("refuses non-ASCII in Host and HostRegexp (Traefik asks for punycode)", () => {
    expect(problem("Host(`café.lan`)")).toBe(
      'invalid value "café.lan" for Host matcher, non-ASCII characters are not allowed',
    );
    expect(problem("HostRegexp(`^café\\.lan$`)")).toContain("for HostRegexp matcher, non-ASCII");
    expect(problem("Host(`xn--caf-dma.lan`)")).toBeUndefined();
    expect(problem("HostHeader(`café.lan`)", "http", "v2")).toContain("for HostHeader matcher, non-ASCII");
  });

  it("checks HostSNI on TCP routers: * or a hostname or IP", () => {
    expect(problem("HostSNI(`*`)", "tcp")).toBeUndefined();
    expect(problem("HostSNI(`db.lan`)", "tcp")).toBeUndefined();
    expect(problem("HostSNI(`10.0.0.5`)", "tcp")).toBeUndefined();
    expect(problem("HostSNI(`db lan`)", "tcp")).toBe(
      'invalid value for HostSNI matcher, "db lan" is not a valid hostname',
    );
    expect(problem("HostSNI(`a.lan`, `b lan`)", "tcp", "v2")).toBe(
      'invalid value for "HostSNI" matcher, "b lan" is not a valid hostname or IP',
    );
    expect(problem("HostSNIRegexp(`^é$`)", "tcp")).toBe(
      'invalid value for HostSNIRegexp matcher, "^é$" is not a valid hostname',
    );
  });
});

describe("paths", () => {
  it("needs a leading slash, in Traefik's words for each syntax", () => {
    expect(problem("Path(`api`)")).toBe("path \"api\" does not start with a '/'");
    expect(problem("PathPrefix(`api`)")).toBe("path \"api\" does not start with a '/'");
    expect(problem("PathPrefix(`/api`)")).toBeUndefined();
    expect(problem("Path(`api`)", "http", "v2")).toBe('mux: path must start with a slash, got "api"');
    expect(problem("PathPrefix(`/a`, `b`)", "http", "v2")).toBe('mux: path must start with a slash, got "b"');
  });

  it("checks v2 templates: balanced braces, valid patterns", () => {
    expect(problem("Path(`/{id:[0-9]+}`)", "http", "v2")).toBeUndefined();
    expect(problem("Path(`/{id`)", "http", "v2")).toBe('mux: unbalanced braces in "/{id"');
    expect(problem("Path(`/id}`)", "http", "v2")).toBe('mux: unbalanced braces in "/id}"');
    expect(problem("Path(`/{id:(?=x)}`)", "http", "v2")).toBe(
      "compiling Path matcher: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
    );
    // A template without a pattern has nothing to compile.
    expect(problem("Path(`/{id}`)", "http", "v2")).toBeUndefined();
  });
});

describe("regexp matchers", () => {
  it("compiles each pattern as Go does, naming the matcher and the pattern", () => {
    expect(problem("PathRegexp(`^/(?=x)`)")).toBe(
      "compiling PathPrefix matcher: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
    );
    expect(problem("HeaderRegexp(`X-Id`, `^(a)\\1$`)")).toBe(
      "compiling HeaderRegexp matcher: error parsing regexp: invalid escape sequence: `\\1`",
    );
    // The header's name is not a pattern.
    expect(problem("HeaderRegexp(`(?=x`, `^a$`)")).toBeUndefined();
    expect(problem("QueryRegexp(`q`, `[`)")).toContain(
      "compiling QueryRegexp matcher: error parsing regexp:",
    );
    expect(problem("QueryRegexp(`(?=`, `^a$`)")).toBeUndefined();
    expect(problem("HostSNIRegexp(`^(?<=a)$`)", "tcp")).toContain("compiling HostSNIRegexp matcher");
  });

  it("v2 HeadersRegexp takes name, pattern pairs and compiles only the patterns", () => {
    expect(problem("HeadersRegexp(`X-A`, `^a$`, `X-B`, `^b$`)", "http", "v2")).toBeUndefined();
    expect(problem("HeadersRegexp(`(?=`, `^a$`)", "http", "v2")).toBeUndefined();
    expect(problem("HeadersRegexp(`X-A`, `(?!a)`)", "http", "v2")).toContain(
      "compiling HeadersRegexp matcher",
    );
  });
});

describe("pairs (v2 Headers and Query)", () => {
  it("needs an even number of values", () => {
    expect(problem("Headers(`X-A`, `a`)", "http", "v2")).toBeUndefined();
    expect(problem("Headers(`X-A`)", "http", "v2")).toBe(
      "number of parameters must be multiple of 2, got [X-A]",
    );
    expect(problem("Headers(`X-A`, `a`, `X-B`)", "http", "v2")).toBe(
      "number of parameters must be multiple of 2, got [X-A a X-B]",
    );
    expect(problem("Query(`a=1`, `b=2`)", "http", "v2")).toBeUndefined();
  });
});

describe("ALPN", () => {
  it("refuses acme-tls/1 (Traefik keeps it for the TLS challenge)", () => {
    expect(problem("ALPN(`h2`)", "tcp")).toBeUndefined();
    expect(problem("ALPN(`acme-tls/1`)", "tcp")).toBe(
      'invalid protocol value for ALPN matcher, "acme-tls/1" is not allowed',
    );
    expect(problem("ALPN(`h2`, `acme-tls/1`)", "tcp", "v2")).toContain('"acme-tls/1" is not allowed');
  });
});

describe("re2Problem", () => {
  it.each([
    ["(?P<id>[0-9]+)", undefined],
    ["(?i)^host\\.lan$", undefined],
    ["(?is)a.b", undefined],
    ["(?U)a+", undefined],
    ["a(?i:b)c", undefined],
    ["[[:alpha:]]+", undefined],
    ["^a\\z", undefined],
    ["\\Aa", undefined],
    ["a\\-b\\/c", undefined],
    ["\\\\1", undefined],
  ])("accepts %s as Go does", (pattern, expected) => expect(re2Problem(pattern)).toBe(expected));

  it.each([
    // Go's words (tools/traefik/regexp-verdicts), without "error parsing regexp: ".
    ["a(?=b)", "invalid or unsupported Perl syntax: `(?=`"],
    ["a(?!b)", "invalid or unsupported Perl syntax: `(?!`"],
    ["(?<=a)b", "invalid named capture: `(?<=a)b`"],
    ["(?<!a)b", "invalid named capture: `(?<!a)b`"],
    ["(a)\\1", "invalid escape sequence: `\\1`"],
    ["\\\\\\2", "invalid escape sequence: `\\2`"],
  ])("refuses %s as Go does", (pattern, expected) => expect(re2Problem(pattern)).toBe(expected));

  it("refuses what no engine can read, in Go's words", () => {
    expect(re2Problem("(a")).toBe("missing closing ): `(a`");
    expect(re2Problem("a{2,1}")).toBe("invalid repeat count: `{2,1}`");
  });
});
