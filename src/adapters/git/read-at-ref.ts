/**
 * Adapter (simple-git): a file's content as committed at a ref. Imported lazily by the commands
 * that take --ref, so `render` never loads git code.
 */
import { realpath } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { simpleGit } from "simple-git";
import { PhoenixMeshError } from "../../core/errors.js";
import { gitReason } from "./config-repo.js";

export async function readAtRef(
  path: string,
  ref: string,
): Promise<{ content: string; commit: string; relativePath: string }> {
  const dir = await realpath(dirname(path)).catch(() => dirname(path));
  const git = simpleGit(dir);
  let top: string;
  try {
    top = (await git.revparse(["--show-toplevel"])).trim();
  } catch (error) {
    throw new PhoenixMeshError("USAGE", `--ref needs a git repository, and ${dir} is not in one`, {
      cause: error,
    });
  }
  const file = relative(top, `${dir}/${path.split("/").pop() ?? ""}`);
  if (file === ".." || file.startsWith("../"))
    throw new PhoenixMeshError(
      "USAGE",
      `${path} is outside the git repository at ${top}; --ref reads files of that repository only`,
      {
        hint: "pass a file inside the repository",
      },
    );
  try {
    const commit = (await git.revparse([`${ref}^{commit}`])).trim();
    return { content: await git.show([`${commit}:${file}`]), commit, relativePath: file };
  } catch (error) {
    throw new PhoenixMeshError(
      "USAGE",
      `cannot read ${file} at ${ref}: ${gitReason((error as Error).message)}`,
      {
        hint: "check the ref (a branch, tag or commit) and that the file is committed there",
        cause: error,
      },
    );
  }
}
