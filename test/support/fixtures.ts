/** Paths of the real Phoenix inventories (read in place, never copied) and temp folders. */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile, mkdir, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The real inventories live beside the checkout (../shared), in CI too; never copied into the repo. */
export const PHOENIX_FIXTURES = resolve(
  process.env["PHOENIX_MESH_FIXTURES"] ?? resolve(PROJECT_ROOT, "../shared/fixtures/phoenix"),
);
if (!existsSync(PHOENIX_FIXTURES)) {
  throw new Error(
    `the Phoenix fixtures are not at ${PHOENIX_FIXTURES}: check out shared/ beside this repository, or set PHOENIX_MESH_FIXTURES`,
  );
}
export const PORTS_CONVENTION = join(PHOENIX_FIXTURES, "2025-10-20-ports-convention");
export const SERVICE_CONVENTION = join(PHOENIX_FIXTURES, "2025-11-04-traefik-service-convention");
export const EXAMPLE_REPO = join(PROJECT_ROOT, "examples/config-repo");
export const EXAMPLE_INVENTORY = join(EXAMPLE_REPO, "inventory");

const temps: string[] = [];

/** A temp folder removed after the current test, pass or fail. */
export async function tempDir(prefix = "phoenix-mesh-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

/** A writable copy of the example inventory, for tests that break it on purpose. */
export async function copyExampleInventory(): Promise<string> {
  const dir = await tempDir();
  await cp(EXAMPLE_INVENTORY, join(dir, "inventory"), { recursive: true });
  return join(dir, "inventory");
}

/**
 * One HTTP router and its service: the YAML example of Traefik's router reference
 * (docs/content/reference/routing-configuration/http/routing/router.md at the pinned v3.6.12),
 * reduced to the fields a route needs, with a loadBalancer service as in its services reference.
 * The smallest dynamic file Traefik loads with every object enabled; tests append to it.
 */
export const ONE_ROUTE = `http:
  routers:
    app:
      rule: Host(\`app.lan\`)
      service: app
  services:
    app:
      loadBalancer:
        servers:
          - url: http://10.0.0.5:8080
`;
