/**
 * The pull request body's size cap, over hundreds of hosts. A scale test: in `npm test`, not under
 * mutation testing (see vitest.mutation.config.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reviewMarkdown } from "../../src/domain/review/markdown.js";
import { readMarkdown } from "../support/markdown.js";
import { config, review } from "../support/review.js";

describe("the size cap", () => {
  const hosts = (n: number, prefix: string, port: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `${prefix}-${i}`,
        { url: `http://10.1.${i >> 8}.${i & 255}:${port}` },
      ]),
    );

  it("is met by whole rows, removals and changes kept before any addition, and the body says what it left out", () => {
    fc.assert(
      fc.property(
        fc.nat(400),
        fc.nat(400),
        fc.nat(400),
        fc.integer({ min: 6_000, max: 70_000 }),
        (removed, changed, added, limit) => {
          const before = config({ ...hosts(removed, "old", 80), ...hosts(changed, "chg", 80) });
          const after = config({ ...hosts(changed, "chg", 81), ...hosts(added, "new", 80) });
          const body = reviewMarkdown(review(before, after), {}, limit);
          expect(body.length).toBeLessThanOrEqual(limit);
          expect(readMarkdown(body).problems).toEqual([]);
          const rows = (prefix: string) => body.match(new RegExp(`^\\| \`${prefix}-`, "gm"))?.length ?? 0;
          // An addition is listed only once every removal and change is.
          if (rows("new") > 0) {
            expect(rows("old")).toBe(removed);
            expect(rows("chg")).toBe(changed);
          }
          if (rows("chg") > 0) expect(rows("old")).toBe(removed);
          for (const [prefix, count, group] of [
            ["old", removed, "removed"],
            ["chg", changed, "changed"],
            ["new", added, "added"],
          ] as const) {
            const missing = count - rows(prefix);
            if (missing > 0)
              expect(body).toMatch(
                new RegExp(`(${missing} of ${count} ${group} rows|all ${count} ${group} rows)`),
              );
          }
        },
      ),
      { numRuns: 40, seed: 17 },
    );
  });
});
