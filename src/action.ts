/**
 * The GitHub Action (action.yml: `runs.using: node24`, `main: dist/action.js`). Like cli.ts it is
 * a top: it reads the action's inputs the way the runner passes them (INPUT_<NAME> in the
 * environment), and runs `propose`, or `check` (the route diff into the job summary, then
 * `render --check`), in this process through the CLI's own main(). Nothing is installed at run
 * time: dist/action.js is one bundled file, committed.
 */
import { appendFile } from "node:fs/promises";
import { main } from "./cli.js";
import { fetchBranch } from "./adapters/git/fetch-branch.js";
import { resolveSetting } from "./adapters/settings/resolve.js";
import { SETTINGS } from "./adapters/settings/table.js";
import type { CommandIO } from "./core/command-io.js";
import { EXIT, exitCodeFor, PhoenixMeshError, type ExitCode } from "./core/errors.js";

/** Every input action.yml declares, with its default (the runner passes defaults too). */
export const ACTION_INPUTS = {
  command: "propose",
  config: "phoenix-mesh.yaml",
  base: "main",
  branch: "phoenix-mesh/routes",
  labels: "",
  reviewers: "",
  author: "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>",
  "traefik-binary": "",
  token: "",
} as const;

type InputName = keyof typeof ACTION_INPUTS;

/** The runner's name for an input: INPUT_ + upper case, spaces as underscores (hyphens stay). */
function input(env: CommandIO["env"], name: InputName): string {
  const value = env[`INPUT_${name.toUpperCase().replace(/ /g, "_")}`]?.trim() ?? "";
  return value === "" ? ACTION_INPUTS[name] : value;
}

export async function runAction(io: CommandIO): Promise<ExitCode> {
  const command = input(io.env, "command");
  const config = input(io.env, "config");
  const base = input(io.env, "base");
  if (command === "propose") {
    const token = input(io.env, "token");
    const argv = ["propose", "--config", config, "--base", base, "--branch", input(io.env, "branch")];
    argv.push("--author", input(io.env, "author"));
    const labels = input(io.env, "labels");
    const reviewers = input(io.env, "reviewers");
    if (labels !== "") argv.push("--labels", labels);
    if (reviewers !== "") argv.push("--reviewers", reviewers);
    // The token reaches propose the one way tokens travel: the environment.
    return main(argv, {
      ...io,
      env: { ...io.env, ...(token === "" ? {} : { [SETTINGS.tokenEnv.default]: token }) },
    });
  }
  if (command === "check") return check(io, config, base, input(io.env, "traefik-binary"));
  io.stderr(`error: the action's command input is "${command}"\n  → use propose or check\n`);
  return EXIT.invalid;
}

/** The route diff against the base branch into the job summary, then `render --check` decides. */
async function check(io: CommandIO, config: string, base: string, traefik: string): Promise<ExitCode> {
  const summaryFile = resolveSetting("githubStepSummary", {
    flags: {},
    env: io.env,
    file: undefined,
    cwd: io.cwd,
  }).value;
  try {
    await fetchBranch(io.cwd, base, io.env);
  } catch (error) {
    if (!(error instanceof PhoenixMeshError)) throw error;
    io.stderr(`warning: ${error.message}; the diff uses what the checkout already has\n`);
  }
  let markdown = "";
  const diffCode = await main(
    ["diff", "--config", config, "--ref", `origin/${base}`, "--format", "markdown"],
    { ...io, stdout: (t) => (markdown += t) },
  );
  const summary = typeof summaryFile === "string" && summaryFile !== "" ? summaryFile : undefined;
  const body =
    diffCode === EXIT.ok || diffCode === EXIT.difference
      ? markdown
      : `The route diff could not be made (exit ${diffCode}); see the job log.\n`;
  if (summary !== undefined) await appendFile(summary, `## Routing changes against ${base}\n\n${body}\n`);
  else io.stdout(markdown);
  const rendered = await main(["render", "--config", config, "--check"], io);
  const code = rendered === EXIT.ok && traefik !== "" ? await judge(io, config, traefik, summary) : rendered;
  if (rendered !== EXIT.ok && summary !== undefined) {
    const why =
      rendered === EXIT.difference
        ? "the committed file is not what the inventory renders: run `phoenix-mesh render` and commit the result"
        : "the inventory, settings or templates are not valid: the job log and the annotations say where";
    await appendFile(summary, `> [!CAUTION]\n> \`render --check\` failed (exit ${rendered}): ${why}.\n`);
  }
  return code;
}

/** The committed file, judged by the Traefik the homelab runs: its verdict into the log and the summary. */
async function judge(
  io: CommandIO,
  config: string,
  traefik: string,
  summary: string | undefined,
): Promise<ExitCode> {
  let said = "";
  const code = await main(["check", "--config", config, "--traefik", traefik], {
    ...io,
    stderr: (t) => {
      said += t;
      io.stderr(t);
    },
  });
  if (summary !== undefined) {
    const lines = said
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("starting "));
    await appendFile(
      summary,
      code === EXIT.ok
        ? `✅ ${lines.at(-1) ?? "Traefik loads the file"}\n`
        : `> [!CAUTION]\n> A real Traefik refuses the committed file:\n${lines.map((l) => `> ${l}`).join("\n")}\n`,
    );
  }
  return code;
}

/** dist/action.js: the runner starts it with `node24 dist/action.js` in the caller's workspace. */
export async function actionMain(): Promise<void> {
  const io: CommandIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
  try {
    process.exitCode = await runAction(io);
  } catch (error) {
    io.stderr(`internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
