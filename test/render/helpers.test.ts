// The helpers every scalar leaves a template through. What they must guarantee comes from YAML 1.2
// (a double-quoted scalar is a JSON string; a flow sequence of them is a JSON array) and from
// Traefik running dynamic files through Go templates (no "{{" may reach the file).
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bool, comment, HelperError, json, list, quote } from "../../src/domain/render/helpers.js";

/** What a YAML parser reads back from `key: <scalar>`. */
const readBack = (scalar: string): unknown => (parse(`key: ${scalar}\n`) as { key: unknown }).key;

describe("q", () => {
  it.each([
    "plain",
    "Host(`a.lan`) || Host(`b.lan`)",
    'a "quoted" \\ value',
    "line\nbreak\ttab",
    "# not a comment",
    "key: value",
    "- item",
    "{{ .Env.X }}",
    "yes",
    "null",
    "123",
    "é ✓",
    "",
  ])("keeps %j one scalar, read back unchanged as a string", (value) => {
    expect(readBack(quote(value))).toBe(value);
  });

  it("prints numbers and booleans as themselves", () => {
    expect(quote(8080)).toBe("8080");
    expect(quote(-1.5)).toBe("-1.5");
    expect(quote(true)).toBe("true");
    expect(quote(false)).toBe("false");
  });

  it.each([
    [undefined, true, /undefined \(a missing field\?\)/],
    [null, false, /null/],
    [{ a: 1 }, false, /an object/],
    [["a"], false, /an array/],
    [Number.NaN, false, /number/],
    [Number.POSITIVE_INFINITY, false, /number/],
    [() => 1, false, /got a function/],
    [Symbol("x"), false, /got symbol \?/],
  ])("refuses %j, saying what it got (missing: %s)", (value, missing, message) => {
    let thrown: unknown;
    try {
      quote(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HelperError);
    expect((thrown as HelperError).missing).toBe(missing);
    expect((thrown as HelperError).message).toMatch(message);
  });
});

describe("list", () => {
  it("is a flow sequence of quoted scalars that reads back as the list", () => {
    const values = ["web", "websecure", "a, b", "]", "x\ny"];
    expect(list(values)).toBe('["web", "websecure", "a, b", "]", "x\\ny"]');
    expect(readBack(list(values))).toEqual(values);
    expect(list([])).toBe("[]");
    expect(readBack(list([]))).toEqual([]);
  });

  it("refuses what is not an array, and an element q refuses", () => {
    expect(() => list("web")).toThrow(/list expects an array, got string "web"/);
    expect(() => list(undefined)).toThrow(expect.objectContaining({ missing: true }));
    expect(() => list("web")).toThrow(expect.objectContaining({ missing: false }));
    expect(() => list([{}])).toThrow(/q expects/);
  });
});

describe("json", () => {
  it("prints any value in flow style, read back equal", () => {
    const value = { ipAllowList: { sourceRange: ["10.0.0.0/24"] }, n: 1, t: true, z: null, s: "a: b" };
    expect(readBack(json(value))).toEqual(value);
  });
  it("refuses undefined as a missing field", () => {
    expect(() => json(undefined)).toThrow(
      expect.objectContaining({ missing: true, message: "json expects a value, got undefined" }),
    );
    expect(json(null)).toBe("null");
  });
});

describe("bool", () => {
  it("prints true and false, and refuses anything else", () => {
    expect(bool(true)).toBe("true");
    expect(bool(false)).toBe("false");
    expect(() => bool("true")).toThrow(/bool expects true or false, got string "true"/);
    expect(() => bool(undefined)).toThrow(expect.objectContaining({ missing: true }));
    expect(() => bool(1)).toThrow(expect.objectContaining({ missing: false }));
  });
});

describe("comment", () => {
  it("joins strings and numbers with spaces, leaving out other values", () => {
    expect(comment("from", "lxc", 914, "ollama-gpu0", "via", "ports")).toBe(
      "# from lxc 914 ollama-gpu0 via ports",
    );
    expect(comment("a", undefined, null, { x: 1 }, "b")).toBe("# a b");
    expect(comment("a", "", "b")).toBe("# a  b");
    expect(comment()).toBe("# ");
  });

  it("cannot end its line, open a Go template, or carry non-ASCII", () => {
    const text = comment("evil\nkey: value", "{{ .Env.TOKEN }}", "café");
    expect(text).toBe("# evil?key: value ?? .Env.TOKEN ?? caf?");
    expect(parse(`a: 1 ${text}\n`)).toEqual({ a: 1 });
  });
});
