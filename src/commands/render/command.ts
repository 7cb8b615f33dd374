/** `phoenix-mesh render`: its flags and help. */
import type { Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.render;

export function defineRender(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("render")
    .summary("inventory → validated Traefik dynamic configuration")
    .description(
      "Read the Phoenix inventory (phoenix_hypervisor_config.json, phoenix_lxc_configs.json, phoenix_vm_configs.json), " +
        "validate it, discover the routes, render them through Handlebars templates, check the result is a " +
        "Traefik v3 dynamic configuration whose references all resolve, and write it atomically. " +
        "On any error nothing is written and every problem is listed with file:line:column.",
    );
  addSettingOptions(command, SETTINGS);
  command
    .option("--check", "write nothing; exit 1 and show what differs when the file on disk is stale")
    .option("--json", "print a machine-readable result on stdout")
    .option("-q, --quiet", "do not print the route table")
    .addHelpText(
      "after",
      `
Examples:
  $ phoenix-mesh render --inventory /usr/local/phoenix_hypervisor/etc --out traefik/dynamic/dynamic_conf.yml
  $ phoenix-mesh render --config phoenix-mesh.yaml --check        # in CI: is the committed file current?
  $ phoenix-mesh render --out - | less                             # look before writing

Settings precedence: flags > environment > phoenix-mesh.yaml > defaults.`,
    )
    .action(async (opts: { check?: boolean; json?: boolean; quiet?: boolean } & Record<string, unknown>) => {
      const json = opts.json === true;
      await runner(
        async () =>
          (await import("./run.js")).renderCommand(
            {
              flags: flagValues(opts, SETTINGS),
              check: opts.check === true,
              json,
              quiet: opts.quiet === true,
            },
            io,
          ),
        json,
      );
    });
}
