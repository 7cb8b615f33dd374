/** The fast YAML reader for large generated files (js-yaml), and when it hands a text to the careful one. */
import { describe, expect, it } from "vitest";
import { hasAliases, parseYamlFast } from "../../src/core/yaml/fast.js";

describe("hasAliases", () => {
  it.each([
    ["a: *x", true],
    ["- *x", true],
    ["[*x]", true],
    ["{a: *x}", true],
    ["a: [1, *x]", true],
    ["*x: 1", true],
  ])("sees the alias in %j", (text, expected) => {
    expect(hasAliases(text)).toBe(expected);
  });

  it.each(["a: 1", "rule: Host(`*.lan`)", "a: '*'", "a: b*c", "a: * ", "a: *\n", "- *"])(
    "sees none in %j",
    (text) => {
      expect(hasAliases(text)).toBe(false);
    },
  );
});

describe("parseYamlFast", () => {
  it("reads YAML with the core schema: a date stays text, as yaml.v3 reads into an interface", () => {
    expect(parseYamlFast("a: 2024-01-01\nc: true\nd: ~\n")).toEqual({
      ok: true,
      value: { a: "2024-01-01", c: true, d: null },
    });
  });

  it("places an error on its 1-based line and column", () => {
    expect(parseYamlFast("a: 1\nb: [1, 2\n")).toMatchObject({ ok: false, line: 3, column: 1 });
    const duplicate = parseYamlFast("a: 1\na: 2\n");
    expect(duplicate).toMatchObject({
      ok: false,
      message: expect.stringMatching(/duplicated mapping key/),
      line: 2,
      column: 1,
    });
  });
});
