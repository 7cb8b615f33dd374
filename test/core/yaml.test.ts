/**
 * YAML as Traefik's yaml.v3 reads a hand-written file: the first document only (and how many there
 * were), YAML 1.1 merge keys, duplicate keys refused, aliases expanded with a bound, and every
 * path located on its line and column.
 */
import { describe, expect, it } from "vitest";
import { MAX_ALIAS_COUNT, parseYaml } from "../../src/core/yaml/document.js";

describe("parseYaml", () => {
  it("reads the first document and counts the others, not a trailing empty one", () => {
    expect(parseYaml("a: 1\n")).toMatchObject({ value: { a: 1 }, errors: [], documents: 1 });
    const two = parseYaml("a: 1\n---\nb: 2\n");
    expect(two).toMatchObject({ value: { a: 1 }, documents: 2 });
    expect(parseYaml("a: 1\n---\n").documents).toBe(1);
    expect(parseYaml("a: 1\n---\n---\nb: 1\n").documents).toBe(2);
    expect(parseYaml("a: 1\n--- null\n").documents).toBe(2);
  });

  it("reads merge keys, as yaml.v3 does", () => {
    expect(parseYaml("base: &b {x: 1}\nthis:\n  <<: *b\n  y: 2\n").value).toEqual({
      base: { x: 1 },
      this: { x: 1, y: 2 },
    });
  });

  it("refuses a key given twice, on its line, with one line of message", () => {
    const doc = parseYaml("a: 1\nb: 2\na: 3\n");
    expect(doc.value).toBeUndefined();
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]).toMatchObject({ line: 3, column: 1 });
    expect(doc.errors[0]!.message).not.toContain("\n");
  });

  it("refuses a file that expands aliases past the bound (a 'billion laughs'), saying the bound", () => {
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 6; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const doc = parseYaml(`${laughs.join("\n")}\n`);
    expect(doc.value).toBeUndefined();
    expect(doc.errors).toEqual([
      {
        message: expect.stringContaining(`(at most ${MAX_ALIAS_COUNT} alias expansions)`),
        line: 1,
        column: 1,
      },
    ]);
  });

  it("locates a key, a value inside it, a list item, and the deepest part that exists", () => {
    const doc = parseYaml(
      "http:\n  routers:\n    app:\n      rule: x\n      entryPoints:\n        - web\n        - websecure\n    empty:\n",
    );
    expect(doc.locate("")).toEqual({ line: 1, column: 1 });
    expect(doc.locate("/http/routers/app")).toEqual({ line: 3, column: 5 });
    expect(doc.locate("/http/routers/app/rule")).toEqual({ line: 4, column: 7 });
    expect(doc.locate("/http/routers/app/entryPoints/1")).toEqual({ line: 7, column: 11 });
    expect(doc.locate("/http/routers/app/entryPoints/5")).toEqual({ line: 6, column: 9 });
    expect(doc.locate("/http/routers/missing/rule")).toEqual({ line: 3, column: 5 });
    expect(doc.locate("/http/routers/empty/rule")).toEqual({ line: 8, column: 5 });
    expect(parseYaml("a:\n").locate("/a/b")).toEqual({ line: 1, column: 1 });
    expect(doc.locate("/http/routers/app/rule/deeper")).toEqual({ line: 4, column: 13 });
  });

  it("reads ~1 and ~0 in a pointer as / and ~", () => {
    expect(parseYaml('m:\n  "a/b~c": 1\n').locate("/m/a~1b~0c")).toEqual({ line: 2, column: 3 });
  });

  it("passes on the parser's warnings with their place", () => {
    const doc = parseYaml("%FOO bar\n---\na: 1\n");
    expect(doc.warnings.length + doc.errors.length).toBeGreaterThan(0);
  });
});
