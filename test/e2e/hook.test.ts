/** `hook install` in a real clone; the hook deploys when a merge changes the rendered file. */
import { execFileSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDir, writeFiles } from "../support/fixtures.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, encoding: "utf8" });

describe("hook install", () => {
  async function repo(): Promise<string> {
    const dir = await tempDir();
    git(dir, "init", "-q", "-b", "main");
    await writeFiles(dir, {
      "phoenix-mesh.yaml":
        "inventory: inventory\noutput: traefik/dynamic/dynamic_conf.yml\ndeploy:\n  target: pct://102/etc/traefik/dynamic/dynamic_conf.yml\n  traefik_api: http://10.0.0.12:8080\n",
      "traefik/dynamic/dynamic_conf.yml": "http: {}\n",
    });
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "init");
    return dir;
  }

  it("writes an executable post-merge hook that deploys the committed file when a merge changed it", async () => {
    const dir = await repo();
    const run = await runCli(["hook", "install", "--json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const hook = join(dir, ".git/hooks/post-merge");
    expect((await stat(hook)).mode & 0o111).not.toBe(0);
    const script = await readFile(hook, "utf8");
    expect(script).toContain("git diff --quiet ORIG_HEAD HEAD -- traefik/dynamic/dynamic_conf.yml");
    expect(script).toMatch(/deploy --config phoenix-mesh.yaml --ref HEAD\n$/);
    // The script is valid sh.
    execFileSync("sh", ["-n", hook]);
  });

  it("runs deploy after a merge that changed the rendered file, and stays quiet after one that did not", async () => {
    const dir = await repo();
    // A target and an API on loopback that nothing answers: the hook's deploy fails fast, which
    // is enough to see that it ran, with what.
    await writeFiles(dir, {
      "phoenix-mesh.yaml":
        "inventory: inventory\noutput: traefik/dynamic/dynamic_conf.yml\ndeploy:\n  target: file:///nonexistent/dynamic/dynamic_conf.yml\n  traefik_api: http://127.0.0.1:9\n",
    });
    git(dir, "commit", "-q", "-am", "loopback target");
    expect((await runCli(["hook", "install"], { cwd: dir })).code).toBe(0);
    const merge = (branch: string, file: string, content: string) => {
      git(dir, "checkout", "-q", "-b", branch);
      execFileSync("sh", ["-c", 'printf "%s" "$2" > "$1"', "sh", join(dir, file), content]);
      git(dir, "commit", "-q", "-am", branch);
      git(dir, "checkout", "-q", "main");
      return execFileSync(
        "sh",
        [
          "-c",
          'git -c user.name=t -c user.email=t@t merge -q --no-ff --no-edit "$1" 2>&1 || true',
          "sh",
          branch,
        ],
        { cwd: dir, encoding: "utf8" },
      );
    };
    const quiet = merge(
      "docs",
      "phoenix-mesh.yaml",
      "inventory: inventory\noutput: traefik/dynamic/dynamic_conf.yml\ndeploy:\n  target: file:///nonexistent/dynamic/dynamic_conf.yml\n  traefik_api: http://127.0.0.1:9\n# note\n",
    );
    expect(quiet).not.toContain("phoenix-mesh");
    const deployed = merge(
      "routes",
      "traefik/dynamic/dynamic_conf.yml",
      // (`routers: {}` would not do: Traefik refuses an empty section, and so does deploy.)
      'http:\n  middlewares:\n    m: {headers: {customResponseHeaders: {X-A: "1"}}}\n',
    );
    expect(deployed).toMatch(
      /phoenix-mesh: traefik\/dynamic\/dynamic_conf.yml changed in this merge; deploying it/,
    );
    expect(deployed).toMatch(/cannot reach Traefik's API at http:\/\/127.0.0.1:9/);
  });

  it("refuses to overwrite someone else's hook without --force, and keeps it with --force", async () => {
    const dir = await repo();
    await writeFiles(dir, { ".git/hooks/post-merge": "#!/bin/sh\necho mine\n" });
    const refused = await runCli(["hook", "install"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists and is not phoenix-mesh's\n {2}→ .*--force/);
    expect(await readFile(join(dir, ".git/hooks/post-merge"), "utf8")).toBe("#!/bin/sh\necho mine\n");
    expect((await runCli(["hook", "install", "--force"], { cwd: dir })).code).toBe(0);
    expect(await readFile(join(dir, ".git/hooks/post-merge.before-phoenix-mesh"), "utf8")).toBe(
      "#!/bin/sh\necho mine\n",
    );
  });

  it("says what is missing when the settings have no deploy section", async () => {
    const dir = await tempDir();
    git(dir, "init", "-q");
    await writeFiles(dir, { "phoenix-mesh.yaml": "inventory: inventory\n" });
    const run = await runCli(["hook", "install"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no deploy.target or deploy.traefik_api/);
  });
});
