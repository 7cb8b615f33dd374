/** `phoenix-mesh verify`: its flags, help and the call into commands/verify.ts. */
import type { Command } from "commander";
import { TRAEFIK_API_ENV, verifyCommand } from "./run.js";
import { parseSeconds } from "../../adapters/settings/flag-parsers.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function defineVerify(program: Command, io: CommandIO, runner: Runner): void {
  program
    .command("verify")
    .summary("does Traefik serve this file? (revision loaded, every router enabled, every Host answering)")
    .description(
      "Ask Traefik's API whether it serves the file: waits until the file's revision marker shows up (proof that this\n" +
        "file, not an older one, is loaded), then checks every router, service, middleware and serversTransport the file\n" +
        "defines is enabled without errors, printing Traefik's own error text for any that is not. With --probe, sends one\n" +
        "request per Host through the entryPoint: 404, 500, 502, 503 and 504 are failures.",
    )
    .option("-c, --config <file>", "settings file, for the default --file (its output)")
    .option("--api <url>", `Traefik's API, e.g. http://10.0.0.12:8080 (env ${TRAEFIK_API_ENV})`)
    .option("-f, --file <file>", "the dynamic configuration to verify (default: the settings' output)")
    .option("--probe <url>", "an entryPoint URL to send one request per Host through, e.g. http://10.0.0.12")
    .option("--timeout <seconds>", "how long to wait for Traefik to load the file", parseSeconds, 10)
    .option("--json", "print the report as JSON on stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ phoenix-mesh verify --api http://10.0.0.12:8080 --file traefik/dynamic/dynamic_conf.yml
  $ phoenix-mesh verify --api http://10.0.0.12:8080 --probe http://10.0.0.12 --json`,
    )
    .action(
      async (opts: {
        config?: string;
        api?: string;
        file?: string;
        probe?: string;
        timeout: number;
        json?: boolean;
      }) => {
        await runner(
          () =>
            verifyCommand(
              {
                config: opts.config,
                api: opts.api,
                file: opts.file,
                probe: opts.probe,
                timeoutSeconds: opts.timeout,
                json: opts.json === true,
              },
              io,
            ),
          opts.json === true,
        );
      },
    );
}
