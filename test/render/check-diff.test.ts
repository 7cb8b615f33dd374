/** `render --check` shows the line that changed, at any size, and never the revision lines. */
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

it("says when only the revision differs", () => {
  const a =
    "# revision: aaaaaaaaaaaa  inputs: sha256:1\nhttp:\n  middlewares:\n    phoenix-mesh-revision-aaaaaaaaaaaa:\n";
  const b = a.replace(/a{12}/g, "bbbbbbbbbbbb");
  expect(diffLines(a, b).text).toBe("only the revision differs (templates or the tool's version changed)\n");
});

it("gives up cleanly, in bounded time, when the files have nothing in common", () => {
  const a = Array.from({ length: 20_000 }, (_, i) => `a${i}`).join("\n");
  const b = Array.from({ length: 20_000 }, (_, i) => `b${i}`).join("\n");
  const started = performance.now();
  expect(diffLines(a, b).tooLarge).toBe(true);
  expect(performance.now() - started).toBeLessThan(5_000);
});
