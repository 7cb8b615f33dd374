/**
 * argv → command → exit code. The only place that turns errors into exit codes and sets
 * process.exitCode. Logs and diagnostics go to stderr, data to stdout.
 */
import { Command, CommanderError } from "commander";
import { packageVersion } from "./adapters/io/assets.js";
import { defineRender } from "./commands/render/command.js";
import { defineVerify } from "./commands/verify/command.js";
import { defineDeploy } from "./commands/deploy/command.js";
import { defineStatus } from "./commands/status/command.js";
import { defineDoctor } from "./commands/doctor/command.js";
import { defineDiff } from "./commands/diff/command.js";
import { defineCheck } from "./commands/check/command.js";
import { definePropose } from "./commands/propose/command.js";
import { defineHook } from "./commands/hook/command.js";
import type { CommandRunner } from "./core/command-runner.js";
import type { CommandIO } from "./core/command-io.js";
import { formatDiagnostic } from "./core/diagnostics.js";
import { annotation } from "./core/annotations.js";
import { resolveSetting } from "./adapters/settings/resolve.js";
import { EXIT, exitCodeFor, PhoenixMeshError, type ExitCode } from "./core/errors.js";

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  a difference was found (render --check: stale file; status: drift; diff --exit-code; doctor: warnings)
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
  // A reader that stops early (`phoenix-mesh --help | head -1`) is not an error: stop writing,
  // end quietly with the exit code the command would have had.
  let closed = false;
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      closed = true;
    });
  const write = (stream: NodeJS.WriteStream) => (t: string) => {
    if (!closed) stream.write(t);
  };
  const io: CommandIO = {
    stdout: write(process.stdout),
    stderr: write(process.stderr),
    env: process.env,
    cwd: process.cwd(),
  };
  process.exitCode = await main(process.argv.slice(2), io);
}

function buildProgram(io: CommandIO, runner: CommandRunner): Command {
  const program = new Command("phoenix-mesh")
    .description(
      "Keep Traefik's routes in step with a Phoenix Hypervisor (Proxmox VE) inventory, the GitOps way.",
    )
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_CODES_HELP);
  for (const define of [
    defineRender,
    defineVerify,
    defineDeploy,
    defineStatus,
    defineDoctor,
    defineDiff,
    defineCheck,
    definePropose,
    defineHook,
  ])
    define(program, io, runner);
  return program;
}

function inGitHubActions(io: CommandIO): boolean {
  return (
    resolveSetting("githubActions", { flags: {}, env: io.env, file: undefined, cwd: io.cwd }).value === "true"
  );
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
    if (inGitHubActions(io) && !json) for (const d of error.diagnostics) io.stdout(annotation(d));
    // Warnings alone are not an error (doctor exits 1 for them): say so in the last line too.
    io.stderr(`${error.code === "DOCTOR_WARNINGS" ? "warning" : "error"}: ${error.message}\n`);
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
