/** `phoenix-mesh status`: its flags, help and the call into commands/status.ts. */
import type { Command } from "commander";
import { TARGET_ENV } from "../deploy/run.js";
import { statusCommand } from "./run.js";
import { TRAEFIK_API_ENV } from "../verify/run.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function defineStatus(program: Command, io: CommandIO, runner: Runner): void {
  program
    .command("status")
    .summary("is the live file the one git says? (exit 1 on drift)")
    .description(
      "Compare the file in the Traefik container with the rendered one (--file, or as committed at --ref): digests,\nrevisions and, when they differ, what differs host by host. With --api, also which revision Traefik serves.",
    )
    .option("-c, --config <file>", "settings file")
    .option("-f, --file <file>", "the expected file (default: the settings' output)")
    .option("--ref <ref>", "the expected file as committed at this git ref")
    .option("--target <url>", `where the live file is (env ${TARGET_ENV})`)
    .option("--api <url>", `Traefik's API (env ${TRAEFIK_API_ENV})`)
    .option("--json", "print the report as JSON on stdout")
    .action(
      async (opts: {
        config?: string;
        file?: string;
        ref?: string;
        target?: string;
        api?: string;
        json?: boolean;
      }) => {
        await runner(
          () =>
            statusCommand(
              {
                config: opts.config,
                file: opts.file,
                ref: opts.ref,
                target: opts.target,
                api: opts.api,
                json: opts.json === true,
              },
              io,
            ),
          opts.json === true,
        );
      },
    );
}
