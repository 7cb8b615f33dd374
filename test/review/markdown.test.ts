/** The review as one Markdown text within GitHub's limit: parts in order, each within its budget, and what was left out said. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reviewMarkdown, type Review } from "../../src/domain/review/markdown.js";
import type { PlanRow, ReviewPlan } from "../../src/domain/review/plan.js";
import { planOf } from "../support/review.js";

const route = (url: string) => ({
  backends: [url],
  entryPoints: ["web"],
  middlewares: [],
  tls: null,
  transport: null,
});
const row = (change: PlanRow["change"], host: string): PlanRow =>
  ({
    host,
    change,
    what: change === "changed" ? ["port 80 → 81"] : [],
    origin: null,
    diff: {
      host,
      change,
      what: [],
      before: change === "added" ? null : route("http://10.0.0.1:80"),
      after: change === "removed" ? null : route("http://10.0.0.1:81"),
    },
  }) as unknown as PlanRow;
const review = (plan: Partial<ReviewPlan>, over: Partial<Review> = {}): Review => ({
  plan: planOf(plan),
  warnings: [],
  renderWarnings: [],
  fileDiff: { hunks: [], labels: { old: "a", new: "b" } },
  ...over,
});

describe("reviewMarkdown", () => {
  it("says there is nothing to review, or only definitions", () => {
    expect(reviewMarkdown(review({ identical: true }))).toBe("No routing changes.\n");
    expect(reviewMarkdown(review({}))).toBe(
      "No host changes routing (only definitions that no route uses changed).\n",
    );
  });

  it("puts the frame, the plan line, warnings, tables in order of risk, the map, the source and the file diff in that order", () => {
    const text = reviewMarkdown(
      review(
        {
          removed: [row("removed", "old.lan")],
          changed: [row("changed", "c.lan")],
          added: [row("added", "new.lan")],
          unchanged: 1,
        },
        {
          warnings: ["⚠️ **1 route removed**: `old.lan` will stop answering."],
          fileDiff: { hunks: ["@@ -1 +1 @@\n-a\n+b\n"], labels: { old: "a", new: "b" } },
          source: "Rendered from inventory commit `abc`.",
        },
      ),
      { marker: "<!-- m -->", heading: "## H", footer: "<sub>f</sub>" },
    );
    const order = [
      "<!-- m -->",
      "## H",
      "**Plan:** 1 to add, 1 to change, 1 to remove · 1 host unchanged.",
      "### Warnings",
      "### 🔴 Removed (1)",
      "### 🟡 Changed (1)",
      "### 🟢 Added (1)",
      "### Map",
      "Rendered from inventory commit `abc`.",
      "File diff (1 hunk",
      "<sub>f</sub>",
    ].map((part) => text.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.endsWith("<sub>f</sub>\n")).toBe(true);
    expect(text).not.toContain("Left out");
  });

  it("counts unchanged hosts with thousands grouped", () => {
    expect(reviewMarkdown(review({ added: [row("added", "a.lan")], unchanged: 2500 }))).toContain(
      "**Plan:** 1 to add, 0 to change, 0 to remove · 2,500 hosts unchanged.",
    );
  });

  it("says the map is left out past what can be drawn", () => {
    const many = Array.from({ length: 30 }, (_, i) => row("added", `h${i}.lan`));
    expect(reviewMarkdown(review({ added: many }))).toContain(
      "### Map\n\n_No map: 30 hosts change, too many to draw legibly; the tables list them._",
    );
  });

  it("stays within the limit by whole parts and says what it left out, the additions first", () => {
    const removed = Array.from({ length: 60 }, (_, i) => row("removed", `removed-host-${i}.lan`));
    const added = Array.from({ length: 60 }, (_, i) => row("added", `added-host-${i}.lan`));
    const limit = 6_000;
    const text = reviewMarkdown(review({ removed, added }), {}, limit);
    expect(text.length).toBeLessThanOrEqual(limit);
    expect(text).toContain("### 🔴 Removed (60)");
    expect(text).toMatch(/_Left out to stay within GitHub's limit of 6,000 characters: .*added rows/);
    // A removal is never hidden while an addition shows.
    if (/removed rows/.test(text)) expect(text).not.toMatch(/\| `added-host-/);
  });

  // The size cap on small reviews (test/review/size-cap.scale.test.ts takes hundreds of hosts):
  // every part's budget leaves room for what follows it, the frame's footer and source included.
  it("never passes the limit, whatever the frame, warnings, groups and file diff", () => {
    const hosts = (n: number, change: PlanRow["change"]) =>
      Array.from({ length: n }, (_, i) => row(change, `${change}-host-${i}.lan`));
    fc.assert(
      fc.property(
        fc.record({
          removed: fc.nat(12),
          changed: fc.nat(12),
          added: fc.nat(12),
          warnings: fc.nat(6),
          hunks: fc.nat(4),
          footer: fc.nat(900),
          source: fc.nat(300),
          limit: fc.integer({ min: 2_000, max: 9_000 }),
        }),
        (c) => {
          const text = reviewMarkdown(
            review(
              {
                removed: hosts(c.removed, "removed"),
                changed: hosts(c.changed, "changed"),
                added: hosts(c.added, "added"),
              },
              {
                warnings: Array.from(
                  { length: c.warnings },
                  (_, i) => `- ⚠️ warning ${i} ${"w".repeat(150)}`,
                ),
                fileDiff: {
                  hunks: Array.from(
                    { length: c.hunks },
                    (_, i) => `@@ -${i * 10 + 1},3 +${i * 10 + 1},3 @@\n-a\n+${"b".repeat(400)}\n c\n`,
                  ),
                  labels: { old: "a", new: "b" },
                },
                source: c.source === 0 ? undefined : `Rendered from ${"s".repeat(c.source)}`,
              },
            ),
            { marker: "<!-- m -->", heading: "## Routing", footer: `<sub>${"f".repeat(c.footer)}</sub>` },
            c.limit,
          );
          expect(text.length).toBeLessThanOrEqual(c.limit);
          expect(text.endsWith(`<sub>${"f".repeat(c.footer)}</sub>\n`)).toBe(true);
          const shown = (change: string) =>
            (text.match(new RegExp(`^\\| \`${change}-host-`, "gm")) ?? []).length;
          if (shown("added") > 0)
            expect([shown("removed"), shown("changed")]).toEqual([c.removed, c.changed]);
        },
      ),
      { numRuns: 150, seed: 5 },
    );
  });

  it("leaves nothing out when everything fits with room to spare", () => {
    const text = reviewMarkdown(
      review(
        {
          removed: [row("removed", "r.lan")],
          changed: [row("changed", "c.lan")],
          added: [row("added", "a.lan")],
        },
        {
          warnings: ["- ⚠️ w"],
          fileDiff: { hunks: ["@@ -1 +1 @@\n-a\n+b\n"], labels: { old: "a", new: "b" } },
        },
      ),
      { footer: "<sub>f</sub>" },
      3_000,
    );
    expect(text).not.toContain("Left out");
    expect(text).toContain("### Map");
    expect(text).toContain("File diff (1 hunk;");
    expect(text.length).toBeGreaterThan(1_000);
  });
});
