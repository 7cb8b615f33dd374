/** Real git repositories for propose: a bare "remote", a clone that edits main, a clone that proposes. */
import { execFileSync } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EXAMPLE_REPO, tempDir } from "../../support/fixtures.js";

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync(
    "git",
    [
      "-c",
      "user.name=Homelab Admin",
      "-c",
      "user.email=admin@example.lan",
      "-c",
      "init.defaultBranch=main",
      ...args,
    ],
    { cwd, encoding: "utf8" },
  ).trim();

export interface ConfigRepos {
  remote: string;
  /** A clone where "the user" edits main. */
  editor: string;
  /** A clone where propose runs. */
  work: string;
  /** Edits a guest in the inventory on main, commits and pushes. */
  editInventory(change: (lxc: any) => void, message: string): Promise<void>;
  commitToMain(path: string, content: string, message: string): Promise<void>;
  remoteSha(ref: string): string | undefined;
}

export async function createConfigRepos(): Promise<ConfigRepos> {
  const root = await tempDir("phoenix-mesh-git-");
  const remote = join(root, "remote.git");
  const editor = join(root, "editor");
  const work = join(root, "work");
  git(root, "init", "-q", "--bare", remote);
  git(root, "clone", "-q", remote, editor);
  for (const entry of ["inventory", "traefik", "phoenix-mesh.yaml"])
    await cp(join(EXAMPLE_REPO, entry), join(editor, entry), { recursive: true });
  git(editor, "add", ".");
  git(editor, "commit", "-q", "-m", "Phoenix config");
  git(editor, "push", "-q", "origin", "HEAD:main");
  git(root, "clone", "-q", remote, work);
  const lxcFile = join(editor, "inventory/phoenix_lxc_configs.json");
  return {
    remote,
    editor,
    work,
    async editInventory(change, message) {
      const lxc = JSON.parse(await readFile(lxcFile, "utf8"));
      change(lxc);
      await writeFile(lxcFile, `${JSON.stringify(lxc, null, 2)}\n`);
      git(editor, "commit", "-q", "-am", message);
      git(editor, "push", "-q", "origin", "HEAD:main");
    },
    async commitToMain(path, content, message) {
      git(editor, "pull", "-q", "--ff-only", "origin", "main");
      await writeFile(join(editor, path), content);
      git(editor, "add", path);
      git(editor, "commit", "-q", "-m", message);
      git(editor, "push", "-q", "origin", "HEAD:main");
    },
    remoteSha(ref) {
      try {
        return git(remote, "rev-parse", "--verify", "-q", ref) || undefined;
      } catch {
        return undefined;
      }
    },
  };
}
