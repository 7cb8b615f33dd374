/** `phoenix-mesh verify`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import type { Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.verify;

export function defineVerify(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("verify")
    .summary("does Traefik serve this file? (revision loaded, every router enabled, every Host answering)")
    .description(
      "Ask Traefik's API whether it serves the file: waits until the file's revision marker shows up (proof that this " +
        "file, not an older one, is loaded), then checks every router, service, middleware and serversTransport the file " +
        "defines is enabled without errors, printing Traefik's own error text for any that is not. With --probe, sends one " +
        "request per Host through the entryPoint: 404, 500, 502, 503 and 504 are failures.",
    )
    .option("-f, --file <file>", "the dynamic configuration to verify (default: the settings' output)")
    .option("--json", "print the report as JSON on stdout");
  addSettingOptions(command, SETTINGS);
  command
    .addHelpText(
      "after",
      `
Examples:
  $ phoenix-mesh verify --api http://10.0.0.12:8080 --file traefik/dynamic/dynamic_conf.yml
  $ phoenix-mesh verify --api http://10.0.0.12:8080 --probe http://10.0.0.12 --json`,
    )
    .action(async (opts: { file?: string; json?: boolean } & Record<string, unknown>) => {
      const json = opts.json === true;
      await runner(
        async () =>
          (await import("./run.js")).verifyCommand(
            { flags: flagValues(opts, SETTINGS), file: opts.file, json },
            io,
          ),
        json,
      );
    });
}
