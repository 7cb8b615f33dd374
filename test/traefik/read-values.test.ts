// How a dynamic file's scalars are read, compared with how Traefik reads them (yaml.v3 decoding into
// interface{}, then paerser converting strings by the field's Go type).
import { describe, expect, it } from "vitest";
import { parseDynamicConfig } from "../../src/domain/traefik/check-dynamic.js";

const withHeader = (value: string, extra = "") => `${extra}http:
  middlewares:
    stamp:
      headers:
        customRequestHeaders:
          X-Since: ${value}
`;

describe("scalars in a dynamic file", () => {
  // yaml.v3 keeps a timestamp-like plain scalar as a string when decoding into interface{}, so
  // Traefik sends the header as written. Regression: js-yaml's default schema made it a Date,
  // and the check refused the header as "a mapping".
  it("reads a timestamp-like value as the string it is, through either YAML parser", () => {
    for (const extra of ["", "x-anchor: &a 1\nx-use: *a\n"]) {
      const read = parseDynamicConfig(withHeader("2024-01-01", extra), "d.yml");
      expect(read.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const headers = (read.config?.http?.middlewares?.["stamp"] as { headers: Record<string, unknown> })
        .headers;
      expect(headers["customRequestHeaders"]).toEqual({ "X-Since": "2024-01-01" });
    }
  });

  it("takes a text with * outside an alias through the fast parser, and an alias through the bounded one", () => {
    const star = parseDynamicConfig(withHeader('"*"'), "d.yml");
    expect(star.diagnostics).toEqual([]);
    const alias = parseDynamicConfig(
      "x-h: &h {X-A: one}\nhttp:\n  middlewares:\n    m:\n      headers:\n        customRequestHeaders: *h\n",
      "d.yml",
    );
    expect(alias.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(JSON.stringify(alias.config)).toContain('"X-A":"one"');
  });
});
