/** `phoenix-mesh render`: its flags, help and the call into commands/render.ts. */
import { Option, type Command } from "commander";
import { renderCommand } from "./run.js";
import { ENV } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function defineRender(program: Command, io: CommandIO, runner: Runner): void {
  program
    .command("render")
    .summary("inventory → validated Traefik dynamic configuration")
    .description(
      "Read the Phoenix inventory (phoenix_hypervisor_config.json, phoenix_lxc_configs.json, phoenix_vm_configs.json),\n" +
        "validate it, discover the routes, render them through Handlebars templates, check the result is a\n" +
        "Traefik v3 dynamic configuration whose references all resolve, and write it atomically.\n" +
        "On any error nothing is written and every problem is listed with file:line:column.",
    )
    .option(
      "-c, --config <file>",
      `settings file (env ${ENV.config}; default ./phoenix-mesh.yaml when present)`,
    )
    .option("-i, --inventory <dir>", `folder with the Phoenix JSON files (env ${ENV.inventory})`)
    .option(
      "-o, --out <file>",
      `where to write; "-" prints to stdout (env ${ENV.output}; default dynamic_conf.yml)`,
    )
    .option(
      "-t, --templates <dir>",
      `templates that override the built-in ones by name (env ${ENV.templates})`,
    )
    .option(
      "--domain <domain>",
      `domain for <name>.<domain> hosts (env ${ENV.domain}; default internal.<domain_name>)`,
    )
    .option(
      "--static <file>",
      `Traefik's static traefik.yml to check entryPoints, certResolvers, file provider (env ${ENV.staticConfig})`,
    )
    .option("--check", "write nothing; exit 1 and show what differs when the file on disk is stale")
    .option("--json", "print a machine-readable result on stdout")
    .addOption(new Option("-q, --quiet", "do not print the route table"))
    .addHelpText(
      "after",
      `
Examples:
  $ phoenix-mesh render --inventory /usr/local/phoenix_hypervisor/etc --out traefik/dynamic/dynamic_conf.yml
  $ phoenix-mesh render --config phoenix-mesh.yaml --check        # in CI: is the committed file current?
  $ phoenix-mesh render --out - | less                             # look before writing

Settings precedence: flags > environment > phoenix-mesh.yaml > defaults.`,
    )
    .action(
      async (opts: {
        config?: string;
        inventory?: string;
        out?: string;
        templates?: string;
        domain?: string;
        static?: string;
        check?: boolean;
        json?: boolean;
        quiet?: boolean;
      }) => {
        await runner(
          () =>
            renderCommand(
              {
                config: opts.config,
                inventory: opts.inventory,
                output: opts.out,
                templates: opts.templates,
                domain: opts.domain,
                staticConfig: opts.static,
                check: opts.check === true,
                json: opts.json === true,
                quiet: opts.quiet === true,
              },
              io,
            ),
          opts.json === true,
        );
      },
    );
}
