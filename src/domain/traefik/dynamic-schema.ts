/**
 * Pure: a dynamic configuration checked and read as Traefik's file provider reads it, from the
 * description of Traefik's own Go types (src/generated/traefik-dynamic-types.ts, generated from
 * the pinned Traefik by tools/traefik/dynamic-types). The rules are paerser's, which Traefik
 * decodes files with:
 *  - a key names a field by its Go name, compared without regard to case (`Rule`, `ipallowlist`);
 *  - a null value is as if the key were absent;
 *  - scalars arrive as strings and convert by the field's type (`priority: "10"`,
 *    `passHostHeader: "false"`); a wrong one is an error (`average: lots`);
 *  - a section or object with nothing in it is an error, unless Traefik allows it empty
 *    (`tls: {}` on a router);
 *  - an unknown key is an error ("field not found"), so misspellings never pass silently.
 * It returns the problems and the configuration with every key under its documented name and
 * every scalar converted, so the rest of phoenix-mesh reads one shape.
 */
// pointerOf: a JSON pointer from a path, built only when there is something to report.
import { escapePointerToken, pointerOf } from "../../core/diagnostics.js";
import { TRAEFIK_DYNAMIC_TYPES } from "../../generated/traefik-dynamic-types.js";

interface FieldInfo {
  json: string;
  type: string;
  allowEmpty?: boolean;
  ignored?: boolean;
}

type TypeInfo =
  | { kind: "struct"; fields: Record<string, FieldInfo> }
  | { kind: "map"; elem: string }
  | { kind: "slice"; elem: string }
  | { kind: "string" }
  | { kind: "bool" }
  | { kind: "any" }
  | { kind: "int"; bits: number; unsigned?: boolean }
  | { kind: "float"; bits: number }
  | { kind: "duration"; unit: "s" | "ns" };

export interface TypeTable {
  traefik: string;
  root: string;
  types: Record<string, TypeInfo>;
}

export interface ShapeProblem {
  /** JSON pointer of the offending key or value, as written in the file. */
  pointer: string;
  message: string;
}

export interface ShapeResult {
  value: Record<string, unknown>;
  problems: ShapeProblem[];
  /** Top-level keys Traefik ignores (it reads only http, tcp, udp and tls from a file). */
  ignored: ShapeProblem[];
}

const TABLE = TRAEFIK_DYNAMIC_TYPES as unknown as TypeTable;

/** The Traefik version the description was generated from. */
export const DESCRIBED_TRAEFIK = TABLE.traefik;

interface FieldIndex {
  /** By the documented (json) name, as generated files and most hand-written ones spell keys. */
  exact: Map<string, FieldInfo>;
  /** By the Go name in lower case: how paerser matches (EqualFold). */
  lower: Map<string, FieldInfo>;
}

const indexes = new Map<string, FieldIndex>();

function fieldsOf(typeName: string, type: { fields?: Record<string, FieldInfo> }): FieldIndex {
  let index = indexes.get(typeName);
  if (index === undefined) {
    index = {
      // An empty struct has no "fields" at all (the generator's JSON omits empty maps).
      exact: new Map(Object.values(type.fields ?? {}).map((f) => [f.json, f])),
      lower: new Map(Object.entries(type.fields ?? {}).map(([go, f]) => [go.toLowerCase(), f])),
    };
    indexes.set(typeName, index);
  }
  return index;
}

/**
 * Reads `value` as Traefik would, normalising it in place (keys renamed to their documented
 * names, scalars converted): a 10,000-router file is walked without copying it.
 */
export function readDynamicShape(value: unknown, table: TypeTable = TABLE): ShapeResult {
  const problems: ShapeProblem[] = [];
  const ignored: ShapeProblem[] = [];
  if (value === null || value === undefined) return { value: {}, problems, ignored };
  // paerser decodes only the root keys that name a field (getRootFieldNames): others are
  // skipped without a word — a place for YAML anchors (`x-defaults: &d`), and for typos.
  const root = table.types[table.root];
  if (root?.kind === "struct" && isMapping(value)) {
    const fields = fieldsOf(table.root, root);
    for (const key of Object.keys(value)) {
      if (fields.lower.has(key.toLowerCase())) continue;
      ignored.push({
        pointer: `/${escapePointerToken(key)}`,
        message: `Traefik ignores the top-level key "${key}"${suggest(key, root)}`,
      });
      delete value[key];
    }
  }
  const out = walk(value, table.root, [], table, { problems, ignored }, true);
  return { value: (out ?? {}) as Record<string, unknown>, problems, ignored };
}

interface Findings {
  problems: ShapeProblem[];
  ignored: ShapeProblem[];
}

function fail(findings: Findings, path: readonly string[], message: string): undefined {
  findings.problems.push({ pointer: pointerOf(path), message });
  return undefined;
}

function walk(
  value: unknown,
  typeName: string,
  path: string[],
  table: TypeTable,
  findings: Findings,
  allowEmpty: boolean,
): unknown {
  const { problems } = findings;
  const type = table.types[typeName];
  if (type === undefined) throw new Error(`dynamic-types: no type ${typeName}`);
  // (No closure here: walk runs once per node of a file that may hold 100,000 of them.)
  switch (type.kind) {
    case "any":
      return value;
    case "struct":
    case "map": {
      if (!isMapping(value))
        return fail(findings, path, `${where(path)} must be a mapping (${describe(value)} given)`);
      const fields = type.kind === "struct" ? fieldsOf(typeName, type) : undefined;
      let present = 0;
      // Keys renamed to their documented spelling are set after the loop, which must not meet them.
      let renamed: [string, unknown][] | undefined;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const child = value[key];
        if (child === null || child === undefined) {
          delete value[key];
          continue;
        }
        present++;
        path.push(key);
        if (fields === undefined) {
          // A map's entries may be empty (`auth: {}`): paerser checks only fields for that.
          const v = walk(child, (type as { elem: string }).elem, path, table, findings, true);
          if (v === undefined) delete value[key];
          else if (v !== child) value[key] = v;
          path.pop();
          continue;
        }
        const field = fields.exact.get(key) ?? fields.lower.get(key.toLowerCase());
        if (field === undefined) {
          problems.push({
            pointer: pointerOf(path),
            message: `unknown key "${key}" in ${where(path.slice(0, -1))}${suggest(key, type as { fields: Record<string, FieldInfo> })}`,
          });
          delete value[key];
        } else if (field.ignored === true) {
          delete value[key];
        } else if (
          field.json !== key &&
          (Object.hasOwn(value, field.json) || renamed?.some(([k]) => k === field.json) === true)
        ) {
          problems.push({
            pointer: pointerOf(path),
            message: `"${key}" repeats "${field.json}" (Traefik matches keys without regard to case)`,
          });
          delete value[key];
        } else {
          const v = walk(child, field.type, path, table, findings, field.allowEmpty === true);
          if (field.json !== key) {
            delete value[key];
            if (v !== undefined) (renamed ??= []).push([field.json, v]);
          } else if (v === undefined) delete value[key];
          else if (v !== child) value[key] = v;
        }
        path.pop();
      }
      if (renamed !== undefined) for (const [key, v] of renamed) value[key] = v;
      if (present === 0 && !allowEmpty)
        return fail(
          findings,
          path,
          `${where(path)} is empty: Traefik refuses an empty ${type.kind === "map" ? "section" : "object"} here ("cannot be a standalone element")`,
        );
      return value;
    }
    case "slice": {
      const elem = table.types[type.elem];
      const structs = elem?.kind === "struct";
      if (Array.isArray(value)) {
        let kept = 0;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === null || item === undefined) continue;
          path.push(String(i));
          if (structs && !isMapping(item)) {
            // paerser keeps only the mappings of a list of objects: a plain value is dropped.
            findings.ignored.push({
              pointer: pointerOf(path),
              message: `Traefik ignores ${JSON.stringify(item)} in ${where(path.slice(0, -1))}: each entry must be a mapping`,
            });
          } else {
            const v = walk(item, type.elem, path, table, findings, false);
            if (v !== undefined) value[kept++] = v;
          }
          path.pop();
        }
        value.length = kept;
        return value;
      }
      // An empty mapping where a list goes is an empty list (`servers: {}`).
      if (isMapping(value) && Object.keys(value).length === 0) return [];
      // One scalar where a list of scalars goes is a list of one (Traefik splits the value).
      if (elem !== undefined && !structs && !isMapping(value)) {
        const v = walk(value, type.elem, path, table, findings, false);
        return v === undefined ? undefined : [v];
      }
      return fail(findings, path, `${where(path)} must be a list (${describe(value)} given)`);
    }
    case "string":
      if (typeof value === "string") return value;
      return scalar(value, type, path, (message) => fail(findings, path, message));
    case "bool":
    case "int":
    case "float":
    case "duration":
      return scalar(value, type, path, (message) => fail(findings, path, message));
  }
}

function scalar(
  value: unknown,
  type: Exclude<TypeInfo, { kind: "struct" | "map" | "slice" | "any" }>,
  path: readonly string[],
  fail: (message: string) => undefined,
): unknown {
  // Already of the field's type: nothing to convert (the common case, and the cheap one).
  if (type.kind === "string" && typeof value === "string") return value;
  if (type.kind === "bool" && typeof value === "boolean") return value;
  if (type.kind === "float" && typeof value === "number") return value;
  if (
    (type.kind === "int" || type.kind === "duration") &&
    typeof value === "number" &&
    Number.isSafeInteger(value) &&
    (type.kind === "duration" || type.unsigned !== true || value >= 0) &&
    (type.kind === "duration" || type.bits >= 53 || Math.abs(value) < 2 ** (type.bits - 1))
  )
    return value;
  if (isMapping(value) || Array.isArray(value))
    return fail(`${where(path)} must be a single value (${describe(value)} given)`);
  const pointer = path;
  const text = typeof value === "string" ? value : String(value);
  switch (type.kind) {
    case "string":
      return text;
    case "bool": {
      // Go's strconv.ParseBool.
      if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
      if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
      return fail(`${where(pointer)} must be true or false ("${text}" given)`);
    }
    case "int": {
      // paerser: strconv.ParseInt(value, 10, bits) or ParseUint: base 10, no spaces, and no sign
      // at all for an unsigned field (ParseUint refuses "+5").
      if (!(type.unsigned === true ? /^\d+$/ : /^[+-]?\d+$/).test(text))
        return fail(
          `${where(pointer)} must be ${type.unsigned === true ? "a whole number ≥ 0" : "a whole number"} ("${text}" given)`,
        );
      const n = BigInt(text);
      const bits = BigInt(type.bits - (type.unsigned === true ? 0 : 1));
      const max = (1n << bits) - 1n;
      const min = type.unsigned === true ? 0n : -(1n << bits);
      if (n > max || n < min) return fail(`${where(pointer)} is out of range (${text})`);
      return Number(n);
    }
    case "float": {
      // strconv.ParseFloat: decimal syntax (no spaces, no underscores) or Inf, Infinity, NaN in any
      // case. Go's hexadecimal floats (0x1p-2) are refused here: JavaScript cannot read them.
      if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
      if (/^[+-]?nan$/i.test(text)) return Number.NaN;
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text))
        return fail(`${where(pointer)} must be a number ("${text}" given)`);
      return Number(text);
    }
    case "duration": {
      // paerser: strconv.ParseInt(value, 10, 64) (a number of the field's unit), else
      // time.ParseDuration; neither takes spaces.
      if (/^[+-]?\d+$/.test(text)) return Number(text);
      if (!GO_DURATION.test(text))
        return fail(
          `${where(pointer)} must be a duration such as 10s, 1m30s or a number of ${type.unit === "s" ? "seconds" : "nanoseconds"} ("${text}" given)`,
        );
      return text;
    }
  }
}

/** Go's time.ParseDuration: a sequence of decimal numbers, each with a unit. */
const GO_DURATION = /^[+-]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$/;

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (isMapping(value)) return "a mapping";
  return JSON.stringify(value) ?? String(value);
}

function where(path: readonly string[]): string {
  return path.length === 0 ? "the file" : `"${path.join(".")}"`;
}

/** "did you mean" from the keys this object takes, by edit distance. */
function suggest(key: string, type: { fields?: Record<string, FieldInfo> }): string {
  const names = Object.values(type.fields ?? {})
    .filter((f) => f.ignored !== true)
    .map((f) => f.json);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const name of names) {
    const d = distance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}
