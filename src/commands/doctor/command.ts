/** `phoenix-mesh doctor`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import type { Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.doctor;

export function defineDoctor(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("doctor")
    .summary("is the Traefik in LXC 102 set up to take changes safely?")
    .description(
      "Look at the real container and Traefik's API and report each finding as ok / warning / error with the reason and " +
        "the exact fix: Traefik's version and what SIGHUP does to it, the systemd unit (ExecReload, Restart=, Type=), the " +
        "static config (file provider, watch, the deploy target in the watched folder, the API, entryPoints and " +
        "certResolvers, misplaced dynamic keys), the dynamic folder (collisions, leftovers), inotify limits, and any " +
        "@file router Traefik disabled. --fix applies only safe, reversible fixes (the unit, backed up, then " +
        "systemctl daemon-reload) and never restarts Traefik without --restart.",
    )
    .option(
      "--static-path <path>",
      "Traefik's static config in the container (default: from the unit's --configfile, else /etc/traefik/traefik.yml)",
    )
    .option("--fix", "apply the safe, reversible fixes")
    .option("--restart", "with --fix: restart Traefik afterwards")
    .option("--json", "print the findings as JSON on stdout");
  addSettingOptions(command, SETTINGS);
  command
    .addHelpText("after", "\nExit: 0 all ok, 1 warnings, 8 errors (2 bad usage, 4 target unreachable).")
    .action(
      async (
        opts: { staticPath?: string; fix?: boolean; restart?: boolean; json?: boolean } & Record<
          string,
          unknown
        >,
      ) => {
        const json = opts.json === true;
        await runner(
          async () =>
            (await import("./run.js")).doctorCommand(
              {
                flags: flagValues(opts, SETTINGS),
                staticPath: opts.staticPath,
                fix: opts.fix === true,
                restart: opts.restart === true,
                json,
              },
              io,
            ),
          json,
        );
      },
    );
}
