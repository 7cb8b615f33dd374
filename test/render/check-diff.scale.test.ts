/**
 * `render --check` at scale: the changed line found among 1,000 guests, and the diff's edit budget
 * on files of thousands of lines. Scale tests run in `npm test`, not under mutation testing (see
 * vitest.mutation.config.ts); the budget's bound itself is held in test/diff/lines.test.ts.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { diffLines } from "../../src/domain/diff/lines.js";
import { runCli } from "../support/cli.js";
import { tempDir, writeFiles } from "../support/fixtures.js";

async function inventory(count: number, portOf: (i: number) => number): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, {
    "inventory/phoenix_hypervisor_config.json": JSON.stringify({ domain_name: "example.lan" }),
    "inventory/phoenix_vm_configs.json": JSON.stringify({ vms: [] }),
    "inventory/phoenix_lxc_configs.json": JSON.stringify({
      lxc_configs: Object.fromEntries(
        Array.from({ length: count }, (_, i) => [
          String(1000 + i),
          {
            name: `svc-${i}`,
            network_config: { ip: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}/16` },
            traefik_service: { name: `svc-${i}`, port: portOf(i) },
          },
        ]),
      ),
    }),
    "phoenix-mesh.yaml": "inventory: inventory\noutput: dynamic_conf.yml\n",
  });
  return dir;
}

it("shows the changed port's line after a one-port change at 1,000 guests (regression: line 3, unrelated routers)", async () => {
  const dir = await inventory(1000, () => 8000);
  expect(
    (await runCli(["render", "-q", "--config", join(dir, "phoenix-mesh.yaml")], { cwd: dir })).code,
  ).toBe(0);
  const changed = await inventory(1000, (i) => (i === 617 ? 8001 : 8000));
  await writeFile(join(changed, "dynamic_conf.yml"), await readFile(join(dir, "dynamic_conf.yml")));
  const run = await runCli(["render", "-q", "--check", "--config", join(changed, "phoenix-mesh.yaml")], {
    cwd: changed,
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^- +- url: "http:\/\/10\.1\.2\.118:8000"$/m);
  expect(run.stderr).toMatch(/^\+ +- url: "http:\/\/10\.1\.2\.118:8001"$/m);
  expect(run.stderr).not.toMatch(/revision/i);
  expect(run.stderr.split("\n").length).toBeLessThan(20);
});

// Bounded by the edit budget, not by a clock: at most `maxEdits` edits are searched, so the work
// has a ceiling whatever the input's size. Both sides of that budget, on files with nothing in
// common (every line an edit: n + m edits).
it("gives up cleanly past its edit budget when the files have nothing in common", () => {
  const lines = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${i}`).join("\n");
  expect(diffLines(lines("a", 20_000), lines("b", 20_000))).toEqual({ text: "", tooLarge: true });
  // 2,000 + 2,000 lines: exactly the default budget of 4,000 edits, still shown.
  const atBudget = diffLines(lines("a", 2_000), lines("b", 2_000), 1_000_000);
  expect(atBudget.tooLarge).toBe(false);
  expect(atBudget.text.split("\n").filter((l) => /^[-+] /.test(l))).toHaveLength(4_000);
  // One line more is one edit past it.
  expect(diffLines(lines("a", 2_001), lines("b", 2_000)).tooLarge).toBe(true);
  // The budget is the caller's: a smaller one gives up sooner.
  expect(diffLines(lines("a", 10), lines("b", 10), 60, 19).tooLarge).toBe(true);
  expect(diffLines(lines("a", 10), lines("b", 10), 60, 20).tooLarge).toBe(false);
});
