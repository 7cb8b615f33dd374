/** `phoenix-mesh diff`: its flags, help and the call into commands/diff.ts. */
import { Option, type Command } from "commander";
import { diffCommand, type DiffFormat } from "./run.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function defineDiff(program: Command, io: CommandIO, runner: Runner): void {
  program
    .command("diff")
    .summary("what changes for routing between two dynamic configurations")
    .description(
      "Routers, services, middlewares and serversTransports added, removed or changed, and for each Host its old → new\nbackends, entryPoints, TLS and transport. Key order and the revision marker do not count as changes.",
    )
    .argument("[files...]", "OLD NEW; with --ref, the new side (default: the settings' output)")
    .option("-c, --config <file>", "settings file, for the default file")
    .option("--ref <ref>", "compare with the file as committed at this git ref")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"),
    )
    .option("--exit-code", "exit 1 when they route differently")
    .addHelpText(
      "after",
      '\nExamples:\n  $ phoenix-mesh diff old.yml new.yml\n  $ phoenix-mesh diff --ref origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"',
    )
    .action(
      async (
        files: string[],
        opts: { config?: string; ref?: string; format: DiffFormat; exitCode?: boolean },
      ) => {
        await runner(async () => {
          await diffCommand(
            {
              config: opts.config,
              files,
              ref: opts.ref,
              format: opts.format,
              exitCode: opts.exitCode === true,
            },
            io,
          );
          return {};
        }, false);
      },
    );
}
