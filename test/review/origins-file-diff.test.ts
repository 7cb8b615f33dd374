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
