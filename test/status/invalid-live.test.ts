/**
 * status on a live file Traefik would not load (written by hand, cut short, a merge conflict
 * left in): that is drift, exit 1 with the reason and what the expected file would add — not an
 * error of the status run itself (exit 2 would read as "you called it wrong").
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { EXAMPLE_REPO, tempDir } from "../support/fixtures.js";

const RENDERED = join(EXAMPLE_REPO, "traefik/dynamic/dynamic_conf.yml");

it.each([
  ["a merge conflict left in it", (text: string) => `<<<<<<< HEAD\n${text}=======\n>>>>>>> main\n`],
  ["a router with a field Traefik does not have", (text: string) => text.replace("rule:", "rules:")],
  ["cut short in the middle of a line", (text: string) => text.slice(0, Math.floor(text.length / 2)) + '"'],
])("reports a live file with %s as drift (exit 1), saying why", async (_, spoil) => {
  const live = join(await tempDir(), "dynamic_conf.yml");
  const expected = await readFile(RENDERED, "utf8");
  await writeFile(live, spoil(expected));
  const run = await runCli(["status", "--target", `file://${live}`, "--file", RENDERED, "--json"]);
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toContain("is not a valid Traefik dynamic configuration");
  const report = JSON.parse(run.stdout) as {
    inSync: boolean;
    live: { sha256: string } | null;
    diff: { identical: boolean; sections: { section: string; added: string[] }[] } | null;
  };
  expect(report.inSync).toBe(false);
  expect(report.live).not.toBeNull();
  // Nothing of the expected file is live: every router would be added.
  expect(report.diff?.identical).toBe(false);
  expect(report.diff?.sections.find((s) => s.section === "routers")?.added).toContain("portainer");
  // The live file is left as it was.
  expect(await readFile(live, "utf8")).toBe(spoil(expected));
});
