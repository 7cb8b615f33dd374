// DNS names as RFC 1035 §2.3.1/§2.3.4 and RFC 1123 §2.1 define them (labels of letters, digits and
// hyphens, starting and ending with a letter or digit, at most 63 octets; a name at most 253
// characters in its dotted text form), written from those rules rather than from the code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDnsName, isInside, routeId } from "../../src/domain/model/dns.js";

const label = (n: number, fill = "a") => (n === 1 ? "a" : `a${fill.repeat(n - 2)}b`);
/** A name of exactly `n` characters made of 63-character labels (and a shorter last one). */
function nameOfLength(n: number): string {
  const labels: string[] = [];
  let left = n;
  while (left > 0) {
    const take = Math.min(63, left === 64 ? 62 : left);
    labels.push(label(take));
    left -= take + 1;
  }
  const name = labels.join(".");
  if (name.length !== n) throw new Error(`test helper: ${name.length} ≠ ${n}`);
  return name;
}

describe("checkDnsName", () => {
  it.each([
    ["a"],
    ["portainer"],
    ["svc-2"],
    ["2fa"],
    ["0"],
    ["GRANITE-Embedding"],
    ["a-b-c.internal.example.lan"],
    ["xn--bcher-kva.example"],
    [label(63)],
    [`${label(63)}.${label(63)}`],
    [nameOfLength(253)],
  ])("accepts %j", (name) => {
    expect(checkDnsName(name)).toBeUndefined();
  });

  it.each([
    ["", "empty"],
    ["bücher", "non-ascii"],
    ["a b", "characters"],
    ["a`) || Host(`evil", "characters"],
    ['a"b', "characters"],
    ["a_b", "characters"],
    ["a\nb", "characters"],
    ["a:b", "characters"],
    ["-a", "label"],
    ["a-", "label"],
    ["svc-.example", "label"],
    ["a.-b", "label"],
    ["a..b", "label"],
    [".a", "label"],
    ["a.", "label"],
    [label(64), "label"],
    [`ok.${label(64)}.lan`, "label"],
    [nameOfLength(254), "too-long"],
  ])("refuses %j (%s)", (name, kind) => {
    expect(checkDnsName(name)?.kind).toBe(kind);
  });

  it("names the bad label, not an earlier good one, and judges a bad label before the length", () => {
    expect(checkDnsName("granite-embedding.-b")?.detail).toContain('the label "-b"');
    expect(checkDnsName(`${label(63)}.x-`)?.detail).toContain('the label "x-"');
    const bad253 = `-${nameOfLength(253).slice(1)}`;
    expect(bad253.length).toBe(253);
    expect(checkDnsName(bad253)?.kind).toBe("label");
  });

  it.each([
    ["", "it is empty"],
    ["a\rb", "a carriage return"],
    ["a\tb", "a tab"],
    ["a'b", "a single quote"],
    ["a|b", 'a "|"'],
    ["a b", "a space"],
    ["a\nb", "a line break"],
    ['a"b', "a double quote"],
    ["a:b", 'a ":"'],
    ["a+b", 'the character "+"'],
  ])("words %j as %s", (name, words) => {
    expect(checkDnsName(name)?.detail).toContain(words);
  });

  it("words what is wrong, naming the character or the label", () => {
    expect(checkDnsName("a_b")?.detail).toContain("an underscore");
    expect(checkDnsName("a`b")?.detail).toContain("a backtick");
    expect(checkDnsName("a..b")?.detail).toContain("empty label");
    expect(checkDnsName("a.-b")?.detail).toContain('the label "-b"');
    expect(checkDnsName(nameOfLength(254))?.detail).toContain("253");
  });

  it("agrees with the RFC's rules on random names (accepting as well as refusing)", () => {
    const labelRule = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;
    const byTheRules = (name: string) =>
      name.length >= 1 &&
      name.length <= 253 &&
      name.split(".").every((l) => l.length <= 63 && labelRule.test(l));
    const char = fc.constantFrom("a", "z", "A", "0", "9", "-", ".", "_", " ", "é");
    const piece = fc.oneof(
      fc.string({ unit: char, maxLength: 12 }),
      fc.integer({ min: 60, max: 66 }).map((n) => label(n)),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (parts) => {
        const name = parts.join(".");
        expect(checkDnsName(name) === undefined).toBe(byTheRules(name));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("routeId", () => {
  it("lower-cases and turns dots into hyphens, so a.b and a-b collide", () => {
    expect(routeId("Granite.3B")).toBe("granite-3b");
    expect(routeId("a.b")).toBe(routeId("a-b"));
  });
});

describe("isInside", () => {
  it.each([
    ["example.lan", "example.lan", true],
    ["a.example.lan", "example.lan", true],
    ["a.b.example.lan", "example.lan", true],
    ["badexample.lan", "example.lan", false],
    ["example.lan.evil", "example.lan", false],
  ])("%s inside %s: %s", (host, domain, inside) => {
    expect(isInside(host, domain)).toBe(inside);
  });
});
