/**
 * Small pure pieces every command leans on: GitHub Actions annotations (the runner's escaping,
 * actions/toolkit's command.ts), shell quoting that sh reads back exactly, content digests, and
 * which parser a Traefik file gets (Traefik decides TOML by the extension).
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { annotation } from "../../src/core/annotations.js";
import { isToml } from "../../src/core/config-document.js";
import { sha256 } from "../../src/core/digest.js";
import { shellQuote } from "../../src/core/text/shell-quote.js";
import { lineColumnAt } from "../../src/core/text/position.js";

describe("annotation", () => {
  it("writes a workflow command the runner places on the file's line, escaping as the runner reads", () => {
    expect(
      annotation({
        severity: "error",
        code: "port-range",
        message: "port 70000 is out of range: 100%\r\nsecond line",
        file: "inv/a,b:c.json",
        line: 12,
        column: 7,
        pointer: "/lxc_configs/101/ports/0",
        hint: "use 1-65535",
      }),
    ).toBe(
      "::error file=inv/a%2Cb%3Ac.json,line=12,col=7,title=phoenix-mesh%3A port-range::/lxc_configs/101/ports/0: port 70000 is out of range: 100%25%0D%0Asecond line%0A→ use 1-65535\n",
    );
  });

  it("leaves out what it does not know", () => {
    expect(annotation({ severity: "warning", code: "w", message: "m" })).toBe(
      "::warning title=phoenix-mesh%3A w::m\n",
    );
    expect(annotation({ severity: "warning", code: "w", message: "m", pointer: "" })).toBe(
      "::warning title=phoenix-mesh%3A w::m\n",
    );
  });
});

describe("shellQuote", () => {
  it("leaves plain words alone and quotes the rest so sh reads back exactly the argument", () => {
    expect(shellQuote("/etc/traefik/dynamic/dynamic_conf.yml")).toBe("/etc/traefik/dynamic/dynamic_conf.yml");
    expect(shellQuote("a-b_c.d,e:f@g%h+i=j")).toBe("a-b_c.d,e:f@g%h+i=j");
    for (const arg of ["", "a b", "it's", "$(rm -rf /)", "`x`", "a\nb", "*", "~root", "a;b", "'", "\\"]) {
      expect(shellQuote(arg)).not.toBe(arg === "" ? "" : arg);
      expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(arg)}`], { encoding: "utf8" })).toBe(arg);
    }
  });
});

describe("sha256", () => {
  it("is the hex SHA-256 of the UTF-8 text", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("é")).toBe(execFileSync("sha256sum", { input: "é", encoding: "utf8" }).split(" ")[0]);
  });
});

describe("isToml", () => {
  it("goes by the extension, also in a git label", () => {
    for (const path of ["a.toml", "A.TOML", "routes.toml@main (abc123)", "x.toml (HEAD)"])
      expect(isToml(path), path).toBe(true);
    for (const path of ["a.yml", "a.toml.yml", "toml", "a.tomlx", "a.toml~"])
      expect(isToml(path), path).toBe(false);
  });
});

describe("lineColumnAt", () => {
  it("counts lines from 1 at each \\n and columns from 1", () => {
    expect(lineColumnAt("ab\ncd\n", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt("ab\ncd\n", 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumnAt("ab\ncd\n", 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumnAt("ab\ncd\n", 6)).toEqual({ line: 3, column: 1 });
  });
});
