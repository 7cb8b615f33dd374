/** The three files of a Phoenix inventory, and the source text kept beside each parsed value. */
import type { JsonValue } from "./json/parse.js";

export const INVENTORY_FILES = {
  hypervisor: "phoenix_hypervisor_config.json",
  lxc: "phoenix_lxc_configs.json",
  vm: "phoenix_vm_configs.json",
} as const;

export type InventoryPart = keyof typeof INVENTORY_FILES;

export interface SourceFile {
  /** Path as the user should see it (relative to the working directory when possible). */
  path: string;
  text: string;
}

export interface ParsedFile extends SourceFile {
  value: JsonValue;
}

export type RawInventory = Record<InventoryPart, ParsedFile>;
