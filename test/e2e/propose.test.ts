/**
 * propose against real git repositories (a bare remote and clones) and a GitHub stand-in held to
 * GitHub's OpenAPI description. No test reaches the network.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/fixtures.js";
import { createConfigRepos, git, type ConfigRepos } from "./support/config-repo.js";
import { startGitHubStandIn, type GitHubStandIn } from "./support/github-standin.js";

const BRANCH = "refs/heads/phoenix-mesh/routes";

describe("propose", () => {
  let repos: ConfigRepos;
  let github: GitHubStandIn;
  let outputs: string;

  beforeEach(async () => {
    repos = await createConfigRepos();
    github = await startGitHubStandIn();
    outputs = join(await tempDir(), "github_output");
    await writeFile(outputs, "");
  });
  afterEach(async () => {
    expect(github.violations).toEqual([]);
    await github.close();
  });

  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env["PATH"],
    HOME: process.env["HOME"],
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.url,
    GITHUB_OUTPUT: outputs,
    PHOENIX_MESH_GITHUB_RETRY_BASE_MS: "10",
    ...extra,
  });
  const propose = async (...args: string[]) => {
    const run = await runCli(
      [
        "propose",
        "--repo",
        repos.work,
        "--github-repository",
        "homelab/phoenix-config",
        "--labels",
        "routing,automated",
        "--reviewers",
        "octocat",
        ...args,
      ],
      { env: env() },
    );
    return {
      ...run,
      report:
        run.stdout === ""
          ? undefined
          : (JSON.parse(run.stdout) as {
              operation: string;
              pushed: boolean;
              pullRequest: { number: number; url: string } | null;
              error?: { message: string };
            }),
    };
  };
  const addGuest = (name: string, ip: string) => (lxc: any) => {
    lxc.lxc_configs["955"] = {
      name,
      network_config: { ip: `${ip}/24` },
      traefik_service: { name, port: 3000 },
    };
  };
  const writes = () => github.requests.filter((r) => r.method !== "GET");

  it("opens one pull request for an inventory change, with the routing changes host by host", async () => {
    await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
    const run = await propose();
    expect(run.code, run.stderr).toBe(0);
    expect(run.report).toMatchObject({ operation: "created", pushed: true, pullRequest: { number: 1 } });
    const pr = github.pulls.get(1)!;
    expect(pr.head.ref).toBe("phoenix-mesh/routes");
    expect(pr.title).toBe("routes: +grafana");
    expect(pr.body).toContain("**Plan:** 1 to add, 0 to change, 0 to remove · 5 hosts unchanged.");
    expect(pr.body).toContain(
      "| `grafana.internal.example.lan` | `http://10.0.0.160:3000 [web]` | LXC 955 grafana (traefik\\_service) |",
    );
    expect(pr.body).toContain("```mermaid\nflowchart LR");
    expect(pr.body).toMatch(
      /<details><summary>File diff \(2 hunks; revision lines left out\)<\/summary>\n\n```diff\n--- a\/traefik\/dynamic\/dynamic_conf.yml/,
    );
    expect(pr.body).toMatch(
      /Rendered from inventory commit \[`[0-9a-f]{12}`\]\(https:\/\/github.com\/homelab\/phoenix-config\/commit\/[0-9a-f]{40}\)/,
    );
    // Where the merge goes, from the base commit's settings (the example's deploy section).
    expect(pr.body).toContain(
      "After merge, `phoenix-mesh deploy` puts it into `pct://102/etc/traefik/dynamic/dynamic_conf.yml` and proves it live on Traefik `http://10.0.0.12:8080`.",
    );
    expect(pr.labels.map((l: { name: string }) => l.name)).toEqual(["routing", "automated"]);
    expect(pr.requested_reviewers.map((u: { login: string }) => u.login)).toEqual(["octocat"]);
    // The branch holds main + the rendered file, by the configured author.
    expect(git(repos.remote, "log", "-1", "--format=%an <%ae>%n%s", BRANCH)).toBe(
      "phoenix-mesh[bot] <phoenix-mesh@users.noreply.github.com>\nRender Traefik routes: 1 host added, 0 changed, 0 removed",
    );
    expect(git(repos.remote, "show", `${BRANCH}:traefik/dynamic/dynamic_conf.yml`)).toContain('"grafana":');
    // GitHub's multi-line form for every output, so no value can inject another.
    const written = await readFile(outputs, "utf8");
    const delimiter = /<<(ghadelimiter_[0-9a-f]{24})\n/.exec(written)?.[1];
    expect(written).toBe(
      [
        ["operation", "created"],
        ["pull-request-number", "1"],
        ["pull-request-url", "https://github.com/homelab/phoenix-config/pull/1"],
        ["branch", "phoenix-mesh/routes"],
        ["pushed", "true"],
      ]
        .map(([k, v]) => `${k}<<${delimiter}\n${v}\n${delimiter}\n`)
        .join(""),
    );
    // The user's clone is untouched: no new branch, no change to its checkout.
    expect(git(repos.work, "status", "--porcelain")).toBe("");
    expect(git(repos.work, "branch", "--list")).toBe("* main");
  });

  it("runs in a user's shell environment: EDITOR, PAGER, GIT_SSH_COMMAND and npm's PREFIX set", async () => {
    // simple-git refuses these unless told; a proposal must not fail because the user's shell
    // names an editor, or because it runs from an npm script.
    await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
    const run = await runCli(
      ["propose", "--repo", repos.work, "--github-repository", "homelab/phoenix-config"],
      {
        env: env({
          EDITOR: "vim",
          PAGER: "less",
          GIT_SSH_COMMAND: "ssh -o BatchMode=yes",
          PREFIX: "/usr/local",
        }),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ operation: "created", pushed: true });
  });

  it("updates the same branch and pull request after a second change, and changes nothing on a rerun", async () => {
    await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
    expect((await propose()).report?.operation).toBe("created");
    await repos.editInventory(
      (lxc) => (lxc.lxc_configs["955"].traefik_service.port = 3001),
      "Grafana on 3001",
    );
    const second = await propose();
    expect(second.report).toMatchObject({ operation: "updated", pushed: true, pullRequest: { number: 1 } });
    expect(github.pulls.size).toBe(1);
    expect(github.pulls.get(1)!.body).toContain("http://10.0.0.160:3001");
    const sha = repos.remoteSha(BRANCH);
    const writesBefore = writes().length;
    const third = await propose();
    expect(third.report).toMatchObject({ operation: "unchanged", pushed: false });
    expect(repos.remoteSha(BRANCH)).toBe(sha);
    expect(writes().length).toBe(writesBefore);
  });

  it("closes the pull request and deletes the branch when main already has the rendered file", async () => {
    await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
    await propose();
    // Merged by hand: main gets exactly the proposed file.
    const proposed = execFileSync("git", ["show", `${BRANCH}:traefik/dynamic/dynamic_conf.yml`], {
      cwd: repos.remote,
      encoding: "utf8",
    });
    await repos.commitToMain("traefik/dynamic/dynamic_conf.yml", proposed, "Render by hand");
    const run = await propose();
    expect(run.report).toMatchObject({ operation: "closed" });
    expect(github.pulls.get(1)!.state).toBe("closed");
    expect(repos.remoteSha(BRANCH)).toBeUndefined();
    expect((await propose()).report).toMatchObject({ operation: "none" });
  });

  it("closes the pull request when the inventory change is reverted", async () => {
    await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
    await propose();
    git(repos.editor, "revert", "--no-edit", "HEAD");
    git(repos.editor, "push", "-q", "origin", "HEAD:main");
    expect((await propose()).report).toMatchObject({ operation: "closed" });
    expect(repos.remoteSha(BRANCH)).toBeUndefined();
  });

  it("refuses to overwrite a branch that moved under it, and loses nothing", async () => {
    await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
    await propose();
    await repos.editInventory(
      (lxc) => (lxc.lxc_configs["955"].traefik_service.port = 3001),
      "Grafana on 3001",
    );
    // A git on PATH that lets someone else push to the branch just before our push.
    const bin = await tempDir();
    const intruder = join(bin, "intruder");
    git(bin, "clone", "-q", repos.remote, intruder);
    git(intruder, "fetch", "-q", "origin", "phoenix-mesh/routes");
    git(intruder, "checkout", "-q", "FETCH_HEAD");
    git(intruder, "commit", "-q", "--allow-empty", "-m", "someone else's commit");
    const realGit = execFileSyncWhich("git");
    await writeFile(
      join(bin, "git"),
      `#!/bin/sh\nif [ "$1" = "push" ] && [ ! -e "${bin}/moved" ]; then touch "${bin}/moved"; "${realGit}" -C "${intruder}" push -q -f origin HEAD:refs/heads/phoenix-mesh/routes; fi\nexec "${realGit}" "$@"\n`,
    );
    await chmod(join(bin, "git"), 0o755);
    const theirs = git(intruder, "rev-parse", "HEAD");
    const run = await runCli(
      ["propose", "--repo", repos.work, "--github-repository", "homelab/phoenix-config"],
      { env: env({ PATH: `${bin}:${process.env["PATH"] ?? ""}` }) },
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /the branch phoenix-mesh\/routes moved on the remote while this proposal was being made.*nothing was pushed/,
    );
    expect(repos.remoteSha(BRANCH)).toBe(theirs);
    expect(github.pulls.get(1)!.body).not.toContain("3001");
  });

  it("--dry-run says what it would do and writes nothing anywhere", async () => {
    await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
    const config = await readFile(join(repos.work, ".git/config"), "utf8");
    const run = await propose("--dry-run");
    expect(run.code, run.stderr).toBe(0);
    expect(run.report).toMatchObject({ operation: "created", pushed: false });
    expect(run.stderr).toMatch(/dry run: would push the branch, create the pull request → created/);
    expect(repos.remoteSha(BRANCH)).toBeUndefined();
    expect(writes()).toEqual([]);
    expect(await readFile(join(repos.work, ".git/config"), "utf8")).toBe(config);
    expect(await readFile(outputs, "utf8")).toBe("");
  });

  it("refuses a committed settings file whose output points outside the repository, writing nothing there (regression: --dry-run wrote it)", async () => {
    const settings = await readFile(join(repos.work, "phoenix-mesh.yaml"), "utf8");
    // propose renders in <tmp>/phoenix-mesh-propose-…/tree: ../../ from there is the temp folder itself.
    const outside = join(tmpdir(), "outside.yml");
    await repos.commitToMain(
      "phoenix-mesh.yaml",
      settings.replace(/^output: .*$/m, "output: ../../outside.yml"),
      "Point the output outside",
    );
    for (const args of [["--dry-run"], []]) {
      const run = await propose(...args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain("phoenix-mesh.yaml: output points outside the repository");
      expect(existsSync(outside)).toBe(false);
    }
    expect(repos.remoteSha(BRANCH)).toBeUndefined();
  });

  describe("GitHub's answers", () => {
    it("updates the existing pull request when creating one says it already exists (422)", async () => {
      await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
      await propose();
      await repos.editInventory(
        (lxc) => (lxc.lxc_configs["955"].traefik_service.port = 3001),
        "Grafana on 3001",
      );
      // A concurrent run's pull request that the first look-up did not see yet.
      github.failNext("GET", /\/pulls$/, [{ status: 200, body: [] }]);
      const run = await propose();
      expect(run.report).toMatchObject({ operation: "updated", pullRequest: { number: 1 } });
      expect(
        github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls")).map((r) => r.status),
      ).toEqual([201, 422]);
    });

    it("retries server errors", async () => {
      await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
      github.failNext("POST", /\/pulls$/, [
        { status: 502, body: { message: "Server Error" } },
        { status: 503, body: { message: "Unavailable" } },
      ]);
      const run = await propose();
      expect(run.report).toMatchObject({ operation: "created" });
      expect(
        github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls")).map((r) => r.status),
      ).toEqual([502, 503, 201]);
    });

    it.each([
      [
        "a secondary rate limit (403)",
        {
          status: 403,
          headers: { "retry-after": "1" },
          body: {
            message:
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            documentation_url: "https://docs.github.com/rest",
          },
        },
      ],
      [
        "too many requests (429)",
        {
          status: 429,
          headers: { "retry-after": "1" },
          body: { message: "Too Many Requests", documentation_url: "https://docs.github.com/rest" },
        },
      ],
    ])("waits out %s and retries", async (_, reply) => {
      await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
      github.failNext("POST", /\/pulls$/, [reply]);
      const started = performance.now();
      const run = await propose();
      expect(run.report, run.stderr).toMatchObject({ operation: "created" });
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
      expect(
        github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls")).map((r) => r.status),
      ).toEqual([reply.status, 201]);
    });

    it("reports a rate limit that resets in an hour as a rate limit, at once (regression: waited out four times, then blamed permissions)", async () => {
      await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
      github.failNext("POST", /\/pulls$/, [
        {
          status: 403,
          headers: { "retry-after": "3600" },
          body: {
            message:
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            documentation_url: "https://docs.github.com/rest",
          },
        },
      ]);
      const started = performance.now();
      const run = await propose();
      expect(run.code).toBe(4);
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(run.stderr).toMatch(
        /GitHub's secondary rate limit stopped "create a pull request".*resets in 3600 s/,
      );
      expect(run.stderr).toContain("longer than --rate-limit-wait (300 s)");
      expect(run.stderr).not.toMatch(/needs access|permissions/);
    });

    it("names the token variable on 401 and never prints the token", async () => {
      await repos.editInventory(addGuest("grafana", "10.0.0.160"), "Add Grafana");
      const bad = "ghp_wrongToken9876543210zyxwvuZYXWVU";
      const run = await runCli(
        [
          "propose",
          "--repo",
          repos.work,
          "--github-repository",
          "homelab/phoenix-config",
          "--token-env",
          "CONFIG_REPO_TOKEN",
        ],
        { env: { ...env(), GITHUB_TOKEN: "", CONFIG_REPO_TOKEN: bad } },
      );
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/GitHub rejected the token in CONFIG_REPO_TOKEN \(401: Bad credentials/);
      expect(run.stdout + run.stderr).not.toContain(bad);
      expect(await readFile(join(repos.work, ".git/config"), "utf8")).not.toContain(bad);
    });

    it("says which variable to set when there is no token", async () => {
      const run = await runCli(["propose", "--repo", repos.work], { env: { PATH: process.env["PATH"] } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no GitHub token in GITHUB_TOKEN/);
    });
  });
});

function execFileSyncWhich(command: string): string {
  return execFileSync("sh", ["-c", 'command -v "$1"', "sh", command], { encoding: "utf8" }).trim();
}
