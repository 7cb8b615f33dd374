/** Adapter (simple-git): brings `origin/<branch>` up to date in the repository holding `dir`. */
import { simpleGit } from "simple-git";
import { PhoenixMeshError } from "../../core/errors.js";
import { gitReason } from "./config-repo.js";
import { ALLOWED_FROM_USER_ENVIRONMENT, gitProcessEnv } from "./environment.js";

/** `env`: the environment git runs with (the caller's; git is never allowed to prompt). */
export async function fetchBranch(
  dir: string,
  branch: string,
  env: Record<string, string | undefined>,
): Promise<void> {
  try {
    await simpleGit({ baseDir: dir, unsafe: ALLOWED_FROM_USER_ENVIRONMENT })
      .env(gitProcessEnv(env))
      .fetch(["--quiet", "--no-tags", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  } catch (error) {
    throw new PhoenixMeshError(
      "REMOTE",
      `cannot fetch ${branch} from origin: ${gitReason((error as Error).message)}`,
      {
        hint: "check out the repository with its history (actions/checkout with fetch-depth: 0) and a token that can read it",
        cause: error,
      },
    );
  }
}
