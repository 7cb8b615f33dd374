/**
 * How a value in a file becomes a field's value, as paerser (Traefik's decoder) does it:
 * strconv.ParseBool, ParseInt(value, 10, bits) and ParseUint for whole numbers, ParseFloat, and
 * for durations ParseInt (a number of the field's unit: seconds for ptypes.Duration, nanoseconds
 * for time.Duration) else time.ParseDuration (github.com/traefik/paerser parser/element_fill.go,
 * v0.2.2). A table of one field per kind stands in for Traefik's types.
 */
import { describe, expect, it } from "vitest";
import { readDynamicShape, type TypeTable } from "../../src/domain/traefik/dynamic-schema.js";

const TABLE: TypeTable = {
  traefik: "test",
  root: "scalars.Root",
  types: {
    "scalars.Root": {
      kind: "struct",
      fields: {
        Flag: { json: "flag", type: "scalars.bool" },
        Count: { json: "count", type: "scalars.int64" },
        Port: { json: "port", type: "scalars.uint16" },
        Small: { json: "small", type: "scalars.int8" },
        Ratio: { json: "ratio", type: "scalars.float64" },
        Wait: { json: "wait", type: "scalars.seconds" },
        Tick: { json: "tick", type: "scalars.nanoseconds" },
        Name: { json: "name", type: "scalars.string" },
      },
    },
    "scalars.bool": { kind: "bool" },
    "scalars.int64": { kind: "int", bits: 64 },
    "scalars.uint16": { kind: "int", bits: 16, unsigned: true },
    "scalars.int8": { kind: "int", bits: 8 },
    "scalars.float64": { kind: "float", bits: 64 },
    "scalars.seconds": { kind: "duration", unit: "s" },
    "scalars.nanoseconds": { kind: "duration", unit: "ns" },
    "scalars.string": { kind: "string" },
  },
};

const read = (key: string, value: unknown) => {
  const r = readDynamicShape({ [key]: value }, TABLE);
  return r.problems.length > 0
    ? { problem: r.problems.map((p) => `${p.pointer} ${p.message}`).join("; ") }
    : { value: r.value[key] };
};

describe("booleans: strconv.ParseBool", () => {
  it.each(["1", "t", "T", "TRUE", "true", "True"])("reads %j as true", (text) =>
    expect(read("flag", text)).toEqual({ value: true }),
  );
  it.each(["0", "f", "F", "FALSE", "false", "False"])("reads %j as false", (text) =>
    expect(read("flag", text)).toEqual({ value: false }),
  );
  it.each(["yes", "TRue", "on", " true", ""])("refuses %j", (text) =>
    expect(read("flag", text)).toEqual({ problem: `/flag "flag" must be true or false ("${text}" given)` }),
  );
  it("takes a YAML boolean as it is", () => expect(read("flag", false)).toEqual({ value: false }));
});

describe("whole numbers: ParseInt / ParseUint, base 10, by the field's size", () => {
  it("reads signed numbers with a sign, within the field's bits", () => {
    expect(read("count", "+5")).toEqual({ value: 5 });
    expect(read("count", "-9223372036854775808")).toEqual({ value: -9223372036854775808 });
    expect(read("small", "127")).toEqual({ value: 127 });
    expect(read("small", "-128")).toEqual({ value: -128 });
    expect(read("small", 127)).toEqual({ value: 127 });
    expect(read("small", -128)).toEqual({ value: -128 });
  });
  it("refuses a number out of the field's range, written or as a YAML number", () => {
    expect(read("small", "128")).toEqual({ problem: '/small "small" is out of range (128)' });
    expect(read("small", "-129")).toEqual({ problem: '/small "small" is out of range (-129)' });
    expect(read("small", 128)).toEqual({ problem: '/small "small" is out of range (128)' });
    expect(read("count", "9223372036854775808")).toEqual({
      problem: '/count "count" is out of range (9223372036854775808)',
    });
    expect(read("port", "65535")).toEqual({ value: 65535 });
    expect(read("port", "65536")).toEqual({ problem: '/port "port" is out of range (65536)' });
  });
  it("refuses what base 10 does not read: spaces, fractions, hex, underscores, and a sign on an unsigned field", () => {
    for (const text of [" 5", "5 ", "1.5", "0x10", "1_000", "", "five"])
      expect(read("count", text)).toEqual({
        problem: `/count "count" must be a whole number ("${text}" given)`,
      });
    for (const text of ["-1", "+5"])
      expect(read("port", text)).toEqual({
        problem: `/port "port" must be a whole number ≥ 0 ("${text}" given)`,
      });
    expect(read("port", -1)).toEqual({ problem: '/port "port" must be a whole number ≥ 0 ("-1" given)' });
    expect(read("count", 1.5)).toEqual({ problem: '/count "count" must be a whole number ("1.5" given)' });
  });
});

describe("floats: ParseFloat", () => {
  it.each([
    ["1.5", 1.5],
    ["-.5", -0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["1E-2", 0.01],
    ["Inf", Infinity],
    ["-infinity", -Infinity],
  ])("reads %j", (text, value) => expect(read("ratio", text)).toEqual({ value }));
  it("reads NaN in any case", () =>
    expect(Number.isNaN((read("ratio", "nan") as { value: number }).value)).toBe(true));
  it.each([" 1.5", "1.5 ", "", "1,5", "0x10", "1_000.5", "e5", "1e"])("refuses %j", (text) =>
    expect(read("ratio", text)).toEqual({ problem: `/ratio "ratio" must be a number ("${text}" given)` }),
  );
});

describe("durations: a number of the field's unit, or time.ParseDuration", () => {
  it("keeps a bare number as the number of the field's unit", () => {
    expect(read("wait", "30")).toEqual({ value: 30 });
    expect(read("wait", 30)).toEqual({ value: 30 });
    expect(read("tick", "-5")).toEqual({ value: -5 });
  });
  it.each(["10s", "1m30s", "1.5h", ".5s", "1.s", "300ms", "2us", "2µs", "-1h", "+2m", "1h2m3s4ms5us6ns"])(
    "reads %j",
    (text) => expect(read("wait", text)).toEqual({ value: text }),
  );
  it.each(["ten seconds", "10 s", " 10s", "10s ", "1d", "s", ""])(
    "refuses %j, naming the unit of a bare number",
    (text) =>
      expect(read("wait", text)).toEqual({
        problem: `/wait "wait" must be a duration such as 10s, 1m30s or a number of seconds ("${text}" given)`,
      }),
  );
  it("says nanoseconds for a time.Duration field", () =>
    expect(read("tick", "soon")).toEqual({
      problem: '/tick "tick" must be a duration such as 10s, 1m30s or a number of nanoseconds ("soon" given)',
    }));
  it("refuses a fraction without a unit", () =>
    expect(read("wait", "1.5")).toEqual({
      problem: '/wait "wait" must be a duration such as 10s, 1m30s or a number of seconds ("1.5" given)',
    }));
});

describe("any scalar field", () => {
  it("refuses a list or a mapping", () => {
    expect(read("name", ["a"])).toEqual({ problem: '/name "name" must be a single value (a list given)' });
    expect(read("count", { a: 1 })).toEqual({
      problem: '/count "count" must be a single value (a mapping given)',
    });
  });
  it("reads a string field's number as its text", () =>
    expect(read("name", 8080)).toEqual({ value: "8080" }));
});
