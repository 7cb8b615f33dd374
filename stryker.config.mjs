// Mutation testing of the pure core (the domain and core layers): `npm run test:mutation`.
// Not part of `npm test` (a full run takes long on two cores); incremental, so a re-run tests
// only the mutants whose code or tests changed (reports/stryker-incremental.json, kept out of git).
// Surviving mutants known to be equivalent are listed, with why, in test/mutation-equivalent.md.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
// The static pass (STRYKER_STATIC=1): module-level mutants, each tested against every test with
// the module reloaded. Its reports are kept apart; scripts/mutation-report.mjs merges them.
const staticPass = process.env.STRYKER_STATIC === "1";
const reportDir = staticPass ? "reports/mutation-static" : "reports/mutation";
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
  // need a reload of the test environment and every test: ~80 minutes for the route-model files
  // alone on two cores. They are left out by default; STRYKER_STATIC=1 tests them. Note that the
  // vitest runner still runs "hybrid" ones (static, and also reached by tests) without the reload,
  // so they are never active and count as survivors: the default score errs low, never high
  // (test/mutation-equivalent.md lists them apart).
  // So the main run is followed by a static pass over the static mutants that survived it:
  //   STRYKER_STATIC=1 STRYKER_MUTATE="$(npm run -s test:mutation:report -- --static-targets)" npx stryker run
  // and `npm run test:mutation:report` gives the score of the two together.
  ignoreStatic: !staticPass,
  incremental: true,
  incrementalFile: join(
    "reports",
    staticPass ? "stryker-incremental-static.json" : "stryker-incremental.json",
  ),
  jsonReporter: { fileName: join(reportDir, "mutation.json") },
  htmlReporter: { fileName: join(reportDir, "index.html") },
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json", "html"],
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
