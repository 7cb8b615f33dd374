/**
 * YAML-safe helpers for templates. Every scalar leaves through one of these, so no name can end
 * its YAML scalar early, start a new key, or smuggle `{{` into the file (Traefik runs dynamic
 * files through Go templates). They throw on values of the wrong type: a template bug must fail
 * the render, never produce an empty or "[object Object]" field.
 */

export class HelperError extends Error {
  /** The helper was given `undefined`: the template named a field the model does not have. */
  readonly missing: boolean;
  constructor(message: string, missing = false) {
    super(message);
    this.missing = missing;
  }
}

/** A YAML double-quoted scalar. JSON's string escaping is a subset of YAML's double-quoted style. */
export function quote(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  throw new HelperError(`q expects a string, number or boolean, got ${describe(value)}`, value === undefined);
}

/** A flow sequence of quoted scalars: ["a", "b"]. */
export function list(value: unknown): string {
  if (!Array.isArray(value))
    throw new HelperError(`list expects an array, got ${describe(value)}`, value === undefined);
  return `[${value.map(quote).join(", ")}]`;
}

/** Any JSON value in flow style, which is valid YAML. */
export function json(value: unknown): string {
  if (value === undefined) throw new HelperError("json expects a value, got undefined", value === undefined);
  return JSON.stringify(value);
}

export function bool(value: unknown): string {
  if (typeof value !== "boolean")
    throw new HelperError(`bool expects true or false, got ${describe(value)}`, value === undefined);
  return String(value);
}

/** A YAML comment from words: anything outside printable ASCII (or a brace) becomes "?". */
export function comment(...words: unknown[]): string {
  let text: string | undefined;
  for (const w of words)
    if (typeof w === "string" || typeof w === "number")
      text = text === undefined ? String(w) : `${text} ${w}`;
  return `# ${(text ?? "").replace(/[^\x20-\x7e]|[{}]/g, "?")}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined (a missing field?)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "function") return "a function";
  return `${typeof value} ${JSON.stringify(value) ?? "?"}`;
}
