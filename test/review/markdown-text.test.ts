/**
 * Markdown pieces that cannot break the page around them, whatever a guest is named: GitHub
 * Flavored Markdown's rules for code spans, table cells (a `|` splits a cell even inside a code
 * span unless escaped), fences and raw HTML.
 */
import { describe, expect, it } from "vitest";
import { cellCode, cellText, code, details, fenced, num } from "../../src/domain/review/markdown-text.js";

describe("code", () => {
  it("wraps text in one code span, dropping backticks and line breaks that would end it", () => {
    expect(code("grafana.lan")).toBe("`grafana.lan`");
    expect(code("a`b\nc\rd")).toBe("`abcd`");
  });
  it("shows an em dash for nothing, rather than an empty span", () => {
    for (const empty of ["", "   ", "`", "\n"]) expect(code(empty)).toBe("—");
  });
});

describe("table cells", () => {
  it("escape every | in a code span, which GFM would take for a cell break", () => {
    expect(cellCode("Host(`a`) || Host(`b`)")).toBe("`Host(a) \\|\\| Host(b)`");
  });
  it("escape Markdown, HTML and cell breaks in plain text, and join lines", () => {
    expect(cellText("LXC 914 <b>*x*</b> | [y](z) ~_`\\\nnext\rend")).toBe(
      "LXC 914 \\<b\\>\\*x\\*\\</b\\> \\| \\[y\\](z) \\~\\_\\`\\\\ next end",
    );
  });
});

describe("fenced", () => {
  it("uses a fence of three backticks, longer than any run inside, and ends the text with a newline", () => {
    expect(fenced("yaml", "a: 1")).toBe("```yaml\na: 1\n```");
    expect(fenced("", "a\n")).toBe("```\na\n```");
    expect(fenced("text", "x ```` y ``")).toBe("`````text\nx ```` y ``\n`````");
  });
});

describe("details", () => {
  it("folds a body under a summary that holds no HTML, with blank lines so the body stays Markdown", () => {
    expect(details("3 <b>hosts</b> & more", "| a |")).toBe(
      "<details><summary>3 bhosts/b  more</summary>\n\n| a |\n\n</details>",
    );
  });
});

describe("num", () => {
  it("groups thousands with commas", () => {
    expect([num(0), num(999), num(2000), num(1234567)]).toEqual(["0", "999", "2,000", "1,234,567"]);
  });
});
