/**
 * The exit codes the CLI's --help promises (src/cli.ts EXIT_CODES_HELP, docs), held to the one
 * table that maps error codes to them, and diagnostics in the `file:line:column pointer: message`
 * form editors and CI logs link.
 */
import { describe, expect, it } from "vitest";
import {
  errorsOf,
  escapePointerToken,
  formatDiagnostic,
  hasErrors,
  pointerOf,
  unescapePointerToken,
  warningsOf,
  type Diagnostic,
} from "../../src/core/diagnostics.js";
import { EXIT, exitCodeFor, PhoenixMeshError, type ErrorCode } from "../../src/core/errors.js";

describe("exit codes", () => {
  it.each([
    ["USAGE", 2],
    ["CONFIG_INVALID", 2],
    ["INVENTORY_INVALID", 2],
    ["TEMPLATE_INVALID", 2],
    ["OUTPUT_INVALID", 2],
    ["STALE_OUTPUT", 1],
    ["DRIFT", 1],
    ["DOCTOR_WARNINGS", 1],
    ["DOCTOR_ERRORS", 8],
    ["IO", 3],
    ["REMOTE", 4],
    ["VERIFY_FAILED", 5],
    ["ROLLED_BACK", 6],
    ["ROLLBACK_FAILED", 7],
    ["INTERNAL", 10],
  ] as [ErrorCode, number][])("%s exits %i, as --help says", (code, exit) => {
    expect(exitCodeFor(new PhoenixMeshError(code, "x"))).toBe(exit);
  });

  it("calls anything that is not a PhoenixMeshError a bug (10)", () => {
    expect(exitCodeFor(new TypeError("x is undefined"))).toBe(10);
    expect(exitCodeFor("a string")).toBe(10);
    expect(EXIT).toEqual({
      ok: 0,
      difference: 1,
      invalid: 2,
      io: 3,
      remote: 4,
      verifyFailed: 5,
      rolledBack: 6,
      rollbackFailed: 7,
      doctorErrors: 8,
      internal: 10,
    });
  });

  it("carries its diagnostics, hint, details and cause, and defaults to none", () => {
    const cause = new Error("EACCES");
    const d: Diagnostic = { severity: "error", code: "x", message: "m" };
    const e = new PhoenixMeshError("IO", "cannot write", {
      diagnostics: [d],
      hint: "check",
      details: { a: 1 },
      cause,
    });
    expect(e).toMatchObject({
      name: "PhoenixMeshError",
      code: "IO",
      message: "cannot write",
      hint: "check",
      details: { a: 1 },
    });
    expect(e.diagnostics).toEqual([d]);
    expect(e.cause).toBe(cause);
    const bare = new PhoenixMeshError("USAGE", "bad flag");
    expect(bare.diagnostics).toEqual([]);
    expect(bare.hint).toBeUndefined();
    expect(bare.details).toBeUndefined();
    expect("cause" in bare).toBe(false);
  });
});

describe("diagnostics", () => {
  const error: Diagnostic = { severity: "error", code: "port-range", message: "port 70000 is out of range" };
  const warning: Diagnostic = { severity: "warning", code: "w", message: "m" };

  it("are formatted file:line:column pointer: message, with the hint on its own line", () => {
    expect(
      formatDiagnostic({
        ...error,
        file: "inv/lxc.json",
        line: 12,
        column: 7,
        pointer: "/lxc_configs/101/ports/0",
        hint: "use 1-65535",
      }),
    ).toBe(
      "error: inv/lxc.json:12:7 /lxc_configs/101/ports/0: port 70000 is out of range\n    → use 1-65535",
    );
    expect(formatDiagnostic({ ...error, file: "inv/lxc.json", line: 12 })).toBe(
      "error: inv/lxc.json:12:1: port 70000 is out of range",
    );
    expect(formatDiagnostic({ ...error, file: "inv/lxc.json" })).toBe(
      "error: inv/lxc.json: port 70000 is out of range",
    );
    expect(formatDiagnostic({ ...error, pointer: "/a" })).toBe("error: /a: port 70000 is out of range");
    expect(formatDiagnostic({ ...error, pointer: "" })).toBe("error: port 70000 is out of range");
    expect(formatDiagnostic(warning)).toBe("warning: m");
  });

  it("are sorted into errors and warnings", () => {
    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning, error])).toBe(true);
    expect(hasErrors([])).toBe(false);
    expect(errorsOf([warning, error, warning])).toEqual([error]);
    expect(warningsOf([warning, error])).toEqual([warning]);
  });

  it("escape JSON pointer tokens as RFC 6901 says, ~ before /", () => {
    expect(escapePointerToken("a/b~c")).toBe("a~1b~0c");
    expect(escapePointerToken("~1")).toBe("~01");
    expect(escapePointerToken(3)).toBe("3");
    expect(escapePointerToken("plain")).toBe("plain");
    expect(unescapePointerToken("a~1b~0c")).toBe("a/b~c");
    expect(unescapePointerToken("~01")).toBe("~1");
    expect(pointerOf(["http", "routers", "a/b", 0])).toBe("/http/routers/a~1b/0");
    expect(pointerOf([])).toBe("");
  });
});
