/** Files that ship with the package (schemas, built-in templates), found from dist/ or src/. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function readPackageFile(...segments: string[]): string {
  return readFileSync(join(PACKAGE_ROOT, ...segments), "utf8");
}

export function packageVersion(): string {
  const pkg = JSON.parse(readPackageFile("package.json")) as { version: string };
  return pkg.version;
}
