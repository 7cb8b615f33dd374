/**
 * argv → command → exit code. The only place that turns errors into exit codes and sets
 * process.exitCode. Logs and diagnostics go to stderr, data to stdout.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { packageVersion } from "./assets.js";
import type { CommandIO } from "./commands/io.js";
import { renderCommand } from "./commands/render.js";
import { TRAEFIK_API_ENV, verifyCommand } from "./commands/verify.js";
import { deployCommand, TARGET_ENV } from "./commands/deploy.js";
import { statusCommand } from "./commands/status.js";
import { hookInstallCommand } from "./commands/hook.js";
import { doctorCommand } from "./commands/doctor.js";
import { diffCommand, type DiffFormat } from "./commands/diff.js";
import { DEFAULT_BRANCH, proposeCommand, writeActionsOutputs } from "./commands/propose.js";
import type { ReloadMode } from "./deploy/reload.js";
import { formatDiagnostic } from "./diagnostics.js";
import { annotation, inGitHubActions } from "./report/annotations.js";
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
  8  doctor found errors
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

  program
    .command("deploy")
    .summary("put the rendered file into the Traefik container atomically, prove it live, roll back if not")
    .description(
      "Validate the file exactly as render does, take the target's deploy lock, back up the live file, stage the new one\n" +
        "next to it under a name Traefik ignores, rename it over the live file (atomic), reload, and verify through\n" +
        "Traefik's API that this revision is loaded and every router enabled. When verification fails, the backup is put\n" +
        "back the same way and verified: exit 6 (rolled back), or 7 when even that cannot be confirmed.",
    )
    .option(
      "-c, --config <file>",
      "settings file (deploy.target, deploy.traefik_api, … and the default --file)",
    )
    .option("-f, --file <file>", "the rendered file to deploy (default: the settings' output)")
    .option("--ref <ref>", "deploy the file as committed at this git ref (e.g. HEAD, origin/main)")
    .option(
      "--target <url>",
      `pct://102/etc/traefik/dynamic/dynamic_conf.yml | ssh://root@pve/pct/102/… | file:///… (env ${TARGET_ENV})`,
    )
    .option("--api <url>", `Traefik's API, e.g. http://10.0.0.12:8080 (env ${TRAEFIK_API_ENV})`)
    .option("--probe <url>", "also send one request per Host through this entryPoint")
    .addOption(
      new Option("--reload <mode>", "how Traefik picks up the file").choices(["watch", "sighup", "restart"]),
    )
    .option("--timeout <seconds>", "how long to wait for Traefik to load the file (default 15)", parseSeconds)
    .option(
      "--lock-timeout <seconds>",
      "how long to wait for another deploy to finish (default 60)",
      parseSeconds,
    )
    .option("--json", "print the report as JSON on stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ phoenix-mesh deploy --config phoenix-mesh.yaml --ref HEAD                  # on the Proxmox host, after a merge
  $ phoenix-mesh deploy --target ssh://root@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml \\
      --api http://10.0.0.12:8080 --file traefik/dynamic/dynamic_conf.yml     # from a runner that is not the host
Over ssh: the system ssh client with your keys and known_hosts; extra options in PHOENIX_MESH_SSH_OPTIONS.`,
    )
    .action(
      async (opts: {
        config?: string;
        file?: string;
        ref?: string;
        target?: string;
        api?: string;
        probe?: string;
        reload?: ReloadMode;
        timeout?: number;
        lockTimeout?: number;
        json?: boolean;
      }) => {
        await runner(
          () =>
            deployCommand(
              {
                config: opts.config,
                file: opts.file,
                ref: opts.ref,
                target: opts.target,
                api: opts.api,
                probe: opts.probe,
                reload: opts.reload,
                timeoutSeconds: opts.timeout,
                lockTimeoutSeconds: opts.lockTimeout,
                json: opts.json === true,
              },
              io,
            ),
          opts.json === true,
        );
      },
    );

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

  program
    .command("diff")
    .summary("what changes for routing between two dynamic configurations")
    .description(
      "Routers, services, middlewares and serversTransports added, removed or changed, and for each Host its old → new\nbackends, entryPoints, TLS and transport. Key order and the revision marker do not count as changes.",
    )
    .argument("[files...]", "OLD NEW; with --ref, the new side (default: the settings' output)")
    .option("-c, --config <file>", "settings file, for the default file")
    .option("--ref <ref>", "compare with the file as committed at this git ref")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "markdown", "json"]).default("text"),
    )
    .option("--exit-code", "exit 1 when they route differently")
    .addHelpText(
      "after",
      '\nExamples:\n  $ phoenix-mesh diff old.yml new.yml\n  $ phoenix-mesh diff --ref origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"',
    )
    .action(
      async (
        files: string[],
        opts: { config?: string; ref?: string; format: DiffFormat; exitCode?: boolean },
      ) => {
        await runner(async () => {
          await diffCommand(
            {
              config: opts.config,
              files,
              ref: opts.ref,
              format: opts.format,
              exitCode: opts.exitCode === true,
            },
            io,
          );
          return {};
        }, false);
      },
    );

  program
    .command("propose")
    .summary("render the config repo and keep one pull request in step with the result")
    .description(
      "In a config repository (a local clone, or --repo-url): render the inventory as the base branch has it; when the\n" +
        "result differs from the committed file, commit it on one branch (default phoenix-mesh/routes), push it with\n" +
        "--force-with-lease, and create or update one pull request whose body shows the routing changes host by host.\n" +
        "A rerun with nothing new changes nothing; when the base already has the file, the pull request is closed and the\n" +
        "branch deleted. Reports created | updated | unchanged | closed | none (JSON on stdout; GitHub Actions outputs\n" +
        "when GITHUB_OUTPUT is set). Your checkout, index and branches are never touched.",
    )
    .option("--repo <dir>", "the config repository (default: the working directory)")
    .option("--repo-url <url>", "clone the config repository from this URL instead")
    .option("-c, --config <path>", "settings file inside the repository", "phoenix-mesh.yaml")
    .option("--base <branch>", "the branch the pull request goes into", "main")
    .option("--branch <branch>", "the proposal branch", DEFAULT_BRANCH)
    .option("--author <author>", 'commit author, "Name <email>"')
    .option("--labels <labels>", "comma-separated labels for a new pull request", splitList)
    .option("--reviewers <users>", "comma-separated reviewers for a new pull request", splitList)
    .option(
      "--github-repository <owner/name>",
      "where the pull request goes (default: GITHUB_REPOSITORY, or the origin URL)",
    )
    .option("--token-env <name>", "the environment variable holding the GitHub token", "GITHUB_TOKEN")
    .option("--dry-run", "print what it would do; write nothing anywhere")
    .addHelpText(
      "after",
      "\nThe token is read from the environment only and sent as an HTTP header; GitHub Enterprise: set GITHUB_API_URL.",
    )
    .action(
      async (opts: {
        repo?: string;
        repoUrl?: string;
        config: string;
        base: string;
        branch: string;
        author?: string;
        labels?: string[];
        reviewers?: string[];
        githubRepository?: string;
        tokenEnv: string;
        dryRun?: boolean;
      }) => {
        await runner(async () => {
          const report = await proposeCommand({ ...opts, dryRun: opts.dryRun === true }, io);
          if (report.dryRun !== true) await writeActionsOutputs(io.env, report);
          return report;
        }, true);
      },
    );

  const hook = program.command("hook").summary("git hooks for the config repo on the Proxmox host");
  hook
    .command("install")
    .description(
      "Write a post-merge hook into this clone of the config repo: a merge that changes the rendered file deploys it\n(phoenix-mesh deploy --ref HEAD with the settings file's deploy section).",
    )
    .option("-c, --config <file>", "settings file with deploy.target and deploy.traefik_api")
    .option("--force", "replace an existing post-merge hook (kept as post-merge.before-phoenix-mesh)")
    .option("--json", "print the result as JSON on stdout")
    .action(async (opts: { config?: string; force?: boolean; json?: boolean }) => {
      await runner(
        () => hookInstallCommand({ config: opts.config, force: opts.force === true }, io),
        opts.json === true,
      );
    });

  return program;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
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
    // In GitHub Actions, also as annotations on the exact lines (the runner reads them on stdout).
    if (inGitHubActions(io.env) && !json) for (const d of error.diagnostics) io.stdout(annotation(d));
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
