/**
 * The environment git runs with: the user's own (PATH picks the git; GIT_SSH_COMMAND, an askpass
 * helper or a proxy reach an ssh or https remote), and git never prompts.
 *
 * simple-git refuses some variables unless told they are allowed: its guards are for environments
 * built from untrusted data. This one is the user's, so the variables that matter to a fetch or a
 * push (ssh command, askpass, config paths, proxy, template folder, and the GIT_CONFIG_* pairs that
 * carry the token) are allowed; those that only choose an editor, a pager or a diff program —
 * which the plumbing commands phoenix-mesh runs never start — are dropped, so a shell with
 * EDITOR=vim (or an npm script, which sets PREFIX) does not stop a proposal.
 */
export const DROPPED_VARIABLES = [
  "EDITOR",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "PAGER",
  "GIT_PAGER",
  "GIT_EXTERNAL_DIFF",
  "PREFIX",
];

export const ALLOWED_FROM_USER_ENVIRONMENT = {
  allowUnsafeSshCommand: true,
  allowUnsafeAskPass: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeGitProxy: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeConfigEnvCount: true,
} as const;

export function gitProcessEnv(base: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || DROPPED_VARIABLES.includes(name.toUpperCase())) continue;
    env[name] = value;
  }
  env["GIT_TERMINAL_PROMPT"] = "0";
  return env;
}
