/** `phoenix-mesh propose`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import type { Command } from "commander";
import { addSettingOptions, flagValues, splitList } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS, SETTINGS as TABLE } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.propose;

export function definePropose(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("propose")
    .summary("render the config repo and keep one pull request in step with the result")
    .description(
      "In a config repository (a local clone, or --repo-url): render the inventory as the base branch has it; when the " +
        `result differs from the committed file, commit it on one branch (default ${TABLE.branch.default}), push it with ` +
        "--force-with-lease, and create or update one pull request whose body shows the routing changes host by host. " +
        "A rerun with nothing new changes nothing; when the base already has the file, the pull request is closed and the " +
        "branch deleted. Reports created | updated | unchanged | closed | none (JSON on stdout; GitHub Actions outputs " +
        `when ${TABLE.githubOutput.env} is set). Your checkout, index and branches are never touched.`,
    )
    .option("--repo <dir>", "the config repository (default: the working directory)")
    .option("--repo-url <url>", "clone the config repository from this URL instead")
    .option("-c, --config <path>", `settings file inside the repository (default ${TABLE.config.default})`)
    .option("--labels <labels>", "comma-separated labels for a new pull request", splitList)
    .option("--reviewers <users>", "comma-separated reviewers for a new pull request", splitList)
    .option("--dry-run", "print what it would do; write nothing anywhere");
  addSettingOptions(command, SETTINGS);
  command
    .addHelpText(
      "after",
      `\nThe token is read from the environment only and sent as an HTTP header; GitHub Enterprise: set ${TABLE.githubApiUrl.env}.`,
    )
    .action(
      async (
        opts: {
          repo?: string;
          repoUrl?: string;
          config?: string;
          labels?: string[];
          reviewers?: string[];
          dryRun?: boolean;
        } & Record<string, unknown>,
      ) => {
        await runner(
          async () =>
            (await import("./run.js")).proposeCommand(
              {
                flags: flagValues(opts, SETTINGS),
                repo: opts.repo,
                repoUrl: opts.repoUrl,
                config: opts.config,
                labels: opts.labels,
                reviewers: opts.reviewers,
                dryRun: opts.dryRun === true,
              },
              io,
            ),
          true,
        );
      },
    );
}
