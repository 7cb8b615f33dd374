import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locatePointer } from "../../src/core/json/locate.js";
import { parseJson } from "../../src/core/json/parse.js";

describe("parseJson", () => {
  it("parses what JSON.parse parses, to the same value", () => {
    const text = JSON.stringify(
      { a: [1, -2.5e3, true, false, null, 'x"y\\z\n\u2028é'], b: { c: {} }, d: [] },
      null,
      2,
    );
    expect(parseJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it("accepts a UTF-8 byte order mark", () => {
    expect(parseJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it("rejects a duplicate key with the key's position and the object's pointer", () => {
    const result = parseJson('{\n  "x": {\n    "port": 1,\n    "port": 2\n  }\n}');
    expect(result).toMatchObject({
      ok: false,
      error: { line: 4, column: 5, pointer: "/x", message: expect.stringContaining('duplicate key "port"') },
    });
  });

  it.each([
    ["", 1, 1, /empty/],
    ["   \n ", 1, 1, /empty/],
    ['{"a": 1,}', 1, 9, /trailing comma/],
    ['{"a": 1} x', 1, 10, /after the end/],
    ['{"a": "b\nc"}', 1, 9, /control character/],
    ["{'a': 1}", 1, 2, /quoted property name/],
    ['{"a": 01}', 1, 8, /expected "," or "}"/],
    ['{"a": tru}', 1, 7, /expected a JSON value/],
    ['{"a": "\\x"}', 1, 8, /invalid escape/],
    ['{"a": [1, 2}', 1, 12, /expected "," or "]"/],
    ['{"a": "unterminated}', 1, 7, /unterminated string/],
  ])("rejects %j at line %i, column %i", (text, line, column, message) => {
    const result = parseJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(message);
      expect([result.error.line, result.error.column]).toEqual([line, column]);
    }
  });

  it("keeps a key named __proto__ as data", () => {
    const result = parseJson('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    const result = parseJson("[".repeat(100_000));
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("nesting deeper") },
    });
  });
});

describe("locatePointer", () => {
  const text =
    '{\n  "lxc_configs": {\n    "801": {\n      "name": "a/b",\n      "ports": ["8000:8000", "9000:9000"]\n    }\n  }\n}';
  it.each([
    ["", 1, 1],
    ["/lxc_configs/801", 3, 12],
    ["/lxc_configs/801/name", 4, 15],
    ["/lxc_configs/801/ports/1", 5, 30],
    ["/lxc_configs/999", 2, 18],
  ])("finds %s at %i:%i", (pointer, line, column) => {
    expect(locatePointer(text, pointer)).toEqual({ line, column });
  });
});

describe("parseJson with a keep function", () => {
  const keep = (path: readonly string[]) => path[0] !== "secret";

  it("does not build the values it is told to skip", () => {
    expect(parseJson('{"a": 1, "secret": {"hash": "x", "list": [1, {"b": 2}]}, "c": [true]}', keep)).toEqual({
      ok: true,
      value: { a: 1, c: [true] },
    });
  });

  it("still rejects duplicate keys and bad syntax inside skipped values", () => {
    expect(parseJson('{"secret": {"k": 1, "k": 2}}', keep)).toMatchObject({
      ok: false,
      error: { pointer: "/secret", message: expect.stringContaining("duplicate key") },
    });
    expect(parseJson('{"secret": [1, 2,]}', keep)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("trailing comma") },
    });
  });

  // Regression: searching for a backslash from every string start made parsing quadratic.
  it("decodes an escape that comes after many strings without one", () => {
    const text = `{"list": [${Array.from({ length: 2000 }, (_, i) => `"s${i}"`).join(",")}], "tail": "a\\"b"}`;
    expect(parseJson(text)).toMatchObject({ ok: true, value: { tail: 'a"b' } });
  });
});

describe("locatePointer, through every kind of value", () => {
  // Minified and pretty, with strings holding brackets, quotes and commas, numbers, literals,
  // nested arrays and objects before the member looked for: none of them may throw it off.
  const text =
    '\uFEFF{"a":"x\\"}],{[","n":-1.5e3,"t":true,"z":null,"arr":[[1,[2]],{"k":"]"},"last"],\r\n\t"obj":{"a~b":{"c/d":7}},"e":{}}';
  it.each([
    ["/arr/2", 1, 71],
    ["/arr/1/k", 1, 66],
    ["/obj/a~0b/c~1d", 2, 22],
    ["/e", 2, 30],
    ["/n", 1, 21],
    ["/z", 1, 41],
  ])("finds %s at %i:%i", (pointer, line, column) => {
    expect(locatePointer(text, pointer)).toEqual({ line, column });
  });

  it("stops at the deepest value it can reach: a missing member, an index past the end, a scalar", () => {
    expect(locatePointer(text, "/obj/missing/x")).toEqual({ line: 2, column: 8 });
    expect(locatePointer(text, "/arr/9")).toEqual({ line: 1, column: 52 });
    expect(locatePointer(text, "/n/0")).toEqual({ line: 1, column: 21 });
  });

  it("counts lines at \\n and columns in UTF-16 units from each line's start", () => {
    expect(locatePointer('{\n\n  "é😀": 1, "x": 2}', "/x")).toEqual({ line: 3, column: 18 });
  });
});

/**
 * JSON.parse (ECMA-404, as V8 implements it) is the judge of what JSON is: on any JSON text and
 * on any damaged one, parseJson says yes exactly when it does, to the same value. The only
 * difference is deliberate: a key given twice is refused (JSON.parse keeps the last one silently).
 */
describe("parseJson, held to JSON.parse", () => {
  /** Does a text JSON.parse accepts give some object a key twice? (Strings are read whole.) */
  const hasDuplicateKey = (text: string) => {
    const open: (Set<string> | null)[] = [];
    for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"(\s*:)?|[{}[\]]/g)) {
      if (m[0] === "{") open.push(new Set());
      else if (m[0] === "[") open.push(null);
      else if (m[0] === "}" || m[0] === "]") open.pop();
      else if (m[1] !== undefined) {
        const key = JSON.parse(m[0].slice(0, m[0].length - m[1].length)) as string;
        const keys = open.at(-1);
        if (keys?.has(key) === true) return true;
        keys?.add(key);
      }
    }
    return false;
  };
  const judge = (text: string): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false };
    }
  };

  it("reads every JSON text to the value JSON.parse gives", () => {
    fc.assert(
      // Strings of any UTF-16 units, so control characters, quotes and lone surrogates come
      // escaped (\b \f \n \r \t \" \\ \u001f \ud800) as JSON.stringify writes them.
      fc.property(
        fc.jsonValue({ stringUnit: "binary" }),
        fc.constantFrom(undefined, 1, "\t"),
        (value, space) => {
          const text = JSON.stringify(value, null, space);
          const ours = parseJson(text);
          expect(ours.ok).toBe(true);
          if (ours.ok) expect(ours.value).toStrictEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300, seed: 19 },
    );
  });

  it("refuses exactly the damaged texts JSON.parse refuses (and keys given twice)", () => {
    const damage = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 3 }),
      insert: fc.constantFrom(
        "",
        ",",
        "}",
        "]",
        "{",
        "[",
        '"',
        ":",
        "\\",
        "-",
        "0",
        "e",
        "1.",
        " ",
        "\n",
        "\u0001",
        "t",
        "n",
      ),
    });
    fc.assert(
      fc.property(fc.json(), damage, (json, { at, cut, insert }) => {
        const i = json.length === 0 ? 0 : at % json.length;
        const text = json.slice(0, i) + insert + json.slice(i + cut);
        if (text.trim() === "") return;
        const expected = judge(text);
        const ours = parseJson(text);
        if (expected.ok && hasDuplicateKey(text)) expect(ours.ok).toBe(false);
        else {
          expect(ours.ok, text).toBe(expected.ok);
          if (ours.ok && expected.ok) expect(ours.value).toStrictEqual(expected.value);
        }
        if (!ours.ok) {
          expect(ours.error.line).toBeGreaterThanOrEqual(1);
          expect(ours.error.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2_000, seed: 23 },
    );
  });
});

describe("parseJson's strings and numbers, as RFC 8259 writes them", () => {
  it.each([
    ['"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\/\b\f\n\r\t'],
    ['"\\u0041\\u00e9\\u00E9\\ud83d\\ude00"', "Aéé\u{1F600}"],
    ['"a\\u0062c"', "abc"],
    ['"\\u0000x"', "\u0000x"],
    ['"plain" ', "plain"],
  ])("decodes %s", (text, value) => {
    expect(parseJson(text)).toEqual({ ok: true, value: JSON.parse(text) as unknown });
    expect(JSON.parse(text)).toBe(value);
  });

  it.each(["1e5", "1E5", "1e+5", "1e-5", "-0.5e10", "2.5E-3", "0", "-0", "10", "1e10"])(
    "reads the number %s as JSON.parse does",
    (text) => {
      expect(parseJson(`[${text}]`)).toEqual({ ok: true, value: [JSON.parse(text) as unknown] });
    },
  );

  it.each(["1e", "1e+", "1E-", "1.e3", "1.5e", ".5", "+1", "01", "1ex"])("refuses the number %s", (text) => {
    expect(parseJson(`[${text}]`).ok).toBe(false);
  });

  it.each([
    ['"\\u12"', 1, 2],
    ['"\\u12345"', 1, 0],
    ['"\\uG123"', 1, 2],
    ['"\\u123G"', 1, 2],
    ['"ab\\u"', 1, 4],
  ])("checks the four hex digits of %s", (text, _line, column) => {
    const result = parseJson(text);
    if (column === 0) expect(result).toEqual({ ok: true, value: JSON.parse(text) as unknown });
    else
      expect(result).toMatchObject({
        ok: false,
        error: { line: 1, column, message: "invalid \\u escape: four hex digits expected" },
      });
  });

  it("places a raw control character inside a string, before or after an escape", () => {
    expect(parseJson('["ab\u001f"]')).toMatchObject({ ok: false, error: { column: 5 } });
    expect(parseJson('["ab\u0020"]')).toEqual({ ok: true, value: ["ab "] });
    expect(parseJson('["\\n\u0001"]')).toMatchObject({ ok: false, error: { column: 5 } });
    expect(parseJson('["x", "\\t", "a\tb"]')).toMatchObject({ ok: false, error: { column: 15 } });
  });

  it("finds an escape in a later string after strings without one, and none after the last", () => {
    expect(parseJson('["a", "b\\nc", "d", "e\\"f", "g"]')).toEqual({
      ok: true,
      value: ["a", "b\nc", "d", 'e"f', "g"],
    });
    expect(parseJson('["a\\\\", "b", "c"]')).toEqual({ ok: true, value: ["a\\", "b", "c"] });
  });

  it("says where an unterminated string with an escape began", () => {
    expect(parseJson('{"k": "ab\\n')).toMatchObject({
      ok: false,
      error: { line: 1, column: 7, message: "unterminated string" },
    });
    expect(parseJson('{"k": "a\\"')).toMatchObject({
      ok: false,
      error: { column: 7, message: "unterminated string" },
    });
  });

  it("reports a control character, not the space before it", () => {
    expect(parseJson('["a b\u0001"]')).toMatchObject({ ok: false, error: { column: 6 } });
    expect(parseJson('["a\\n b\u0001"]')).toMatchObject({ ok: false, error: { column: 8 } });
  });

  it("gives no pointer for an error outside any object member, and the array index inside one", () => {
    const outside = parseJson("[1,]");
    expect(outside.ok === false && "pointer" in outside.error).toBe(false);
    expect(parseJson('{"list": [{}, {"a": 1, "a": 2}]}')).toMatchObject({
      ok: false,
      error: { pointer: "/list/1" },
    });
  });

  it("keeps __proto__ as an ordinary, writable and deletable member", () => {
    const result = parseJson('{"__proto__": 1}');
    expect(result.ok && Object.getOwnPropertyDescriptor(result.value, "__proto__")).toEqual({
      value: 1,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });

  it("lets a keep function's own failure through, as it is no syntax error", () => {
    expect(() =>
      parseJson('{"a": 1}', () => {
        throw new RangeError("keep failed");
      }),
    ).toThrow("keep failed");
  });

  it("builds nothing inside a value it skipped, even where keep would say yes", () => {
    const keep = (path: readonly string[]) => !(path.length === 1 && path[0] === "secret");
    expect(parseJson('{"secret": {"a": {"b": 1}}, "c": 2}', keep)).toEqual({ ok: true, value: { c: 2 } });
  });

  it("says which escape is invalid, and a lone backslash at the end", () => {
    expect(parseJson('["\\q"]')).toMatchObject({
      ok: false,
      error: { message: "invalid escape \\q in string" },
    });
  });

  it("gives the pointer of a duplicate key in nested objects, escaping ~ and /", () => {
    expect(parseJson('{"a/b": {"c~d": {"x": 1, "x": 2}}}')).toMatchObject({
      ok: false,
      error: { pointer: "/a~1b/c~0d" },
    });
  });

  it("counts nesting depth through objects: 256 levels read, 257 refused", () => {
    const nest = (n: number) => '{"a":'.repeat(n - 1) + "{}" + "}".repeat(n - 1);
    expect(parseJson(nest(256)).ok).toBe(true);
    expect(parseJson(nest(257))).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("nesting deeper") },
    });
  });
});

describe("parseJson's messages", () => {
  it.each([
    ['{"a": ', "expected a JSON value, found end of file"],
    ['{"a":\n', "expected a JSON value, found end of file"],
    ['{"a" 1}', 'expected ":" after property name, found character "1"'],
    ['{"a"\n\t 1', 'expected ":" after property name, found character "1"'],
    ['{"a": 1}\n}', 'unexpected character "}" after the end of the JSON value'],
    ['{"a": 1 "b": 2}', 'expected "," or "}" after a property value, found character "\\""'],
    ['{"a": "\\u12G4"}', "invalid \\u escape: four hex digits expected"],
    ['{"a": "\\', "unterminated string"],
    ["[1,]", 'trailing comma before "]" is not allowed in JSON'],
  ])("%j: %s", (text, message) => {
    const result = parseJson(text);
    expect(result.ok ? "parsed" : result.error.message).toMatch(
      message.startsWith('expected ","')
        ? /^expected "," or "}"/
        : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
    );
  });

  it("places a problem on its line and column, counting \\r\\n as one line break", () => {
    const result = parseJson('{\r\n  "a": 1,\r\n  "b" 2\r\n}');
    expect(result.ok ? undefined : [result.error.line, result.error.column]).toEqual([3, 7]);
  });

  it("allows nesting to 256 levels and refuses one level more", () => {
    expect(parseJson(`${"[".repeat(256)}${"]".repeat(256)}`).ok).toBe(true);
    expect(parseJson(`${"[".repeat(257)}${"]".repeat(257)}`)).toMatchObject({
      ok: false,
      error: { message: "nesting deeper than 256 levels" },
    });
  });
});
