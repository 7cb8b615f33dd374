/** `phoenix-mesh propose`: its flags, help and the call into commands/propose.ts. */
import type { Command } from "commander";
import { DEFAULT_BRANCH, proposeCommand, writeActionsOutputs } from "./run.js";
import { splitList } from "../../adapters/settings/flag-parsers.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function definePropose(program: Command, io: CommandIO, runner: Runner): void {
  program
    .command("propose")
    .summary("render the config repo and keep one pull request in step with the result")
    .description(
      "In a config repository (a local clone, or --repo-url): render the inventory as the base branch has it; when the\n" +
        "result differs from the committed file, commit it on one branch (default phoenix-mesh/routes), push it with\n" +
        "--force-with-lease, and create or update one pull request whose body shows the routing changes host by host.\n" +
        "A rerun with nothing new changes nothing; when the base already has the file, the pull request is closed and the\n" +
        "branch deleted. Reports created | updated | unchanged | closed | none (JSON on stdout; GitHub Actions outputs\n" +
        "when GITHUB_OUTPUT is set). Your checkout, index and branches are never touched.",
    )
    .option("--repo <dir>", "the config repository (default: the working directory)")
    .option("--repo-url <url>", "clone the config repository from this URL instead")
    .option("-c, --config <path>", "settings file inside the repository", "phoenix-mesh.yaml")
    .option("--base <branch>", "the branch the pull request goes into", "main")
    .option("--branch <branch>", "the proposal branch", DEFAULT_BRANCH)
    .option("--author <author>", 'commit author, "Name <email>"')
    .option("--labels <labels>", "comma-separated labels for a new pull request", splitList)
    .option("--reviewers <users>", "comma-separated reviewers for a new pull request", splitList)
    .option(
      "--github-repository <owner/name>",
      "where the pull request goes (default: GITHUB_REPOSITORY, or the origin URL)",
    )
    .option("--token-env <name>", "the environment variable holding the GitHub token", "GITHUB_TOKEN")
    .option("--dry-run", "print what it would do; write nothing anywhere")
    .addHelpText(
      "after",
      "\nThe token is read from the environment only and sent as an HTTP header; GitHub Enterprise: set GITHUB_API_URL.",
    )
    .action(
      async (opts: {
        repo?: string;
        repoUrl?: string;
        config: string;
        base: string;
        branch: string;
        author?: string;
        labels?: string[];
        reviewers?: string[];
        githubRepository?: string;
        tokenEnv: string;
        dryRun?: boolean;
      }) => {
        await runner(async () => {
          const report = await proposeCommand({ ...opts, dryRun: opts.dryRun === true }, io);
          if (report.dryRun !== true) await writeActionsOutputs(io.env, report);
          return report;
        }, true);
      },
    );
}
