/**
 * Adapter: private temporary folders, named `phoenix-mesh-<purpose>-<pid>-<random>`. Each is
 * removed when its work ends; a process killed before that cannot, so every new one first removes
 * the folders of processes that are gone (same naming, pid no longer running), so killed deploys
 * and proposals never pile up in /tmp.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NAME = /^phoenix-mesh-[a-z]+-(\d+)-[A-Za-z0-9]{6}$/;

export async function makeTempDir(purpose: string): Promise<string> {
  await pruneAbandoned();
  return mkdtemp(join(tmpdir(), `phoenix-mesh-${purpose}-${process.pid}-`));
}

async function pruneAbandoned(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  await Promise.all(
    entries.map(async (name) => {
      const pid = Number(NAME.exec(name)?.[1]);
      if (!Number.isSafeInteger(pid) || pid === process.pid || alive(pid)) return;
      await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
