/**
 * One rule for streams, every command: reports and logs for people on stderr; stdout only for
 * data (--json, --out -, and diff, whose output is the diff). Scripts can pipe stdout unfiltered.
 */
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { EXAMPLE_REPO, tempDir } from "../support/fixtures.js";

const RENDERED = join(EXAMPLE_REPO, "traefik/dynamic/dynamic_conf.yml");
// Nothing listens on port 9 of loopback: the remote side is unreachable, never another machine.
const API = "http://127.0.0.1:9";

it.each([
  [
    "render",
    async () => [
      "render",
      "--config",
      join(EXAMPLE_REPO, "phoenix-mesh.yaml"),
      "--out",
      join(await tempDir(), "o.yml"),
    ],
  ],
  [
    "render --check",
    () => Promise.resolve(["render", "--config", join(EXAMPLE_REPO, "phoenix-mesh.yaml"), "--check"]),
  ],
  ["verify", () => Promise.resolve(["verify", "--api", API, "--file", RENDERED, "--timeout", "1"])],
  [
    "deploy",
    async () => [
      "deploy",
      "--target",
      `file://${await tempDir()}/dynamic_conf.yml`,
      "--api",
      API,
      "--file",
      RENDERED,
    ],
  ],
  [
    "status",
    async () => ["status", "--target", `file://${await tempDir()}/dynamic_conf.yml`, "--file", RENDERED],
  ],
  ["doctor", async () => ["doctor", "--target", `file://${await tempDir()}/dynamic_conf.yml`, "--api", API]],
])("%s writes nothing on stdout without --json", async (_, argv) => {
  const run = await runCli(await argv());
  expect(run.stderr).not.toBe("");
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toMatch(/internal error/);
});

it.each([
  ["verify", ["verify", "--api", API, "--file", RENDERED, "--timeout", "1", "--json"]],
  [
    "status",
    ["status", "--target", "file:///nonexistent-dir/dynamic_conf.yml", "--file", RENDERED, "--json"],
  ],
  ["diff", ["diff", RENDERED, RENDERED, "--json"]],
])("%s --json puts one JSON document on stdout", async (_, argv) => {
  const run = await runCli(argv);
  expect(() => JSON.parse(run.stdout)).not.toThrow();
});
