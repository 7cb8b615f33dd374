/**
 * Schema problems in words a user acts on: ajv's errors turned into `{pointer, message}`, one per
 * problem, for each keyword the schemas (schemas/*.schema.json) use.
 */
import { describe, expect, it } from "vitest";
import { validateAgainst } from "../../src/core/schema/validator.js";

const settings = (value: unknown) => validateAgainst("settings", value);

describe("validateAgainst", () => {
  it("finds nothing wrong with a valid document", () => {
    expect(settings({ inventory: "inventory", deploy: { reload: "watch", keep_backups: 5 } })).toEqual([]);
  });

  it("names an unknown field with the fields allowed there", () => {
    const [problem] = settings({ deploy: { relaod: "watch" } });
    expect(problem?.pointer).toBe("/deploy/relaod");
    expect(problem?.message).toMatch(/^unknown field "relaod"; allowed here: .*\breload\b/);
  });

  it("says what type a value must be, and what it found", () => {
    expect(settings({ deploy: { keep_backups: "5" } })).toEqual([
      { pointer: "/deploy/keep_backups", message: '"keep_backups" must be an integer, found the string "5"' },
    ]);
    expect(settings({ entry_points: { a: 1 } })[0]?.message).toBe(
      '"entry_points" must be an array, found an object',
    );
    expect(settings({ domain: null })[0]?.message).toBe('"domain" must be a string, found null');
    expect(settings({ domain: 3 })[0]?.message).toBe('"domain" must be a string, found the number 3');
    expect(settings({ domain: ["a"] })[0]?.message).toBe('"domain" must be a string, found an array');
    expect(settings({ domain: true })[0]?.message).toBe('"domain" must be a string, found boolean true');
    expect(settings("text")[0]).toEqual({
      pointer: "",
      message: 'the value must be an object, found the string "text"',
    });
  });

  it("gives the allowed values of an enum", () => {
    expect(settings({ deploy: { reload: "hup" } })).toEqual([
      { pointer: "/deploy/reload", message: '"reload" is "hup"; allowed: "watch", "sighup", "restart"' },
    ]);
  });

  it("says a number is out of range, with the bound", () => {
    expect(settings({ deploy: { keep_backups: 0 } })).toEqual([
      { pointer: "/deploy/keep_backups", message: '"keep_backups" is 0; it must be >= 1' },
    ]);
    expect(settings({ deploy: { keep_backups: 1001 } })[0]?.message).toBe(
      '"keep_backups" is 1001; it must be <= 1000',
    );
    expect(settings({ deploy: { timeout: 0 } })[0]?.message).toBe('"timeout" is 0; it must be > 0');
  });

  it("shows the form a string must match", () => {
    expect(settings({ deploy: { target: "http://x" } })).toEqual([
      {
        pointer: "/deploy/target",
        message: '"target" "http://x" does not match the expected form ^(pct|ssh|file|redis|rediss)://',
      },
    ]);
  });

  it("names a key that is not allowed, an empty list and an empty string", () => {
    expect(settings({ middlewares: { "bad name": {} } })).toContainEqual({
      pointer: "/middlewares",
      message: 'a key in "middlewares" is not allowed: "bad name"',
    });
    expect(settings({ entry_points: [] })).toEqual([
      { pointer: "/entry_points", message: '"entry_points" must not be empty' },
    ]);
    expect(settings({ routes: [{ hosts: ["a.lan"], url: "http://x:1", name: "" }] })).toContainEqual({
      pointer: "/routes/0/name",
      message: '"name" must not be an empty string',
    });
  });

  it("names a missing required field", () => {
    expect(settings({ routes: [{ url: "http://x:1" }] })).toContainEqual({
      pointer: "/routes/0",
      message: 'missing required field "hosts"',
    });
  });

  it("reads ~0 and ~1 in a field's pointer back as ~ and /", () => {
    expect(settings({ backend_tls: { routes: { "a/b~c": { bogus: 1 } } } })).toContainEqual({
      pointer: "/backend_tls/routes/a~1b~0c/bogus",
      message: expect.stringMatching(/^unknown field "bogus"/),
    });
    expect(settings({ backend_tls: { routes: { "a/b~c": { server_name: 3 } } } })).toContainEqual({
      pointer: "/backend_tls/routes/a~1b~0c/server_name",
      message: '"server_name" must be a string, found the number 3',
    });
  });

  it("reports each problem once, however many branches ajv tried", () => {
    const problems = settings({ deploy: { traefik_api: 7 } });
    const keys = problems.map((p) => `${p.pointer} ${p.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(problems.length).toBeGreaterThan(0);
  });
});
