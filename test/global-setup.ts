/**
 * Some end-to-end tests run the CLI as a real process (to kill it mid-deploy, or to run two at
 * once): bundle dist/ from the current sources first (npm run build), so those processes run
 * this code. dist/action.js is not rebuilt: tests run the committed one, as the runner does, and
 * test/build/bundle.test.ts fails when it is not what the sources build.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(process.execPath, [join(root, "scripts/build.mjs"), "cli"], { stdio: "inherit" });
}
