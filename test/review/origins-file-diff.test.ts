/** Where each route comes from (read back from the rendered file), and the review's file diff within a budget. */
import { describe, expect, it } from "vitest";
import { fileDiffSection } from "../../src/domain/review/file-diff.js";
import { routerOrigins } from "../../src/domain/review/origins.js";

describe("routerOrigins", () => {
  it("reads the comment phoenix-mesh's router template writes on each router's key", () => {
    const text = [
      "http:",
      "  routers:",
      '    "ollama-gpu0": # from lxc 914 ollama-gpu0 via ports',
      "      rule: x",
      '    "portainer": # from vm 1001 Portainer VM via portainer_role   ',
      '    "extra": # from the settings file',
      '    "quo\\"ted": # from lxc 2 a via traefik_service',
      '    "ollama-gpu0": # from lxc 999 other via ports',
      '    "plain":',
      '    "bad\\q": # from lxc 3 b via ports',
      '"top": # from lxc 4 c via ports',
      '    "nocomment": # from somewhere else',
    ].join("\n");
    expect(Object.fromEntries(routerOrigins(text))).toEqual({
      "ollama-gpu0": "LXC 914 ollama-gpu0 (ports)",
      portainer: "VM 1001 Portainer VM (portainer_role)",
      extra: "settings file",
      'quo"ted': "LXC 2 a (traefik_service)",
    });
    expect(routerOrigins("").size).toBe(0);
  });
});

describe("fileDiffSection", () => {
  const labels = { old: "a/dynamic_conf.yml", new: "b/dynamic_conf.yml" };
  const hunk = (n: number, lines: number) =>
    `@@ -${n},${lines} +${n},${lines} @@\n${Array.from({ length: lines }, (_, i) => (i % 2 === 0 ? `-old ${n}.${i}` : `+new ${n}.${i}`)).join("\n")}\n`;

  it("says nothing when the files are the same", () => {
    expect(fileDiffSection({ hunks: [], labels }, 10_000)).toEqual({ text: "", leftOut: undefined });
  });

  it("says the diff was too large to compute, or leaves even that out when it does not fit", () => {
    const text =
      "<details><summary>File diff</summary>\n\n_Too large to compute here; see the Files tab._\n\n</details>";
    expect(fileDiffSection({ hunks: undefined, labels }, 10_000)).toEqual({ text, leftOut: undefined });
    expect(fileDiffSection({ hunks: undefined, labels }, text.length)).toEqual({ text, leftOut: undefined });
    expect(fileDiffSection({ hunks: undefined, labels }, text.length - 1)).toEqual({
      text: "",
      leftOut: "the file diff",
    });
  });

  it("shows every hunk, folded, when they fit", () => {
    const hunks = [hunk(1, 2), hunk(10, 2)];
    expect(fileDiffSection({ hunks, labels }, 10_000)).toEqual({
      text: `<details><summary>File diff (2 hunks; revision lines left out)</summary>\n\n\`\`\`diff\n--- a/dynamic_conf.yml\n+++ b/dynamic_conf.yml\n${hunks.join("")}\`\`\`\n\n</details>`,
      leftOut: undefined,
    });
    expect(fileDiffSection({ hunks: [hunk(1, 2)], labels }, 10_000).text).toContain("(1 hunk;");
  });

  it("keeps whole hunks, then the head of the next with its counts redone, and says what it left out", () => {
    const hunks = [hunk(1, 4), hunk(20, 40), hunk(90, 4)];
    const fixed = fileDiffSection({ hunks: [], labels: { old: "x", new: "y" } }, 0);
    expect(fixed.text).toBe("");
    const shellOnly =
      "<details><summary>File diff (3 hunks; revision lines left out)</summary>\n\n```diff\n--- a/dynamic_conf.yml\n+++ b/dynamic_conf.yml\n```\n\n</details>"
        .length + 160;
    const result = fileDiffSection({ hunks, labels }, shellOnly + hunks[0]!.length + 120);
    expect(result.leftOut).toBe("the rest of hunk 2 and the last 1 hunk of the file diff");
    expect(result.text).toContain(hunks[0]);
    const cut = /@@ -20,(\d+) \+20,(\d+) @@\n((?:[-+].*\n)+)```/.exec(result.text);
    expect(cut).not.toBeNull();
    const body = cut![3]!.trimEnd().split("\n");
    expect(Number(cut![1])).toBe(body.filter((l) => !l.startsWith("+")).length);
    expect(Number(cut![2])).toBe(body.filter((l) => !l.startsWith("-")).length);
    expect(result.text).toContain(
      "_Left out (size limit): the rest of hunk 2 and the last 1 hunk; see the Files tab._",
    );
    expect(result.text).not.toContain("old 90.0");
  });

  it("leaves out whole hunks it cannot start, counting them", () => {
    const hunks = [hunk(1, 20), hunk(40, 20), hunk(80, 20)];
    const shellOnly =
      "<details><summary>File diff (3 hunks; revision lines left out)</summary>\n\n```diff\n--- a/dynamic_conf.yml\n+++ b/dynamic_conf.yml\n```\n\n</details>"
        .length + 160;
    const oneHunk = fileDiffSection({ hunks, labels }, shellOnly + hunks[0]!.length + 10);
    expect(oneHunk.leftOut).toBe("the last 2 hunks of the file diff");
    const none = fileDiffSection({ hunks, labels }, shellOnly + 20);
    expect(none.leftOut).toBe("all 3 hunks of the file diff");
    expect(none.text).toBe(
      "<details><summary>File diff (3 hunks; revision lines left out)</summary>\n\n_Left out (size limit): all 3 hunks; see the Files tab._\n\n</details>",
    );
    expect(fileDiffSection({ hunks, labels }, 50)).toEqual({ text: "", leftOut: "the file diff" });
  });
});

describe("fileDiffSection at its bounds", () => {
  const labels = { old: "a/f.yml", new: "b/f.yml" };
  /** What the section costs before any hunk: its frame, the file header and the note's reserve. */
  const fixedFor = (n: number) =>
    `<details><summary>File diff (${n} hunk${n === 1 ? "" : "s"}; revision lines left out)</summary>\n\n\`\`\`diff\n--- a/f.yml\n+++ b/f.yml\n\`\`\`\n\n</details>`
      .length + 160;
  // One hunk of three-character lines: 3 context lines, 6 removed, 2 added (old 9, new 5).
  const lines = [" c0", " c1", " c2", "-r0", "-r1", "-r2", "-r3", "-r4", "-r5", "+a0", "+a1"];
  const long = `@@ -7,9 +7,5 @@\n${lines.join("\n")}\n`;

  it("shows the whole diff when it fits exactly", () => {
    const hunks = ["@@ -1 +1 @@\n-a\n+b\n"];
    const whole = fileDiffSection({ hunks, labels }, 100_000).text;
    expect(fileDiffSection({ hunks, labels }, whole.length)).toEqual({ text: whole, leftOut: undefined });
    expect(fileDiffSection({ hunks, labels }, whole.length - 1).leftOut).toBeDefined();
  });

  it("gives up when not even the frame fits, and keeps a hunk that fills the room exactly", () => {
    const hunks = ["@@ -1 +1 @@\n-a\n+b\n", long + " tail\n".repeat(50)];
    expect(fileDiffSection({ hunks, labels }, fixedFor(2))).toEqual({ text: "", leftOut: "the file diff" });
    const exact = fileDiffSection({ hunks, labels }, fixedFor(2) + hunks[0]!.length);
    expect(exact.leftOut).toBe("the last 1 hunk of the file diff");
    expect(exact.text).toContain("```diff\n--- a/f.yml\n+++ b/f.yml\n@@ -1 +1 @@\n-a\n+b\n```");
  });

  // The cut head is measured as a 40-character header plus each line and its newline.
  it.each([
    [40 + 4 * 5, 5, "@@ -7,5 +7,3 @@\n c0\n c1\n c2\n-r0\n-r1\n"],
    [40 + 4 * 5 + 2, 5, "@@ -7,5 +7,3 @@\n c0\n c1\n c2\n-r0\n-r1\n"],
    [40 + 4 * 11, 11, `@@ -7,9 +7,5 @@\n${lines.join("\n")}\n`],
  ])(
    "cuts the last hunk to the lines that fit in %i characters (%i lines), its counts redone",
    (room, _n, head) => {
      const result = fileDiffSection({ hunks: [long + " tail\n".repeat(50)], labels }, fixedFor(1) + room);
      expect(result.leftOut).toBe("the rest of hunk 1 of the file diff");
      expect(result.text).toBe(
        `<details><summary>File diff (1 hunk; revision lines left out)</summary>\n\n\`\`\`diff\n--- a/f.yml\n+++ b/f.yml\n${head}\`\`\`\n\n_Left out (size limit): the rest of hunk 1; see the Files tab._\n\n</details>`,
      );
    },
  );

  it("keeps several whole hunks back to back before the cut one", () => {
    const small = ["@@ -1 +1 @@\n-a\n+b\n", "@@ -3 +3 @@\n-c\n+d\n"];
    const result = fileDiffSection(
      { hunks: [...small, long + " tail\n".repeat(50)], labels },
      fixedFor(3) + small.join("").length + 40 + 4 * 4,
    );
    expect(result.leftOut).toBe("the rest of hunk 3 of the file diff");
    expect(result.text).toContain(
      `+++ b/f.yml\n${small.join("")}@@ -7,4 +7,3 @@\n c0\n c1\n c2\n-r0\n\`\`\``,
    );
  });

  it("reads a one-line hunk header (no counts) when cutting", () => {
    const hunk = `@@ -5 +5,120 @@\n-x\n${Array.from({ length: 120 }, (_, i) => `+n${i}`).join("\n")}\n`;
    const result = fileDiffSection({ hunks: [hunk], labels }, fixedFor(1) + 40 + 3 + 4 * 2);
    expect(result.text).toContain("```diff\n--- a/f.yml\n+++ b/f.yml\n@@ -5,1 +5,2 @@\n-x\n+n0\n+n1\n```");
  });

  it("does not cut a head that changes nothing (context only), nor a hunk without a header", () => {
    const onlyContext = fileDiffSection(
      { hunks: [long + " tail\n".repeat(50)], labels },
      fixedFor(1) + 40 + 4 * 3,
    );
    expect(onlyContext.leftOut).toBe("all 1 hunk of the file diff");
    const headless = fileDiffSection({ hunks: ["-a\n+b\n".repeat(40)], labels }, fixedFor(1) + 60);
    expect(headless.leftOut).toBe("all 1 hunk of the file diff");
  });
});
