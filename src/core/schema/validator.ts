/**
 * Schema validation. Schemas live as JSON files in schemas/ (the user-facing contract) and are
 * compiled ahead of time into ./compiled.ts (scripts/compile-schemas.mjs), so no run pays ajv's
 * compilation. This turns ajv's errors into plain `{pointer, message}` pairs a user understands.
 */
import type { ErrorObject } from "ajv";
import * as compiled from "../../generated/schemas.js";

export interface SchemaProblem {
  /** JSON pointer of the offending value. */
  pointer: string;
  message: string;
}

export type SchemaName = "hypervisor" | "guest" | "lxc" | "vm" | "settings";

interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const VALIDATORS: Record<SchemaName, CompiledValidator> = {
  hypervisor: compiled.hypervisor as CompiledValidator,
  guest: compiled.guest as CompiledValidator,
  lxc: compiled.lxc as CompiledValidator,
  vm: compiled.vm as CompiledValidator,
  settings: compiled.settings as CompiledValidator,
};

export function validateAgainst(name: SchemaName, value: unknown): SchemaProblem[] {
  const validate = VALIDATORS[name];
  if (validate(value)) return [];
  return simplify(validate.errors ?? []);
}

/** ajv reports every branch of oneOf/allOf; keep what helps a user fix the file. */
function simplify(errors: readonly ErrorObject[]): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of errors) {
    if (e.keyword === "if" || e.keyword === "allOf") continue;
    const { pointer, message } = describe(e);
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message });
  }
  return out;
}

function describe(e: ErrorObject): SchemaProblem {
  const p = e.params as Record<string, unknown>;
  const field = e.instancePath.split("/").pop() ?? "";
  const fieldName = field === "" ? "the value" : `"${field.replace(/~1/g, "/").replace(/~0/g, "~")}"`;
  switch (e.keyword) {
    case "required":
      return { pointer: e.instancePath, message: `missing required field "${String(p["missingProperty"])}"` };
    case "additionalProperties":
      return {
        pointer: `${e.instancePath}/${String(p["additionalProperty"])}`,
        message: `unknown field "${String(p["additionalProperty"])}"${allowedFields(e)}`,
      };
    case "type":
      return {
        pointer: e.instancePath,
        message: `${fieldName} must be ${article(String(p["type"]))}, found ${typeOf(e.data)}`,
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        pointer: e.instancePath,
        message: `${fieldName} is ${JSON.stringify(e.data)}; it ${e.message ?? "is out of range"}`,
      };
    case "enum":
      return {
        pointer: e.instancePath,
        message: `${fieldName} is ${JSON.stringify(e.data)}; allowed: ${(p["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "pattern":
      return {
        pointer: e.instancePath,
        message: `${fieldName} ${JSON.stringify(e.data)} does not match the expected form ${String(p["pattern"])}`,
      };
    case "propertyNames":
      return {
        pointer: e.instancePath,
        message: `a key in ${fieldName} is not allowed: ${JSON.stringify(p["propertyName"])}`,
      };
    case "minItems":
      return { pointer: e.instancePath, message: `${fieldName} must not be empty` };
    case "minLength":
      return { pointer: e.instancePath, message: `${fieldName} must not be an empty string` };
    default:
      return { pointer: e.instancePath, message: `${fieldName} ${e.message ?? "is invalid"}` };
  }
}

function allowedFields(e: ErrorObject): string {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props === undefined ? "" : `; allowed here: ${Object.keys(props).join(", ")}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "number") return `the number ${v}`;
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}
