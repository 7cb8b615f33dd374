/**
 * Adapter: replace a file atomically. The new content goes to a temporary file in the same folder
 * (named so Traefik's file provider ignores it: not .yml/.yaml/.toml), is flushed to disk, then
 * renamed over the target, and the folder entry is flushed too. A crash at any point leaves
 * either the old complete file or the new complete file, never a truncated one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export async function writeFileAtomic(target: string, content: string, mode = 0o644): Promise<void> {
  // A symlinked output is written through (the link stays a link), and an existing file keeps
  // its mode and owner: a 0600 file must not become world-readable because it was re-rendered.
  const path = await realpath(target).catch(() => target);
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isFile())
    throw Object.assign(new Error(`${target} is not a regular file`), { code: "EISDIR" });
  mode = existing === undefined ? mode : existing.mode & 0o7777;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.chmod(mode); // open's mode is filtered by the umask
      // Keep the owner too, where we may (as root; otherwise the file is ours anyway).
      if (existing !== undefined) await handle.chown(existing.uid, existing.gid).catch(() => undefined);
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}
