// Mutation testing of the pure core (the domain and core layers): `npm run test:mutation`.
// Not part of `npm test` (a full run takes long on two cores); incremental, so a re-run tests
// only the mutants whose code or tests changed (reports/stryker-incremental.json, kept out of git).
// Surviving mutants known to be equivalent are listed, with why, in test/mutation-equivalent.md.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
// The sandbox is a copy of the checkout elsewhere: point the tests at the real fixtures.
process.env.PHOENIX_MESH_FIXTURES ??= resolve(root, "../shared/fixtures/phoenix");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  // STRYKER_MUTATE=src/domain/model/dns.ts,… narrows a run to some files (a quick look at one area).
  mutate: process.env.STRYKER_MUTATE?.split(",") ?? ["src/domain/**/*.ts", "src/core/**/*.ts"],
  coverageAnalysis: "perTest",
  // Static mutants (a module-level regex or table, or code a test module runs while it loads)
  // are tested: each needs a reload of the test environment, so they are slow, but with
  // ignoreStatic the vitest runner still runs the "hybrid" ones (also reached by tests) without
  // the reload, the mutant never active, and reports them as survivors that no test could kill
  // (65 of the 146 survivors of the route-model files were such). Incremental mode keeps re-runs short.
  ignoreStatic: false,
  incremental: true,
  incrementalFile: join("reports", "stryker-incremental.json"),
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json", "html"],
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
