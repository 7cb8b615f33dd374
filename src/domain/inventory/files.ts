/** The three files of a Phoenix inventory. */
import type { ParsedFile } from "../../core/source-file.js";

export const INVENTORY_FILES = {
  hypervisor: "phoenix_hypervisor_config.json",
  lxc: "phoenix_lxc_configs.json",
  vm: "phoenix_vm_configs.json",
} as const;

export type InventoryPart = keyof typeof INVENTORY_FILES;

export type RawInventory = Record<InventoryPart, ParsedFile>;
