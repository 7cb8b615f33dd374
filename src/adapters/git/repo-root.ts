/** Adapter (simple-git): the top folder and hooks folder of the repository holding `dir`. */
import { simpleGit } from "simple-git";
import { PhoenixMeshError } from "../../core/errors.js";

export async function repoPaths(dir: string): Promise<{ top: string; hooks: string }> {
  const git = simpleGit(dir);
  try {
    const top = (await git.revparse(["--show-toplevel"])).trim();
    const hooks = (await git.revparse(["--path-format=absolute", "--git-path", "hooks"])).trim();
    return { top, hooks };
  } catch (error) {
    throw new PhoenixMeshError("USAGE", `${dir} is not inside a git repository`, {
      hint: "run it in a clone of the config repository, or pass --repo",
      cause: error,
    });
  }
}
