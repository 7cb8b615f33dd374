/** `phoenix-mesh check`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import type { Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.check;

export function defineCheck(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("check")
    .summary("would Traefik load these dynamic configuration files, every object enabled?")
    .description(
      "Judge Traefik dynamic configuration files — YAML or TOML, hand-written or rendered — as Traefik v3 reads them: " +
        "keys matched without regard to case and values converted as Traefik's file provider does (from Traefik's own Go types), " +
        "rules parsed as Traefik's muxers parse them, and every reference resolved: services, middlewares, transports, " +
        "TLS options and parent routers, inside weighted, mirroring, failover and chain definitions too. A folder is read " +
        "as Traefik's directory provider reads it: all files together, the first definition of a name winning. " +
        "Exit 0 when Traefik would load it with every object enabled (warnings allowed), 2 when not.",
    )
    .argument("[paths...]", "files or folders (default: the settings' output file)")
    .option(
      "--static <file>",
      "the static configuration (traefik.yml or .toml): entryPoints, certResolvers and plugins must exist there",
    )
    .option(
      "--traefik <binary>",
      "let this Traefik binary judge: started on loopback with the files, its verdict read from its API and log",
    )
    .option("--json", "print a machine-readable result on stdout");
  addSettingOptions(command, SETTINGS);
  command
    .addHelpText(
      "after",
      `
Examples:
  $ phoenix-mesh check traefik/dynamic/                       # a folder, as Traefik's directory provider reads it
  $ phoenix-mesh check routes.yml --static traefik/traefik.yml
  $ phoenix-mesh check routes.toml --traefik /usr/local/bin/traefik --json`,
    )
    .action(
      async (
        paths: string[],
        opts: { static?: string; traefik?: string; json?: boolean } & Record<string, unknown>,
      ) => {
        const json = opts.json === true;
        await runner(
          async () =>
            (await import("./run.js")).checkCommand(
              {
                flags: flagValues(opts, SETTINGS),
                files: paths,
                static: opts.static,
                traefik: opts.traefik,
                json,
              },
              io,
            ),
          json,
        );
      },
    );
}
