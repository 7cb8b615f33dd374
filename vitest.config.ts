import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end suites start real processes (Traefik, sshd); two cores, so keep forks modest.
    pool: "forks",
    maxWorkers: 2,
  },
});
