/**
 * diffLines, as `render --check` prints it: each run of changes under its new line number, one
 * line of context each side, the revision lines never shown, and bounded in lines.
 */
import { describe, expect, it } from "vitest";
import { diffLines } from "../../src/domain/diff/lines.js";

const file = (...lines: string[]) => `${lines.join("\n")}\n`;
const HEAD = "# revision: aaaaaaaaaaaa  inputs: sha256:1";
const NEXT = "# revision: bbbbbbbbbbbb  inputs: sha256:2";

describe("diffLines", () => {
  it("shows a changed line with one line of context each side, under its line number in the new file", () => {
    const a = file(HEAD, "http:", "  a: 1", "  b: 2", "  c: 3", "  d: 4");
    const b = file(NEXT, "http:", "  a: 1", "  b: 20", "  c: 3", "  d: 4");
    expect(diffLines(a, b)).toEqual({
      text: "@@ line 4 @@\n    a: 1\n-   b: 2\n+   b: 20\n    c: 3\n",
      tooLarge: false,
    });
  });

  it("gives each separate run its own location line, and context shared by two runs once", () => {
    const a = file("a", "b", "c", "d", "e", "f", "g");
    const b = file("a", "B", "c", "d", "e", "F", "g");
    expect(diffLines(a, b).text).toBe("@@ line 2 @@\n  a\n- b\n+ B\n  c\n@@ line 6 @@\n  e\n- f\n+ F\n  g\n");
    const close = diffLines(file("a", "b", "c", "d"), file("a", "B", "c", "D")).text;
    expect(close).toBe("@@ line 2 @@\n  a\n- b\n+ B\n  c\n- d\n+ D\n");
  });

  it("shows a line added at the start or the end without context that is not there", () => {
    expect(diffLines(file("a"), file("new", "a")).text).toBe("@@ line 1 @@\n+ new\n  a\n");
    expect(diffLines(file("a"), file("a", "new")).text).toBe("@@ line 2 @@\n  a\n+ new\n");
  });

  it("never shows a revision line, as a change or as context", () => {
    const a = file(HEAD, "x: 1", "  phoenix-mesh-revision-aaaaaaaaaaaa:", "y: 1");
    const b = file(NEXT, "x: 2", "  phoenix-mesh-revision-bbbbbbbbbbbb:", "y: 2");
    const text = diffLines(a, b).text;
    expect(text).not.toMatch(/revision/);
    expect(text).toBe("@@ line 2 @@\n- x: 1\n+ x: 2\n@@ line 4 @@\n- y: 1\n+ y: 2\n");
  });

  it("says so when only the revision differs", () => {
    expect(diffLines(file(HEAD, "x: 1"), file(NEXT, "x: 1"))).toEqual({
      text: "only the revision differs (templates or the tool's version changed)\n",
      tooLarge: false,
    });
  });

  it("shows at most maxLines lines, and says how many it left out", () => {
    const a = file(...Array.from({ length: 10 }, (_, i) => `line ${i}`));
    const b = file(...Array.from({ length: 10 }, (_, i) => `LINE ${i}`));
    // 10 removed + 10 added + a location line: 21 lines.
    expect(diffLines(a, b, 21).text.split("\n").filter(Boolean)).toHaveLength(21);
    const cut = diffLines(a, b, 5).text;
    expect(cut).toBe("@@ line 1 @@\n- line 0\n- line 1\n- line 2\n- line 3\n… 16 more lines\n");
  });

  it("says the diff is too large past its edit budget, and works right at it", () => {
    expect(diffLines(file("a", "b"), file("c", "d"), 60, 3)).toEqual({ text: "", tooLarge: true });
    expect(diffLines(file("a", "b"), file("c", "d"), 60, 4).tooLarge).toBe(false);
  });
});

it("says only the revision differs when one side has a revision line the other lacks", () => {
  expect(diffLines(file("x: 1"), file(HEAD, "x: 1")).text).toBe(
    "only the revision differs (templates or the tool's version changed)\n",
  );
});
