/** `phoenix-mesh status`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import type { Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.status;

export function defineStatus(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("status")
    .summary("is the live file the one git says? (exit 1 on drift)")
    .description(
      "Compare the file in the Traefik container with the rendered one (--file, or as committed at --ref): digests, revisions and, when they differ, what differs host by host. With --api, also which revision Traefik serves.",
    )
    .option("-f, --file <file>", "the expected file (default: the settings' output)")
    .option("--ref <ref>", "the expected file as committed at this git ref")
    .option("--json", "print the report as JSON on stdout");
  addSettingOptions(command, SETTINGS);
  command.action(async (opts: { file?: string; ref?: string; json?: boolean } & Record<string, unknown>) => {
    const json = opts.json === true;
    await runner(
      async () =>
        (await import("./run.js")).statusCommand(
          { flags: flagValues(opts, SETTINGS), file: opts.file, ref: opts.ref, json },
          io,
        ),
      json,
    );
  });
}
