/**
 * What the dynamic configuration's schema check says, key by key, as paerser reads a file
 * (Traefik's file provider): the value each shape becomes, and each refusal in full, with the
 * pointer it is placed on. Shapes from Traefik v3's dynamic types (src/generated/traefik-dynamic-types.ts).
 */
import { describe, expect, it } from "vitest";
import { checkDynamicConfig } from "../../src/domain/traefik/check-dynamic.js";

const SERVICE = "  services: {s: {loadBalancer: {servers: [{url: 'http://a'}]}}}\n";
const check = (text: string) => {
  const r = checkDynamicConfig(text, "f.yml");
  return {
    config: r.config,
    problems: r.diagnostics
      .filter((d) => d.pointer !== "/http/middlewares" || !d.message.startsWith("no "))
      .map((d) => [d.severity, d.pointer, d.message]),
  };
};
const invalid = (pointer: string, message: string) => ({
  config: undefined,
  problems: [["error", pointer, `not a valid Traefik v3 dynamic configuration: ${message}`]],
});

describe("the schema check's verdicts and words", () => {
  it("wants a mapping where an object goes", () => {
    expect(check("http:\n  routers:\n    a: x\n")).toEqual(
      invalid("/http/routers/a", '"http.routers.a" must be a mapping ("x" given)'),
    );
  });

  it("refuses a key given twice in two spellings of one field", () => {
    const text = (keys: string) => `http:\n  routers:\n    a: {${keys}, service: s}\n${SERVICE}`;
    expect(check(text("Rule: 'Host(`a`)', rule: 'Host(`b`)'"))).toEqual(
      invalid("/http/routers/a/Rule", '"Rule" repeats "rule" (Traefik matches keys without regard to case)'),
    );
    // Neither spelled as documented: the second repeats the first.
    expect(check(text("RULE: 'Host(`a`)', Rule: 'Host(`b`)'"))).toEqual(
      invalid("/http/routers/a/Rule", '"Rule" repeats "rule" (Traefik matches keys without regard to case)'),
    );
    // One spelling alone is read as the field.
    expect(check(text("RULE: 'Host(`a`)'")).config?.http?.routers?.["a"]?.rule).toBe("Host(`a`)");
  });

  it("refuses an empty section, not an empty object of a map", () => {
    expect(check("http:\n  routers: {}\n")).toEqual(
      invalid(
        "/http/routers",
        '"http.routers" is empty: Traefik refuses an empty section here ("cannot be a standalone element")',
      ),
    );
    expect(check("http:\n  middlewares:\n    m: {headers: {}}\n")).toEqual(
      invalid(
        "/http/middlewares/m/headers",
        '"http.middlewares.m.headers" is empty: Traefik refuses an empty object here ("cannot be a standalone element")',
      ),
    );
    // A map's entry may be empty (paerser checks only fields): the middleware is then typeless.
    expect(check("http:\n  middlewares:\n    m: {}\n").problems[0]?.[0]).toBe("warning");
  });

  it("drops a plain value from a list of objects, with a warning", () => {
    expect(check("http:\n  services: {s: {loadBalancer: {servers: [x, {url: 'http://a'}]}}}\n")).toEqual({
      config: { http: { services: { s: { loadBalancer: { servers: [{ url: "http://a" }] } } } } },
      problems: [
        [
          "warning",
          "/http/services/s/loadBalancer/servers/0",
          'Traefik ignores "x" in "http.services.s.loadBalancer.servers": each entry must be a mapping',
        ],
      ],
    });
  });

  it("reads an empty mapping as an empty list, and one value as a list of one", () => {
    expect(check("http:\n  services: {s: {loadBalancer: {servers: {}}}}\n").config).toEqual({
      http: { services: { s: { loadBalancer: { servers: [] } } } },
    });
    const one = check(
      `http:\n  routers: {a: {rule: 'Host(\`a\`)', service: s, entryPoints: web}}\n${SERVICE}`,
    );
    expect(one.problems).toEqual([]);
    expect(one.config?.http?.routers?.["a"]?.entryPoints).toEqual(["web"]);
  });

  it("wants a list, not a mapping, where a list of values goes", () => {
    expect(
      check(`http:\n  routers: {a: {rule: 'Host(\`a\`)', service: s, entryPoints: {x: 1}}}\n${SERVICE}`),
    ).toEqual(
      invalid("/http/routers/a/entryPoints", '"http.routers.a.entryPoints" must be a list (a mapping given)'),
    );
  });

  it("reads numbers given as text, and refuses what is no whole number", () => {
    const weight = (w: string) =>
      check(`http:\n  services: {s: {loadBalancer: {servers: [{url: 'http://a', weight: ${w}}]}}}\n`);
    expect(weight("'12'").config?.http?.services?.["s"]?.loadBalancer?.servers?.[0]?.weight).toBe(12);
    expect(weight("-1").problems).toEqual([]);
    for (const bad of ["1.5", "'12x'", "'1.'", "'.5e3'", "'inf'", "'nan'"])
      expect(weight(bad)).toEqual(
        invalid(
          "/http/services/s/loadBalancer/servers/0/weight",
          `"http.services.s.loadBalancer.servers.0.weight" must be a whole number (${JSON.stringify(bad.replace(/'/g, ""))} given)`,
        ),
      );
  });

  it("refuses a number past its field's 64 bits", () => {
    expect(
      check("http:\n  middlewares: {m: {buffering: {maxRequestBodyBytes: 9999999999999999999}}}\n"),
    ).toEqual(
      invalid(
        "/http/middlewares/m/buffering/maxRequestBodyBytes",
        '"http.middlewares.m.buffering.maxRequestBodyBytes" is out of range (10000000000000000000)',
      ),
    );
    expect(
      check("http:\n  middlewares: {m: {buffering: {maxRequestBodyBytes: 9007199254740991}}}\n").problems,
    ).toEqual([]);
  });

  it("names an unknown key with the field it most likely meant", () => {
    expect(check("http:\n  middlewares: {m: {rateLimit: {avrage: 1}}}\n")).toEqual(
      invalid(
        "/http/middlewares/m/rateLimit/avrage",
        'unknown key "avrage" in "http.middlewares.m.rateLimit" (did you mean "average"?)',
      ),
    );
    expect(check("http:\n  middlewares: {m: {rateLimit: {zzzzzzzz: 1}}}\n").problems[0]?.[2]).toBe(
      'not a valid Traefik v3 dynamic configuration: unknown key "zzzzzzzz" in "http.middlewares.m.rateLimit"',
    );
  });
});
