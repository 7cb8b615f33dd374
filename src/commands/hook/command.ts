/** `phoenix-mesh hook`: its flags, help and the call into commands/hook.ts. */
import type { Command } from "commander";
import { hookInstallCommand } from "./run.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function defineHook(program: Command, io: CommandIO, runner: Runner): void {
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
}
