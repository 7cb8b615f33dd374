/** `phoenix-mesh hook install`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import type { Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.hook;

export function defineHook(program: Command, io: CommandIO, runner: CommandRunner): void {
  const hook = program.command("hook").summary("git hooks for the config repo on the Proxmox host");
  const install = hook
    .command("install")
    .description(
      "Write a post-merge hook into this clone of the config repo: a merge that changes the rendered file deploys it(phoenix-mesh deploy --ref HEAD with the settings file's deploy section).",
    )
    .option("--force", "replace an existing post-merge hook (kept as post-merge.before-phoenix-mesh)")
    .option("--json", "print the result as JSON on stdout");
  addSettingOptions(install, SETTINGS);
  install.action(async (opts: { force?: boolean; json?: boolean } & Record<string, unknown>) => {
    await runner(
      async () =>
        (await import("./run.js")).hookInstallCommand(
          { flags: flagValues(opts, SETTINGS), force: opts.force === true },
          io,
        ),
      opts.json === true,
    );
  });
}
