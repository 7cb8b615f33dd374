/** The workflows (ours and the example config repo's) and action.yml pass actionlint. */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { EXAMPLE_REPO, PROJECT_ROOT } from "../support/fixtures.js";

const run = promisify(execFile);

function findActionlint(): string | undefined {
  const candidates = [
    process.env["PHOENIX_MESH_ACTIONLINT"],
    join(process.env["PHOENIX_MESH_CACHE"] ?? join(homedir(), ".cache/phoenix-mesh"), "bin/actionlint"),
    join(homedir(), "go/bin/actionlint"),
  ];
  return candidates.find((c): c is string => c !== undefined && c !== "" && existsSync(c));
}

const actionlint = findActionlint();
const reason =
  "actionlint is not installed: .ci/run installs it (GOBIN=~/.cache/phoenix-mesh/bin go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)";
if (actionlint === undefined && process.env["CI"] === "true") throw new Error(reason);
if (actionlint === undefined) console.warn(`\n!!! SKIPPED actionlint: ${reason}\n`);

describe.skipIf(actionlint === undefined)(
  `GitHub Actions files${actionlint === undefined ? ` (SKIPPED: ${reason})` : ""}`,
  () => {
    const lint = async (cwd: string, files: string[]) => {
      try {
        await run(actionlint!, ["-no-color", ...files], { cwd });
        return "";
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    };

    it("this repository's workflows, and action.yml as `uses: ./` runs it, pass actionlint", async () => {
      const files = readdirSync(join(PROJECT_ROOT, ".github/workflows")).map((f) => `.github/workflows/${f}`);
      expect(files).toContain(".github/workflows/action.yml");
      expect(await lint(PROJECT_ROOT, files)).toBe("");
    });

    it("the example config repository's workflows pass actionlint", async () => {
      const files = readdirSync(join(EXAMPLE_REPO, ".github/workflows")).map((f) => `.github/workflows/${f}`);
      expect(files.sort()).toEqual([
        ".github/workflows/check.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/propose.yml",
      ]);
      expect(await lint(EXAMPLE_REPO, files)).toBe("");
    });
  },
);
