/**
 * A real OpenSSH server (Debian's openssh-server) on a loopback port, with throwaway host and
 * user keys, whose sessions find the pct stand-in first on PATH.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { tempDir } from "../../support/fixtures.js";
import { STANDIN_BIN } from "./container.js";
import { freePort, waitFor } from "./ports.js";
import { startProcess, type Started } from "./processes.js";

const run = promisify(execFile);
export const SSHD = "/usr/sbin/sshd";

export function sshdMissing(): string | undefined {
  return existsSync(SSHD) ? undefined : `${SSHD} is missing (apt-get install openssh-server)`;
}

export interface RunningSshd {
  port: number;
  /** PHOENIX_MESH_SSH_OPTIONS for a client that trusts this server. */
  clientOptions: string;
  /** The same, but with a known_hosts that lists another key for this server. */
  wrongHostKeyOptions: string;
  process: Started;
  stop: () => Promise<void>;
}

async function keygen(path: string): Promise<string> {
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "phoenix-mesh-test", "-f", path]);
  return (await readFile(`${path}.pub`, "utf8")).trim();
}

export async function startSshd(pctRoot: string): Promise<RunningSshd> {
  const dir = await tempDir("phoenix-mesh-sshd-");
  const port = await freePort();
  const hostKey = await keygen(join(dir, "host_key"));
  const otherKey = await keygen(join(dir, "other_host_key"));
  const userKey = await keygen(join(dir, "user_key"));
  await writeFile(join(dir, "authorized_keys"), `${userKey}\n`, { mode: 0o600 });
  const knownHost = (key: string) => `[127.0.0.1]:${port} ${key.split(" ").slice(0, 2).join(" ")}\n`;
  await writeFile(join(dir, "known_hosts"), knownHost(hostKey));
  await writeFile(join(dir, "wrong_known_hosts"), knownHost(otherKey));
  await writeFile(
    join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_key")}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      `SetEnv PATH=${STANDIN_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PCT_STANDIN_ROOT=${pctRoot}`,
      "LogLevel VERBOSE",
      "",
    ].join("\n"),
  );
  await mkdir("/run/sshd", { recursive: true }); // sshd's privilege separation directory
  const process = startProcess([SSHD, "-D", "-e", "-f", join(dir, "sshd_config")]);
  try {
    await waitFor(
      "sshd to listen",
      () =>
        new Promise((resolve) => {
          const socket = connect(port, "127.0.0.1", () => {
            socket.end();
            resolve(true);
          });
          socket.on("error", () => resolve(false));
        }),
    );
  } catch (error) {
    await process.stop();
    throw new Error(`${(error as Error).message}\nsshd output:\n${process.output()}`);
  }
  const client = (knownHosts: string) =>
    `-F /dev/null -i ${join(dir, "user_key")} -o IdentitiesOnly=yes -o UserKnownHostsFile=${join(dir, knownHosts)} -o StrictHostKeyChecking=yes`;
  return {
    port,
    clientOptions: client("known_hosts"),
    wrongHostKeyOptions: client("wrong_known_hosts"),
    process,
    stop: process.stop,
  };
}
