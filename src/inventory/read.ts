/** Adapter: reads the inventory files from disk. Parsing and everything after it is pure. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PhoenixMeshError } from "../errors.js";
import { displayPath } from "../fs/paths.js";
import { INVENTORY_FILES, type InventoryPart, type SourceFile } from "./files.js";

export async function readInventoryFiles(dir: string): Promise<Record<InventoryPart, SourceFile>> {
  const parts = Object.keys(INVENTORY_FILES) as InventoryPart[];
  const texts = await Promise.all(parts.map((part) => readSource(join(dir, INVENTORY_FILES[part]), dir)));
  return Object.fromEntries(parts.map((part, i) => [part, texts[i]])) as Record<InventoryPart, SourceFile>;
}

async function readSource(path: string, dir: string): Promise<SourceFile> {
  try {
    return { path: displayPath(path), text: await readFile(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new PhoenixMeshError("INVENTORY_INVALID", `${displayPath(path)} does not exist`, {
        hint: `point --inventory (or "inventory" in phoenix-mesh.yaml) at the folder holding ${Object.values(INVENTORY_FILES).join(", ")}; looked in ${displayPath(dir)}`,
      });
    }
    if (code === "EISDIR")
      throw new PhoenixMeshError("INVENTORY_INVALID", `${displayPath(path)} is a folder, not a JSON file`);
    throw new PhoenixMeshError("IO", `cannot read ${displayPath(path)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
