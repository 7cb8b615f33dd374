/** `phoenix-mesh doctor`: its flags, help and the call into commands/doctor.ts. */
import type { Command } from "commander";
import { TARGET_ENV } from "../deploy/run.js";
import { doctorCommand } from "./run.js";
import { TRAEFIK_API_ENV } from "../verify/run.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function defineDoctor(program: Command, io: CommandIO, runner: Runner): void {
  program
    .command("doctor")
    .summary("is the Traefik in LXC 102 set up to take changes safely?")
    .description(
      "Look at the real container and Traefik's API and report each finding as ok / warning / error with the reason and\n" +
        "the exact fix: Traefik's version and what SIGHUP does to it, the systemd unit (ExecReload, Restart=, Type=), the\n" +
        "static config (file provider, watch, the deploy target in the watched folder, the API, entryPoints and\n" +
        "certResolvers, misplaced dynamic keys), the dynamic folder (collisions, leftovers), inotify limits, and any\n" +
        "@file router Traefik disabled. --fix applies only safe, reversible fixes (the unit, backed up, then\n" +
        "systemctl daemon-reload) and never restarts Traefik without --restart.",
    )
    .option("-c, --config <file>", "settings file (deploy.target, deploy.traefik_api)")
    .option("--target <url>", `the deploy target to examine (env ${TARGET_ENV})`)
    .option("--api <url>", `Traefik's API (env ${TRAEFIK_API_ENV})`)
    .option(
      "--static-path <path>",
      "Traefik's static config in the container (default: from the unit's --configfile, else /etc/traefik/traefik.yml)",
    )
    .option("--fix", "apply the safe, reversible fixes")
    .option("--restart", "with --fix: restart Traefik afterwards")
    .option("--json", "print the findings as JSON on stdout")
    .addHelpText("after", "\nExit: 0 all ok, 1 warnings, 8 errors (2 bad usage, 4 target unreachable).")
    .action(
      async (opts: {
        config?: string;
        target?: string;
        api?: string;
        staticPath?: string;
        fix?: boolean;
        restart?: boolean;
        json?: boolean;
      }) => {
        await runner(
          () =>
            doctorCommand(
              {
                config: opts.config,
                target: opts.target,
                api: opts.api,
                staticPath: opts.staticPath,
                fix: opts.fix === true,
                restart: opts.restart === true,
                json: opts.json === true,
              },
              io,
            ),
          opts.json === true,
        );
      },
    );
}
