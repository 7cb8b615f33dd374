/**
 * What phoenix-mesh knows about itself: its version, where its package lies, and how to start it
 * again (the post-merge hook). Three ways to run it, told apart by a constant the build defines:
 *   - from sources (tests):        no __PM_BUILD__; the package root is three folders up;
 *   - bundled (dist/cli.js, dist/action.js): the package root is one folder up;
 *   - the single executable (build:binary): no package folder at all; it starts itself.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

declare const __PM_BUILD__: { version: string; kind: "cli" | "action" | "binary" } | undefined;

const BUILD = typeof __PM_BUILD__ === "undefined" ? undefined : __PM_BUILD__;

/** The package's folder, or undefined in the single executable (which carries everything inside). */
export function packageRoot(): string | undefined {
  if (BUILD?.kind === "binary") return undefined;
  const here = dirname(fileURLToPath(import.meta.url));
  return BUILD === undefined ? join(here, "..", "..", "..") : join(here, "..");
}

export function packageVersion(): string {
  if (BUILD !== undefined) return BUILD.version;
  const pkg = JSON.parse(readFileSync(join(packageRoot() ?? ".", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** argv that starts this phoenix-mesh again, as a hook or a script should run it. */
export function selfCommand(): string[] {
  const root = packageRoot();
  if (root === undefined) return [process.execPath];
  return [process.execPath, join(root, "bin", "phoenix-mesh.js")];
}
