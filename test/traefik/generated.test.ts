/**
 * What phoenix-mesh knows of Traefik is generated from the pinned Traefik's Go code
 * (scripts/traefik-types.sh): this fails while the committed files differ from what the pinned
 * Traefik says, so a bumped pin cannot ship with an old description.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PROJECT_ROOT, tempDir } from "../support/fixtures.js";

function goAvailable(): boolean {
  for (const go of ["go", "/usr/local/go/bin/go"]) {
    try {
      execFileSync(go, ["version"], { stdio: "ignore" });
      return true;
    } catch {
      // try the next
    }
  }
  return false;
}

const present = goAvailable();
if (!present && process.env["CI"] === "true")
  throw new Error("Go is missing: the generated Traefik description cannot be checked");
if (!present)
  console.warn("\n!!! SKIPPED the drift test of the generated Traefik description: Go is missing\n");

it.skipIf(!present)(
  "the committed Traefik types, rule verdicts and regexp verdicts are what the pinned Traefik's code gives",
  async () => {
    const out = await tempDir();
    execFileSync("bash", [join(PROJECT_ROOT, "scripts/traefik-types.sh"), "--print", out], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    for (const [fresh, committed] of [
      ["traefik-dynamic-types.ts", "src/generated/traefik-dynamic-types.ts"],
      ["rule-verdicts.json", "test/traefik/fixtures/rule-verdicts.json"],
      ["go-regexp-errors.json", "test/traefik/fixtures/go-regexp-errors.json"],
    ] as const) {
      expect(existsSync(join(out, fresh))).toBe(true);
      expect(readFileSync(join(out, fresh), "utf8"), `${committed} is stale: run npm run traefik-types`).toBe(
        readFileSync(join(PROJECT_ROOT, committed), "utf8"),
      );
    }
  },
  900_000,
);
