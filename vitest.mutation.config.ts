/**
 * The tests mutation testing runs (npm run test:mutation, stryker.config.mjs): every test that
 * exercises the pure core in this process — no real Traefik, sshd, git server, Go or browser, no
 * rebuild of dist/. Stryker runs them from a sandbox copy of the checkout, so the Phoenix
 * fixtures are found through PHOENIX_MESH_FIXTURES (set by stryker.config.mjs).
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Also out: test/settings/table.test.ts scans src/ for environment reads, and Stryker's
    // instrumented copies read its own variables (the settings table is an adapter anyway).
    exclude: [
      "test/e2e/**",
      "test/build/**",
      "test/actions/**",
      "test/traefik/generated.test.ts",
      "test/settings/table.test.ts",
      // Scale tests (1,000 guests rendered, 2,000-host bodies, diffs at their edit budget) cover
      // most of the core and take minutes each under instrumentation, once per mutant they reach.
      // They stay in `npm test`; each bound they reach is also held by a small unit test.
      "test/**/*.scale.test.ts",
    ],
    // Instrumented code runs many times slower: the diff tests at their 4,000-edit budget take
    // over 30 s under Stryker's per-test coverage.
    testTimeout: 180_000,
    pool: "forks",
  },
});
