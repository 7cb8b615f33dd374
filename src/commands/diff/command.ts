/** `phoenix-mesh diff`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import { Option, type Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";
import type { DiffFormat } from "./run.js";

const SETTINGS = COMMAND_SETTINGS.diff;

export function defineDiff(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("diff")
    .summary("what changes for routing between two dynamic configurations")
    .description(
      "Routers, services, middlewares and serversTransports added, removed or changed, and for each Host its old → new backends, entryPoints, TLS and transport. Key order and the revision marker do not count as changes.",
    )
    .argument("[files...]", "OLD NEW; with --ref, the new side (default: the settings' output)")
    .option("--ref <ref>", "compare with the file as committed at this git ref")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"),
    )
    .option("--exit-code", "exit 1 when they route differently")
    .option("--json", "the same as --format json (every command takes --json)");
  addSettingOptions(command, SETTINGS);
  command
    .addHelpText(
      "after",
      '\nExamples:\n  $ phoenix-mesh diff old.yml new.yml\n  $ phoenix-mesh diff --ref origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"',
    )
    .action(
      async (
        files: string[],
        opts: { ref?: string; format: DiffFormat; exitCode?: boolean; json?: boolean } & Record<
          string,
          unknown
        >,
      ) => {
        await runner(async () => {
          await (
            await import("./run.js")
          ).diffCommand(
            {
              flags: flagValues(opts, SETTINGS),
              files,
              ref: opts.ref,
              format: opts.json === true ? "json" : opts.format,
              exitCode: opts.exitCode === true,
            },
            io,
          );
          return {};
        }, false);
      },
    );
}
