/**
 * A stand-in LXC for the pct stand-in (./bin/pct): a root folder with Debian's busybox-static
 * installed as /bin/*, and /etc/traefik/dynamic for Traefik to watch from outside.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { tempDir } from "../../support/fixtures.js";

const run = promisify(execFile);
export const STANDIN_BIN = resolve(dirname(fileURLToPath(import.meta.url)), "bin");
export const BUSYBOX = "/bin/busybox";

export function busyboxMissing(): string | undefined {
  return existsSync(BUSYBOX) ? undefined : `${BUSYBOX} is missing (apt-get install busybox-static)`;
}

export interface StandInHost {
  /** $PCT_STANDIN_ROOT */
  root: string;
  rootfs: string;
  dynamicDir: string;
  /** The environment a phoenix-mesh run needs to find the stand-in pct. */
  env: Record<string, string | undefined>;
  path: (inside: string) => string;
}

/** A stand-in Proxmox host with container `ctid`; given another host's root, a second container on that host. */
export async function createStandInHost(ctid = "102", onHost?: string): Promise<StandInHost> {
  const root = onHost ?? (await tempDir("phoenix-mesh-pve-"));
  const rootfs = join(root, ctid, "rootfs");
  for (const d of ["bin", "tmp", "etc/traefik/dynamic"]) await mkdir(join(rootfs, d), { recursive: true });
  await copyFile(BUSYBOX, join(rootfs, "bin/busybox"));
  await run("chroot", [rootfs, "/bin/busybox", "--install", "-s", "/bin"]);
  // Every real container has /dev/null (scripts redirect to it).
  await mkdir(join(rootfs, "dev"));
  await run("mknod", ["-m", "666", join(rootfs, "dev/null"), "c", "1", "3"]);
  return {
    root,
    rootfs,
    dynamicDir: join(rootfs, "etc/traefik/dynamic"),
    env: { ...process.env, PATH: `${STANDIN_BIN}:${process.env["PATH"] ?? ""}`, PCT_STANDIN_ROOT: root },
    path: (inside) => join(rootfs, inside),
  };
}
