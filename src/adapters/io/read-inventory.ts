/** Adapter: reads the inventory files from disk. Parsing and everything after it is pure. */
import { readTextFile } from "./read-text.js";
import { join } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import { displayPath } from "./paths.js";
import type { SourceFile } from "../../core/source-file.js";
import { INVENTORY_FILES, type InventoryPart } from "../../domain/inventory/files.js";

export async function readInventoryFiles(
  dir: string,
  cwd: string,
): Promise<Record<InventoryPart, SourceFile>> {
  const parts = Object.keys(INVENTORY_FILES) as InventoryPart[];
  // Read together, reported in a fixed order: the first missing file is always the same one.
  const settled = await Promise.allSettled(
    parts.map((part) => readSource(join(dir, INVENTORY_FILES[part]), dir, cwd)),
  );
  const failed = settled.find((r) => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  const texts = settled.map((r) => (r as PromiseFulfilledResult<SourceFile>).value);
  return Object.fromEntries(parts.map((part, i) => [part, texts[i]])) as Record<InventoryPart, SourceFile>;
}

async function readSource(path: string, dir: string, cwd: string): Promise<SourceFile> {
  try {
    return {
      path: displayPath(path, cwd),
      text: await readTextFile(path, displayPath(path, cwd), "INVENTORY_INVALID"),
    };
  } catch (error) {
    if (error instanceof PhoenixMeshError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new PhoenixMeshError("INVENTORY_INVALID", `${displayPath(path, cwd)} does not exist`, {
        hint: `point --inventory (or "inventory" in phoenix-mesh.yaml) at the folder holding ${Object.values(INVENTORY_FILES).join(", ")}; looked in ${displayPath(dir, cwd)}`,
      });
    }
    if (code === "EISDIR")
      throw new PhoenixMeshError(
        "INVENTORY_INVALID",
        `${displayPath(path, cwd)} is a folder, not a JSON file`,
      );
    throw new PhoenixMeshError("IO", `cannot read ${displayPath(path, cwd)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
