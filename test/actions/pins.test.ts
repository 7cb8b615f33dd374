/**
 * Supply chain of the workflows we ship and run: every third-party action is pinned by its full
 * commit SHA with the version in a comment (what Dependabot and Renovate update), and nothing is
 * fetched by name from a registry at run time (npx, npm exec, npm install <name>) — on the
 * Proxmox host that would run whoever owns the name, as root.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_REPO, PROJECT_ROOT } from "../support/fixtures.js";

const WORKFLOW_DIRS = [join(PROJECT_ROOT, ".github/workflows"), join(EXAMPLE_REPO, ".github/workflows")];
const files = WORKFLOW_DIRS.flatMap((dir) => readdirSync(dir).map((f) => join(dir, f)));

/** `uses:` lines: [file:line, the reference]. */
const uses = files.flatMap((file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => {
      const m = /^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/.exec(line);
      return m === null
        ? []
        : [{ at: `${file.slice(PROJECT_ROOT.length + 1)}:${i + 1}`, ref: m[1]!, rest: m[2]! }];
    }),
);

describe("workflows", () => {
  it("pin every third-party action by full commit SHA, with its version in a comment", () => {
    const loose = uses
      .filter((u) => !u.ref.startsWith("./") && !u.ref.startsWith("phoenix-mesh/phoenix-mesh@"))
      .filter((u) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(u.ref) || !/^\s+# v\d+(\.\d+)*$/.test(u.rest))
      .map((u) => `${u.at}: ${u.ref}${u.rest}`);
    expect(loose).toEqual([]);
    expect(uses.length).toBeGreaterThan(5);
  });

  it("use phoenix-mesh's own action at the released version this package has", () => {
    const version = (
      JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }
    ).version;
    const own = uses.filter((u) => u.ref.startsWith("phoenix-mesh/phoenix-mesh@"));
    expect(own.length).toBeGreaterThan(0);
    for (const u of own) expect(`${u.at}: ${u.ref}`).toBe(`${u.at}: phoenix-mesh/phoenix-mesh@v${version}`);
  });

  it("never fetch a package by name from a registry at run time", () => {
    const fetching = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) =>
          /\bnpx\b|\bnpm\s+(exec|x)\b|\bnpm\s+(i|install|add)\s+(-g\s+)?[a-z@]/.test(line),
        )
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(fetching).toEqual([]);
  });
});
