/** `phoenix-mesh deploy`: its flags and help (its orchestration, run.ts, is loaded only when it runs). */
import type { Command } from "commander";
import { addSettingOptions, flagValues } from "../../adapters/settings/flags.js";
import { COMMAND_SETTINGS, SETTINGS as TABLE } from "../../adapters/settings/table.js";
import type { CommandIO } from "../../core/command-io.js";
import type { CommandRunner } from "../../core/command-runner.js";

const SETTINGS = COMMAND_SETTINGS.deploy;

export function defineDeploy(program: Command, io: CommandIO, runner: CommandRunner): void {
  const command = program
    .command("deploy")
    .summary("put the rendered file into the Traefik container atomically, prove it live, roll back if not")
    .description(
      "Validate the file exactly as render does, take the target's deploy lock, back up the live file, stage the new one " +
        "next to it under a name Traefik ignores, rename it over the live file (atomic), reload, and verify through " +
        "Traefik's API that this revision is loaded and every router enabled. When verification fails, the backup is put " +
        "back the same way and verified: exit 6 (rolled back), or 7 when even that cannot be confirmed.",
    )
    .option("-f, --file <file>", "the rendered file to deploy (default: the settings' output)")
    .option("--ref <ref>", "deploy the file as committed at this git ref (e.g. HEAD, origin/main)")
    .option("--json", "print the report as JSON on stdout");
  addSettingOptions(command, SETTINGS);
  command
    .addHelpText(
      "after",
      `
Examples:
  $ phoenix-mesh deploy --config phoenix-mesh.yaml --ref HEAD                  # on the Proxmox host, after a merge
  $ phoenix-mesh deploy --target ssh://root@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml \\
      --api http://10.0.0.12:8080 --file traefik/dynamic/dynamic_conf.yml     # from a runner that is not the host
Over ssh: the system ssh client with your keys and known_hosts; extra options in ${TABLE.sshOptions.env}.`,
    )
    .action(async (opts: { file?: string; ref?: string; json?: boolean } & Record<string, unknown>) => {
      const json = opts.json === true;
      await runner(
        async () =>
          (await import("./run.js")).deployCommand(
            { flags: flagValues(opts, SETTINGS), file: opts.file, ref: opts.ref, json },
            io,
          ),
        json,
      );
    });
}
