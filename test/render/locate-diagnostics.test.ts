/** Diagnostics that carry a file and a JSON pointer get the line and column of that place. */
import { describe, expect, it } from "vitest";
import { builtinTemplates, BUILTIN_TEMPLATES_LABEL } from "../../src/domain/render/builtin-templates.js";
import { jsonLocator, locateDiagnostics, yamlLocator } from "../../src/domain/render/locate-diagnostics.js";

describe("locateDiagnostics", () => {
  const locators = new Map([
    ["inv.json", jsonLocator('{\n  "a": {\n    "b": 1\n  }\n}')],
    ["pm.yaml", yamlLocator("a:\n  b: 1\n")],
  ]);
  const d = { severity: "error" as const, code: "x", message: "m" };

  it("places a diagnostic in the file it names, JSON or YAML", () => {
    expect(locateDiagnostics([{ ...d, file: "inv.json", pointer: "/a/b" }], locators)).toEqual([
      { ...d, file: "inv.json", pointer: "/a/b", line: 3, column: 10 },
    ]);
    expect(locateDiagnostics([{ ...d, file: "pm.yaml", pointer: "/a/b" }], locators)).toEqual([
      { ...d, file: "pm.yaml", pointer: "/a/b", line: 2, column: 3 },
    ]);
  });

  it("leaves alone one already placed, one without a file or pointer, and one in a file it cannot read", () => {
    const placed = { ...d, file: "inv.json", pointer: "/a", line: 9, column: 9 };
    const noFile = { ...d, pointer: "/a" };
    const noPointer = { ...d, file: "inv.json" };
    const unknown = { ...d, file: "other.json", pointer: "/a" };
    expect(locateDiagnostics([placed, noFile, noPointer, unknown], locators)).toEqual([
      placed,
      noFile,
      noPointer,
      unknown,
    ]);
  });
});

describe("builtinTemplates", () => {
  it("has the main template and its partials by name, each labelled where it lies in the package", () => {
    const set = builtinTemplates();
    expect(set.main.name).toBe("dynamic_conf.yml.hbs");
    expect(set.main.path).toBe(`${BUILTIN_TEMPLATES_LABEL}/dynamic_conf.yml.hbs`);
    expect(BUILTIN_TEMPLATES_LABEL).toBe("phoenix-mesh/templates");
    expect(set.partials.length).toBeGreaterThan(0);
    for (const p of set.partials) {
      expect(p.name).not.toMatch(/\.hbs$|\//);
      expect(p.path).toBe(`${BUILTIN_TEMPLATES_LABEL}/partials/${p.name}.hbs`);
      expect(p.spec).toBeDefined();
    }
    expect(set.partials).not.toContain(set.main);
  });
});
