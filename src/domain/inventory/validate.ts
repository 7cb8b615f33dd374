/**
 * Pure: structural validation of the fields phoenix-mesh reads, against the JSON Schemas in
 * schemas/. Every other field is allowed. Returns diagnostics; never throws.
 */
import type { Diagnostic } from "../../core/diagnostics.js";
import { validateAgainst, type SchemaName } from "../../core/schema/validator.js";
import type { InventoryPart, RawInventory } from "./files.js";

const SCHEMA_BY_PART: Record<InventoryPart, SchemaName> = { hypervisor: "hypervisor", lxc: "lxc", vm: "vm" };

export function validateInventory(inventory: RawInventory): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const part of Object.keys(SCHEMA_BY_PART) as InventoryPart[]) {
    const file = inventory[part];
    for (const problem of validateAgainst(SCHEMA_BY_PART[part], file.value)) {
      diagnostics.push({
        severity: "error",
        code: "inventory-schema",
        message: problem.message,
        file: file.path,
        pointer: problem.pointer,
      });
    }
  }
  return diagnostics;
}
