/**
 * Adapter: the dynamic configuration files `check` judges, read as Traefik's file provider finds
 * them: a file as given, a folder walked recursively (hidden subfolders too) for .yml, .yaml and
 * .toml files in Traefik's reading order.
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import type { ConfigFile } from "../../domain/traefik/check-files.js";
import { isDynamicFileName, traefikReadOrder } from "../../domain/traefik/read-order.js";
import { readTextFile } from "../io/read-text.js";

export async function readConfigFiles(args: string[], cwd: string): Promise<ConfigFile[]> {
  const files: ConfigFile[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined)
      throw new PhoenixMeshError("USAGE", `${arg} does not exist`, {
        hint: "give dynamic configuration files or folders",
      });
    if (!info.isDirectory()) {
      files.push({ path: arg, text: await readTextFile(path, arg) });
      continue;
    }
    const names = traefikReadOrder((await walk(path)).map((p) => relative(path, p).split("\\").join("/")));
    if (names.length === 0)
      throw new PhoenixMeshError("USAGE", `${arg} holds no .yml, .yaml or .toml file`, {
        hint: "Traefik's directory provider reads only those",
      });
    for (const name of names)
      files.push({ path: join(arg, name), text: await readTextFile(join(path, name), join(arg, name)) });
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (isDynamicFileName(entry.name)) out.push(path);
  }
  return out;
}
