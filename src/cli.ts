/**
 * argv → command → exit code. The only place that turns errors into exit codes and sets
 * process.exitCode. Logs and diagnostics go to stderr, data to stdout.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { packageVersion } from "./assets.js";
import type { CommandIO } from "./commands/io.js";
import { renderCommand } from "./commands/render.js";
import { TRAEFIK_API_ENV, verifyCommand } from "./commands/verify.js";
import { formatDiagnostic } from "./diagnostics.js";
import { EXIT, exitCodeFor, PhoenixMeshError, type ExitCode } from "./errors.js";
import { ENV } from "./settings/types.js";

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  a difference was found (render --check: the file is stale)
  2  invalid input or usage: inventory, settings, templates, flags (nothing was written)
  3  a local file could not be read or written (the previous output is untouched)
  4  a remote side (Traefik API, git, GitHub, pct/ssh) could not be reached
  5  Traefik does not serve what the file says
  6  a deploy failed verification and was rolled back
  7  a deploy failed and so did its rollback
  10 a bug in phoenix-mesh`;

export async function main(argv: string[], io: CommandIO): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  let json = false;
  const program = buildProgram(io, async (run, wantsJson) => {
    json = wantsJson;
    const result = await run();
    if (wantsJson) io.stdout(`${JSON.stringify({ ok: true, ...result }, null, 2)}\n`);
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    exitCode = report(error, io, json);
  }
  return exitCode;
}

export async function runCli(): Promise<void> {
  const io: CommandIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
  process.exitCode = await main(process.argv.slice(2), io);
}

type Runner = (run: () => Promise<object>, json: boolean) => Promise<void>;

function buildProgram(io: CommandIO, runner: Runner): Command {
  const program = new Command("phoenix-mesh")
    .description(
      "Keep Traefik's routes in step with a Phoenix Hypervisor (Proxmox VE) inventory, the GitOps way.",
    )
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_CODES_HELP);

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

  return program;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

function report(error: unknown, io: CommandIO, json: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version exit through here too, with exit code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  }
  const code = exitCodeFor(error);
  if (error instanceof PhoenixMeshError) {
    for (const d of error.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`error: ${error.message}\n`);
    if (error.hint !== undefined) io.stderr(`  → ${error.hint}\n`);
    if (json) {
      const error_ = {
        code: error.code,
        message: error.message,
        hint: error.hint,
        diagnostics: error.diagnostics,
      };
      io.stdout(`${JSON.stringify({ ok: false, ...error.details, error: error_ }, null, 2)}\n`);
    }
  } else {
    io.stderr(
      `internal error: ${(error as Error)?.stack ?? String(error)}\nThis is a bug in phoenix-mesh; please report it with the output above.\n`,
    );
  }
  return code;
}
