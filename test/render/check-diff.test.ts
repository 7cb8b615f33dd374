/** `render --check` shows the line that changed, and never the revision lines. */
import { expect, it } from "vitest";
import { diffLines } from "../../src/domain/diff/lines.js";

it("says when only the revision differs", () => {
  const a =
    "# revision: aaaaaaaaaaaa  inputs: sha256:1\nhttp:\n  middlewares:\n    phoenix-mesh-revision-aaaaaaaaaaaa:\n";
  const b = a.replace(/a{12}/g, "bbbbbbbbbbbb");
  expect(diffLines(a, b).text).toBe("only the revision differs (templates or the tool's version changed)\n");
});
