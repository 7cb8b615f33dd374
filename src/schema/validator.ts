/**
 * The only importer of ajv. Schemas live as JSON files in schemas/ (the user-facing contract);
 * this turns ajv's errors into plain `{pointer, message}` pairs in words a user understands.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FormatsPlugin } from "ajv-formats";
import { readPackageFile } from "../assets.js";

export interface SchemaProblem {
  /** JSON pointer of the offending value. */
  pointer: string;
  message: string;
}

export type SchemaName = "hypervisor" | "guest" | "lxc" | "vm" | "settings" | "traefik-dynamic";

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function instance(): Ajv {
  if (ajv === undefined) {
    ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the
    // module object, so take .default when it is there.
    const mod = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
    (mod.default ?? mod)(ajv);
    // guest.schema.json is referenced by lxc and vm.
    ajv.addSchema(JSON.parse(readPackageFile("schemas", "guest.schema.json")) as object);
  }
  return ajv;
}

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    const a = instance();
    validate =
      name === "guest"
        ? a.getSchema("https://phoenix-mesh.dev/schemas/guest.schema.json")!
        : a.compile(JSON.parse(readPackageFile("schemas", `${name}.schema.json`)) as object);
    compiled.set(name, validate);
  }
  return validate;
}

export function validateAgainst(name: SchemaName, value: unknown): SchemaProblem[] {
  const validate = validatorFor(name);
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
