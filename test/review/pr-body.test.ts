/** Where a merge goes, said in the pull request from the base commit's settings. */
import { describe, expect, it } from "vitest";
import { BODY_MARKER, buildPrBody, reachLine, sourceLine } from "../../src/domain/review/pr-body.js";
import { warningsSection } from "../../src/domain/review/warnings-section.js";

const TARGET = "pct://102/etc/traefik/dynamic/dynamic_conf.yml";

it("names the target and the one Traefik that must serve the file", () => {
  expect(reachLine([{ target: TARGET, apis: ["http://10.0.0.12:8080"] }])).toBe(
    "After merge, `phoenix-mesh deploy` puts it into `pct://102/etc/traefik/dynamic/dynamic_conf.yml` and proves it live on Traefik `http://10.0.0.12:8080`.",
  );
});

it("names every instance when several serve the file, and says one failing rolls back", () => {
  expect(reachLine([{ target: TARGET, apis: ["http://10.0.0.12:8080", "http://10.0.0.13:8080"] }])).toBe(
    "After merge, `phoenix-mesh deploy` puts it into `pct://102/etc/traefik/dynamic/dynamic_conf.yml` and proves it live on all 2 Traefik instances: `http://10.0.0.12:8080`, `http://10.0.0.13:8080`; if one does not serve it, it is rolled back.",
  );
});

it("says when nothing would deploy or prove the file", () => {
  expect(reachLine([])).toMatch(/^No deploy target in the settings/);
  expect(reachLine([{ target: TARGET, apis: [] }])).toMatch(
    /no Traefik API is set \(`deploy.traefik_api`\), so nothing proves it live\.$/,
  );
});

it("never shows a password in a URL, nor lets a URL break out of its code span", () => {
  const line = reachLine([
    {
      target: "ssh://root:hunter2@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml",
      apis: ["http://admin:s3cret@10.0.0.12:8080"],
    },
  ]);
  expect(line).not.toMatch(/hunter2|s3cret/);
  expect(line).toContain("`ssh://root:***@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml`");
  expect(line).toContain("`http://admin:***@10.0.0.12:8080`");
  expect(reachLine([{ target: "file:///x`y\n## z", apis: [] }])).toContain("`file:///xy## z`");
});

it("lists every target of deploy.targets with its Traefik, all or none", () => {
  expect(
    reachLine([
      { target: TARGET, apis: ["http://10.0.0.12:8080"] },
      {
        target: "ssh://root@pve2.lan/pct/103/etc/traefik/dynamic/dynamic_conf.yml",
        apis: ["http://10.0.0.13:8080"],
      },
    ]),
  ).toBe(
    "After merge, `phoenix-mesh deploy` puts it into all 2 targets at once, or into none: `pct://102/etc/traefik/dynamic/dynamic_conf.yml` (proved on Traefik `http://10.0.0.12:8080`); `ssh://root@pve2.lan/pct/103/etc/traefik/dynamic/dynamic_conf.yml` (proved on Traefik `http://10.0.0.13:8080`).",
  );
});

it("says which inventory commit and revision the file was rendered from, linking the commit when it can", () => {
  expect(sourceLine(undefined, "https://x", "r")).toBeUndefined();
  expect(sourceLine("0123456789abcdef0123", undefined, undefined)).toBe(
    "Rendered from inventory commit `0123456789ab`.",
  );
  expect(sourceLine("0123456789abcdef0123", "https://github.com/o/r/commit/0123", "2d238f4da9e7")).toBe(
    "Rendered from inventory commit [`0123456789ab`](https://github.com/o/r/commit/0123), revision `2d238f4da9e7`.",
  );
});

it("hides the password of a Redis target too", () => {
  expect(
    reachLine([
      { target: "redis://:p4ss@10.0.0.20:6379/0?root_key=traefik", apis: ["http://10.0.0.12:8080"] },
    ]),
  ).toContain("`redis://:***@10.0.0.20:6379/0?root_key=traefik`");
});

describe("the warnings section", () => {
  it("is empty without warnings", () => {
    expect(warningsSection([], [], 10_000)).toEqual({ text: "", leftOut: undefined });
  });

  it("lists the plan's warnings, then the render's: five shown, the rest folded, each on one escaped line", () => {
    const render = Array.from({ length: 7 }, (_, i) => `guest ${i}: <port>\n  not | set`);
    const { text, leftOut } = warningsSection(
      ["⚠️ **1 route removed**: `a.lan` will stop answering."],
      render,
      100_000,
    );
    expect(leftOut).toBeUndefined();
    expect(text).toBe(
      [
        "### Warnings",
        [
          "- ⚠️ **1 route removed**: `a.lan` will stop answering.",
          ...render.slice(0, 5).map((_, i) => `- 📝 guest ${i}: \\<port\\> not \\| set`),
        ].join("\n"),
        "<details><summary>2 more render warnings</summary>\n\n- 📝 guest 5: \\<port\\> not \\| set\n- 📝 guest 6: \\<port\\> not \\| set\n\n</details>",
      ].join("\n\n"),
    );
  });

  it("cuts a render warning at 400 characters", () => {
    const { text } = warningsSection([], ["w".repeat(500)], 100_000);
    expect(text).toContain(`- 📝 ${"w".repeat(399)}…`);
    expect(text).not.toContain("w".repeat(400));
  });

  // The frame costs the heading, a reserve of 160 for the note and two empty <details> wrappers.
  const frame = "### Warnings".length + 160 + 2 * "<details><summary></summary>\n\n\n\n</details>".length;

  it("keeps a warning that fits exactly, and stops at the first that does not", () => {
    const plan = ["a".repeat(50), "b".repeat(50), "c"];
    const item = (w: string) => `- ${w}`.length + 1;
    const exact = warningsSection(plan, [], frame + item(plan[0]!) + item(plan[1]!));
    expect(exact.text).toContain(`- ${"b".repeat(50)}`);
    expect(exact.leftOut).toBe("1 of 3 warnings");
    const short = warningsSection(plan, [], frame + item(plan[0]!) + item(plan[1]!) - 1);
    expect(short.text).not.toContain("b".repeat(50));
    // The short third warning would fit, but comes after one that did not.
    expect(short.text).not.toContain("- c");
    expect(short.leftOut).toBe("2 of 3 warnings");
  });

  it("folds nothing when there are five render warnings or fewer, and writes each on one line", () => {
    const { text } = warningsSection([], ["one\n  two", "  x  "], 100_000);
    expect(text).toBe("### Warnings\n\n- 📝 one two\n- 📝 x");
    const clipAt = warningsSection([], ["w".repeat(400)], 100_000).text;
    expect(clipAt).toContain(`- 📝 ${"w".repeat(400)}`);
    expect(clipAt).not.toContain("…");
  });

  it("keeps what fits and says how many it left out", () => {
    const plan = Array.from({ length: 10 }, (_, i) => `warning number ${i} ${"x".repeat(80)}`);
    const { text, leftOut } = warningsSection(plan, ["r"], 600);
    const shown = (text.match(/^- warning number/gm) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(leftOut).toBe(`${11 - shown} of 11 warnings`);
    expect(text).toContain(
      `_…and ${11 - shown} more warnings not shown (size limit); the job log has them all._`,
    );
  });
});

it("frames the review with the marker phoenix-mesh finds its pull requests by, the file and a footer", () => {
  const body = buildPrBody(
    {
      plan: { identical: true, removed: [], changed: [], added: [], unchanged: 3, sections: [], common: [] },
      warnings: [],
      renderWarnings: [],
      fileDiff: { hunks: [], labels: { old: "a", new: "b" } },
      source: undefined,
    },
    "traefik/dynamic/dynamic_`conf.yml",
  );
  expect(body.startsWith(`${BODY_MARKER}\n`)).toBe(true);
  expect(body).toContain("## Routing changes in `traefik/dynamic/dynamic_conf.yml`");
  expect(
    body
      .trimEnd()
      .endsWith("<sub>Generated by phoenix-mesh. Edits to this body are overwritten on the next run.</sub>"),
  ).toBe(true);
});
