import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script without types
import { compileSchemas } from "../scripts/compile-schemas.mjs";
import { PROJECT_ROOT } from "./support/fixtures.js";

describe("compiled schema validators", () => {
  it("are up to date with schemas/*.schema.json (run `npm run schemas` after editing one)", async () => {
    const committed = await readFile(join(PROJECT_ROOT, "src/generated/schemas.ts"), "utf8");
    expect(committed === (compileSchemas as () => string)()).toBe(true);
  });
});
