/** `phoenix-mesh deploy`: its flags, help and the call into commands/deploy.ts. */
import { Option, type Command } from "commander";
import { TARGET_ENV, deployCommand } from "./run.js";
import { TRAEFIK_API_ENV } from "../verify/run.js";
import { parseSeconds } from "../../adapters/settings/flag-parsers.js";
import type { ReloadMode } from "../../adapters/targets/reload.js";
import type { CommandIO } from "../../core/command-io.js";
import type { Runner } from "../../core/command-runner.js";

export function defineDeploy(program: Command, io: CommandIO, runner: Runner): void {
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
}
