/** One group of the plan (removed, changed, added) as a Markdown table within a budget. */
import { describe, expect, it } from "vitest";
import { COLLAPSE_AT, groupSection, MIN_GROUP } from "../../src/domain/review/groups.js";
import type { PlanRow } from "../../src/domain/review/plan.js";
import { planOf } from "../support/review.js";

const route = (url: string) => ({
  protocol: "http",
  router: "r",
  rule: null,
  service: "s",
  backends: [url],
  entryPoints: ["websecure"],
  middlewares: [],
  tls: null,
  transport: null,
});
const row = (
  change: PlanRow["change"],
  host: string,
  what: string[] = [],
  origin: string | null = null,
): PlanRow =>
  ({
    host,
    change,
    what,
    origin,
    diff: {
      host,
      change,
      what,
      before: change === "added" ? null : route("http://10.0.0.1:80"),
      after: change === "removed" ? null : route("http://10.0.0.2:80"),
    },
  }) as unknown as PlanRow;
const plan = planOf;

describe("groupSection", () => {
  it("is empty for a group with no rows", () => {
    expect(groupSection("added", plan({}), 10_000)).toEqual({ text: "", leftOut: undefined });
  });

  it("writes each kind's table with its columns, origins escaped", () => {
    const p = plan({
      removed: [row("removed", "old.lan", [], "LXC 914 ollama <gpu0>")],
      changed: [row("changed", "c.lan", ["port 80 → 81", "middleware +x|y"]), row("changed", "d.lan", [])],
      added: [row("added", "new.lan")],
    });
    expect(groupSection("removed", p, 10_000).text).toBe(
      "### 🔴 Removed (1)\n\n| host | was | from |\n| --- | --- | --- |\n| `old.lan` | `http://10.0.0.1:80 [websecure]` | LXC 914 ollama \\<gpu0\\> |",
    );
    expect(groupSection("changed", p, 10_000).text).toBe(
      "### 🟡 Changed (2)\n\n| host | what changes | now | from |\n| --- | --- | --- | --- |\n| `c.lan` | `port 80 → 81`<br>`middleware +x\\|y` | `http://10.0.0.2:80 [websecure]` | — |\n| `d.lan` | definition | `http://10.0.0.2:80 [websecure]` | — |",
    );
    expect(groupSection("added", p, 10_000).text).toBe(
      "### 🟢 Added (1)\n\n| host | backend | from |\n| --- | --- | --- |\n| `new.lan` | `http://10.0.0.2:80 [websecure]` | — |",
    );
  });

  it(`folds a group of more than ${COLLAPSE_AT} rows under a summary that counts them`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => row("added", `h${i}.lan`));
    expect(groupSection("added", plan({ added: rows(COLLAPSE_AT) }), 100_000).text).not.toContain(
      "<details>",
    );
    const folded = groupSection("added", plan({ added: rows(COLLAPSE_AT + 1) }), 100_000).text;
    expect(folded).toMatch(
      /^### 🟢 Added \(21\)\n\n<details><summary>21 added hosts<\/summary>\n\n\| host \|/,
    );
  });

  it("lists the changes many hosts share above the table, ten at most", () => {
    const common = Array.from({ length: 12 }, (_, i) => ({ what: `port ${i} → ${i + 1}`, hosts: 300 - i }));
    common[0] = { what: "x".repeat(250), hosts: 1 };
    const text = groupSection(
      "changed",
      plan({ changed: [row("changed", "a.lan", ["y"])], common }),
      100_000,
    ).text;
    expect(text).toContain(`- **1 host**: \`${"x".repeat(199)}…\``);
    expect(text).toContain("- **299 hosts**: `port 1 → 2`");
    expect(text).toContain("- …and 2 more shared changes");
    expect(text).not.toContain("port 10 → 11");
  });

  it("keeps whole rows within the budget and says how many it left out", () => {
    const rows = Array.from({ length: 40 }, (_, i) => row("removed", `host-${i}.lan`));
    const { text, leftOut } = groupSection("removed", plan({ removed: rows }), 2_000);
    expect(text.length).toBeLessThanOrEqual(2_000);
    const shown = (text.match(/^\| `host-/gm) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(leftOut).toBe(`${40 - shown} of 40 removed rows`);
    expect(text).toContain(`<summary>${shown} of 40 removed hosts</summary>`);
    expect(text).toContain(
      `_…and ${40 - shown} more removed hosts not listed here (size limit): \`phoenix-mesh diff\` lists them all._`,
    );
  });

  it("shrinks to its heading and a note when not even the table's frame fits", () => {
    const rows = Array.from({ length: 3 }, (_, i) => row("added", `h${i}.lan`));
    expect(groupSection("added", plan({ added: rows }), MIN_GROUP - 100)).toEqual({
      text: "### 🟢 Added (3)\n\n_Not listed here (size limit): `phoenix-mesh diff` lists all 3._",
      leftOut: "all 3 added rows",
    });
  });

  describe("at its bounds", () => {
    const rows = Array.from({ length: 3 }, (_, i) => row("removed", `host-${i}.lan`));
    const p = plan({ removed: rows });
    const frame = "### 🔴 Removed (3)\n\n| host | was | from |\n| --- | --- | --- |";
    const fixed = frame.length + 200;
    const full = groupSection("removed", p, 100_000).text.split("\n").slice(4);
    const sizes = full.map((l) => l.length + 1);

    it("lists no row, but the frame, when the budget is exactly the frame and its reserve", () => {
      expect(groupSection("removed", p, fixed)).toEqual({
        text: `${frame}\n\n\n_…and 3 more removed hosts not listed here (size limit): \`phoenix-mesh diff\` lists them all._`,
        leftOut: "3 of 3 removed rows",
      });
      expect(groupSection("removed", p, fixed - 1).leftOut).toBe("all 3 removed rows");
    });

    it("keeps a row that fits exactly, and no row that is one character over", () => {
      const two = groupSection("removed", p, fixed + sizes[0]! + sizes[1]!);
      expect(two.leftOut).toBe("1 of 3 removed rows");
      expect(two.text).toBe(
        `${frame}\n${full[0]}\n${full[1]}\n\n_…and 1 more removed host not listed here (size limit): \`phoenix-mesh diff\` lists them all._`,
      );
      expect(groupSection("removed", p, fixed + sizes[0]! + sizes[1]! - 1).leftOut).toBe(
        "2 of 3 removed rows",
      );
    });

    it("writes the shared changes only above the changed group, one per line, all ten without a 'more' line", () => {
      const common = Array.from({ length: 10 }, (_, i) => ({ what: `port ${i} → ${i + 1}`, hosts: 30 }));
      common[0] = { what: "y".repeat(200), hosts: 30 };
      const changed = groupSection(
        "changed",
        plan({ changed: [row("changed", "a.lan", ["y"])], common }),
        100_000,
      ).text;
      expect(changed).toContain(
        `### 🟡 Changed (1)\n\n- **30 hosts**: \`${"y".repeat(200)}\`\n- **30 hosts**: \`port 1 → 2\`\n`,
      );
      expect(changed).toContain("- **30 hosts**: `port 9 → 10`\n\n| host |");
      expect(changed).not.toContain("more shared changes");
      expect(groupSection("removed", plan({ removed: rows, common }), 100_000).text).not.toContain("hosts**");
    });
  });
});
