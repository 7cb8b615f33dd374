/**
 * Adapter (simple-git): the config repository, worked on with plumbing only — files are read at
 * a ref, commits are built with a temporary index — so a proposal never touches the user's
 * checkout, index or branches. Credentials for an https remote travel as an http.extraheader in
 * the environment (GIT_CONFIG_COUNT…), never in the remote URL, argv or .git/config.
 */
import { rm, writeFile } from "node:fs/promises";
import { makeTempDir } from "../io/temp-dir.js";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { runProcess } from "../io/exec.js";
import { ALLOWED_FROM_USER_ENVIRONMENT, gitProcessEnv } from "./environment.js";
import { PhoenixMeshError } from "../../core/errors.js";

export interface Author {
  name: string;
  email: string;
}

export interface ConfigRepo {
  readonly dir: string;
  remoteUrl(): Promise<string>;
  /** Fetches the base branch and the proposal branch (when it exists); returns their commits. */
  fetch(base: string, branch: string): Promise<{ base: string; branch: string | undefined }>;
  show(commit: string, path: string): Promise<string | undefined>;
  /** Writes the tree of `commit` into `dir` (git archive). */
  exportTree(commit: string, dir: string): Promise<void>;
  lastCommitTouching(commit: string, paths: string[]): Promise<string | undefined>;
  /** A new commit on top of `parent` whose tree is parent's with `path` set to `content`. */
  commitFile(
    parent: string,
    path: string,
    content: string,
    message: string,
    author: Author,
  ): Promise<{ commit: string; tree: string }>;
  treeOf(commit: string): Promise<string>;
  parentsOf(commit: string): Promise<string[]>;
  /** Pushes `commit` to `branch`, only if the remote branch is still at `expected` (undefined: must not exist). */
  pushWithLease(commit: string, branch: string, expected: string | undefined): Promise<void>;
  deleteWithLease(branch: string, expected: string): Promise<void>;
}

/** git's environment: never prompt; a token only as an extraheader for github.com over https. */
function gitEnv(token: string | undefined, base: Record<string, string | undefined>): Record<string, string> {
  const env = gitProcessEnv(base);
  if (token !== undefined) {
    env["GIT_CONFIG_COUNT"] = "1";
    env["GIT_CONFIG_KEY_0"] = "http.https://github.com/.extraheader";
    env["GIT_CONFIG_VALUE_0"] =
      `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  }
  return env;
}

/** Clones a config repo by URL (no checkout: proposals work on objects only). */
export async function cloneConfigRepo(
  url: string,
  dir: string,
  token: string | undefined,
  baseEnv: Record<string, string | undefined>,
): Promise<string> {
  try {
    await simpleGit({ unsafe: ALLOWED_FROM_USER_ENVIRONMENT })
      .env(gitEnv(token, baseEnv))
      .clone(url, dir, ["--quiet", "--no-checkout"]);
  } catch (error) {
    throw new PhoenixMeshError(
      "REMOTE",
      `cannot clone ${url}: ${
        redact((error as Error).message, token)
          .trim()
          .split("\n")
          .at(-1) ?? ""
      }`,
    );
  }
  return dir;
}

/** `baseEnv` is the command's environment (PATH decides which git runs). */
export async function openConfigRepo(
  dir: string,
  token: string | undefined,
  baseEnv: Record<string, string | undefined>,
): Promise<ConfigRepo> {
  const env = gitEnv(token, baseEnv);
  // The token travels in GIT_CONFIG_* variables, which simple-git only passes on when told to.
  const git: SimpleGit = simpleGit({ baseDir: dir, unsafe: ALLOWED_FROM_USER_ENVIRONMENT }).env(env);
  const fail = (what: string, error: unknown): never => {
    const message = redact((error as Error).message, token);
    throw new PhoenixMeshError("REMOTE", `git ${what} failed: ${gitReason(message)}`, { cause: undefined });
  };
  try {
    await git.revparse(["--git-dir"]);
  } catch (error) {
    throw new PhoenixMeshError(
      "USAGE",
      `${dir} is not a git repository (${firstLine((error as Error).message)})`,
      { hint: "run propose in a clone of the config repository, or pass --repo" },
    );
  }

  const remoteBranch = async (branch: string) => {
    const out = await git
      .raw(["ls-remote", "--heads", "origin", `refs/heads/${branch}`])
      .catch((e: unknown) => fail("ls-remote", e));
    return out.trim().split(/\s+/)[0] || undefined;
  };

  return {
    dir,
    async remoteUrl() {
      return (
        await git.raw(["remote", "get-url", "origin"]).catch((e: unknown) => fail("remote get-url origin", e))
      ).trim();
    },
    async fetch(base, branch) {
      const branchSha = await remoteBranch(branch);
      const refspecs = [
        `+refs/heads/${base}:refs/phoenix-mesh/base`,
        ...(branchSha === undefined ? [] : [`+refs/heads/${branch}:refs/phoenix-mesh/branch`]),
      ];
      await git
        .raw(["fetch", "--quiet", "--no-tags", "origin", ...refspecs])
        .catch((e: unknown) => fail(`fetch origin ${base}`, e));
      const baseSha = (await git.revparse(["refs/phoenix-mesh/base"])).trim();
      return { base: baseSha, branch: branchSha };
    },
    async show(commit, path) {
      try {
        return await git.show([`${commit}:${path}`]);
      } catch {
        return undefined;
      }
    },
    async exportTree(commit, target) {
      const tar = join(await makeTempDir("archive"), "tree.tar");
      try {
        await git.raw(["archive", "--format=tar", "-o", tar, commit]);
        const untar = await runProcess(["tar", "-xf", tar, "-C", target]);
        if (untar.exitCode !== 0)
          throw new PhoenixMeshError(
            "IO",
            `cannot unpack ${commit.slice(0, 12)} into ${target}: ${untar.stderr.trim()}`,
          );
      } finally {
        await rm(join(tar, ".."), { recursive: true, force: true });
      }
    },
    async lastCommitTouching(commit, paths) {
      const out = (await git.raw(["log", "-1", "--format=%H", commit, "--", ...paths])).trim();
      return out === "" ? undefined : out;
    },
    async commitFile(parent, path, content, message, author) {
      const work = await makeTempDir("index");
      try {
        const file = join(work, "blob");
        await writeFile(file, content);
        const blob = (await git.raw(["hash-object", "-w", file])).trim();
        const index = git.env({ ...env, GIT_INDEX_FILE: join(work, "index") });
        await index.raw(["read-tree", parent]);
        await index.raw(["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`]);
        const tree = (await index.raw(["write-tree"])).trim();
        const stamp = {
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_COMMITTER_NAME: author.name,
          GIT_COMMITTER_EMAIL: author.email,
        };
        const commit = (
          await git.env({ ...env, ...stamp }).raw(["commit-tree", tree, "-p", parent, "-m", message])
        ).trim();
        return { commit, tree };
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    async treeOf(commit) {
      return (await git.revparse([`${commit}^{tree}`])).trim();
    },
    async parentsOf(commit) {
      return (await git.raw(["rev-list", "--parents", "-n", "1", commit])).trim().split(/\s+/).slice(1);
    },
    async pushWithLease(commit, branch, expected) {
      try {
        await git.raw([
          "push",
          "--quiet",
          "--porcelain",
          `--force-with-lease=refs/heads/${branch}:${expected ?? ""}`,
          "origin",
          `${commit}:refs/heads/${branch}`,
        ]);
      } catch (error) {
        const message = redact((error as Error).message, token);
        if (/stale info|rejected|fetch first|non-fast-forward/i.test(message)) {
          throw new PhoenixMeshError(
            "REMOTE",
            `the branch ${branch} moved on the remote while this proposal was being made (expected it at ${expected?.slice(0, 12) ?? "nothing"}); nothing was pushed`,
            {
              hint: "someone else pushed to it: run propose again (it starts from the branch as it is now), or inspect the branch first",
            },
          );
        }
        fail(`push ${branch}`, error);
      }
    },
    async deleteWithLease(branch, expected) {
      await git
        .raw([
          "push",
          "--quiet",
          `--force-with-lease=refs/heads/${branch}:${expected}`,
          "origin",
          `:refs/heads/${branch}`,
        ])
        .catch((e: unknown) => fail(`delete ${branch}`, e));
    },
  };
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? text;
}

function redact(text: string, token: string | undefined): string {
  return token === undefined || token === "" ? text : text.split(token).join("***");
}

/**
 * The line of git's output that says what is wrong ("fatal: 'origin' does not appear to be a git
 * repository"), which is not always among the last ones; else the last three lines.
 */
export function gitReason(message: string): string {
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const said = lines.filter((l) => /^(fatal|error|remote: error|ERROR)\b/i.test(l));
  return (said.length > 0 ? said : lines.slice(-3)).join(" ");
}
