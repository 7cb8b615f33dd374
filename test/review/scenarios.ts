/**
 * Routing changes as Phoenix makes them: the example config repo's inventory, edited the way an
 * operator edits phoenix_lxc_configs.json (a guest with traefik_service { name, port } and a
 * /24 address; a port bump; a guest deleted), rendered by the real CLI. The review is built from
 * the two rendered files, exactly as propose builds it.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { parseDynamicConfig } from "../../src/domain/traefik/check-dynamic.js";
import { prepareReview } from "../../src/domain/review/review.js";
import { runCli } from "../support/cli.js";
import { EXAMPLE_REPO, tempDir } from "../support/fixtures.js";

export type Edit = (inventory: { lxc: any; vm: any; settings: string }) => void;

export const FILE = "traefik/dynamic/dynamic_conf.yml";

/** The file the example repo renders after `edit`. */
export async function renderWith(edit: Edit): Promise<string> {
  const dir = await tempDir();
  await cp(EXAMPLE_REPO, dir, { recursive: true });
  const lxcPath = join(dir, "inventory/phoenix_lxc_configs.json");
  const vmPath = join(dir, "inventory/phoenix_vm_configs.json");
  const settingsPath = join(dir, "phoenix-mesh.yaml");
  const inv = {
    lxc: JSON.parse(await readFile(lxcPath, "utf8")),
    vm: JSON.parse(await readFile(vmPath, "utf8")),
    settings: await readFile(settingsPath, "utf8"),
  };
  edit(inv);
  await writeFile(lxcPath, `${JSON.stringify(inv.lxc, null, 2)}\n`);
  await writeFile(vmPath, `${JSON.stringify(inv.vm, null, 2)}\n`);
  await writeFile(settingsPath, inv.settings);
  const run = await runCli(["render", "--config", settingsPath], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  return readFile(join(dir, FILE), "utf8");
}

/** `count` guests svc-1 … svc-count in LXC 3001…, each on its own address, all on `port`. */
export function guests(count: number, port: number, first = 1): Edit {
  return ({ lxc }) => {
    for (let i = first; i < first + count; i++) {
      const id = String(3000 + i);
      lxc.lxc_configs[id] = {
        name: `svc-${i}`,
        memory_mb: 2048,
        cores: 2,
        network_config: {
          name: "eth0",
          bridge: "vmbr0",
          ip: `10.0.${20 + (i >> 8)}.${i & 255}/24`,
          gw: "10.0.0.1",
        },
        traefik_service: { name: `svc-${i}`, port },
      };
    }
  };
}

export function both(...edits: Edit[]): Edit {
  return (inv) => edits.forEach((e) => e(inv));
}

export const none: Edit = () => undefined;

/** The review of going from `before` to `after` (undefined: the first proposal, no file yet). */
export function reviewOf(before: string | undefined, after: string, domain = "internal.example.lan") {
  const parse = (text: string | undefined) =>
    text === undefined ? {} : (parseDynamicConfig(text, FILE).config ?? {});
  return prepareReview({
    before: { config: parse(before), text: before },
    after: { config: parse(after), text: after },
    labels: { old: `a/${FILE}`, new: `b/${FILE}` },
    domain,
    source: "Rendered from inventory commit `0123456789ab`, revision `c0ffee000000`.",
  });
}
