/**
 * A strict JSON parser for user-edited inventory files.
 *
 * Why not JSON.parse: it keeps the last of two duplicate keys silently and its errors carry no
 * line numbers on Node 20. This parser rejects duplicate keys, accepts a UTF-8 BOM, and reports
 * `line:column` for every syntax error. Positions of values are not stored while parsing (that
 * would cost memory on a 10,000-guest inventory); `locatePointer` (./locate.ts) finds them again
 * on demand, only when there is an error to report.
 */
import { lineColumnAt } from "../text/position.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSyntaxError {
  message: string;
  offset: number;
  line: number;
  column: number;
  /** Pointer of the object the error is in, when it is a duplicate key. */
  pointer?: string;
}

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; error: JsonSyntaxError };

/**
 * Decides by its path whether an object member's value is built. Values not built are still
 * checked (syntax, duplicate keys): a 10,000-guest inventory is mostly fields phoenix-mesh does
 * not read, and secrets it should not hold in memory at all.
 */
export type KeepMember = (path: readonly string[]) => boolean;

const MAX_DEPTH = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const CONTROL = /[\u0000-\u001f]/;

class Failure extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly pointer?: string,
  ) {
    super(message);
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseJson(input: string, keep?: KeepMember): JsonParseResult {
  const text = stripBom(input);
  const parser = new Parser(text, keep);
  try {
    parser.skipWhitespace();
    if (parser.pos >= text.length) throw new Failure(0, "the file is empty; it must hold one JSON object");
    const value = parser.value([], 0, true) as JsonValue;
    parser.skipWhitespace();
    if (parser.pos < text.length) {
      throw new Failure(
        parser.pos,
        `unexpected ${describe(text, parser.pos)} after the end of the JSON value`,
      );
    }
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    const { line, column } = lineColumnAt(text, error.offset);
    const result: JsonSyntaxError = { message: error.message, offset: error.offset, line, column };
    if (error.pointer !== undefined) result.pointer = error.pointer;
    return { ok: false, error: result };
  }
}

/** What stands at `pos` (never whitespace: every caller has skipped it). */
function describe(text: string, pos: number): string {
  return pos >= text.length ? "end of file" : `character ${JSON.stringify(text[pos])}`;
}

class Parser {
  pos = 0;
  /** Offset of the next backslash at or after the current string, or -1 when there is none. */
  nextBackslash = 0;

  constructor(
    readonly text: string,
    readonly keep: KeepMember | undefined,
  ) {}

  skipWhitespace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  /** Parses the value at `pos`; with `build` false it is only checked, and undefined returned. */
  value(path: string[], depth: number, build: boolean): JsonValue | undefined {
    if (depth >= MAX_DEPTH) throw new Failure(this.pos, `nesting deeper than ${MAX_DEPTH} levels`);
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.object(path, depth, build);
      case 0x5b /* [ */:
        return this.array(path, depth, build);
      case 0x22 /* " */:
        return this.string();
      case 0x74 /* t */:
        return this.literal("true", true);
      case 0x66 /* f */:
        return this.literal("false", false);
      case 0x6e /* n */:
        return this.literal("null", null);
      default: {
        NUMBER.lastIndex = this.pos;
        const m = NUMBER.exec(t);
        if (m === null) throw new Failure(this.pos, `expected a JSON value, found ${describe(t, this.pos)}`);
        this.pos += m[0].length;
        return Number(m[0]);
      }
    }
  }

  literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) {
      throw new Failure(this.pos, `expected a JSON value, found ${describe(this.text, this.pos)}`);
    }
    this.pos += word.length;
    return value;
  }

  object(path: string[], depth: number, build: boolean): { [key: string]: JsonValue } | undefined {
    const t = this.text;
    const result: { [key: string]: JsonValue } | undefined = build ? {} : undefined;
    // Objects that are only checked still need their keys, for the duplicate check.
    const seen = build ? undefined : new Set<string>();
    this.pos++;
    this.skipWhitespace();
    if (t.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return result;
    }
    for (;;) {
      if (t.charCodeAt(this.pos) !== 0x22) {
        throw new Failure(this.pos, `expected a quoted property name, found ${describe(t, this.pos)}`);
      }
      const keyStart = this.pos;
      const key = this.string();
      const duplicate =
        result !== undefined ? Object.prototype.hasOwnProperty.call(result, key) : seen!.has(key);
      if (duplicate) {
        throw new Failure(
          keyStart,
          `duplicate key ${JSON.stringify(key)} in the same object (JSON parsers would silently keep only the last one)`,
          pointer(path),
        );
      }
      seen?.add(key);
      this.skipWhitespace();
      if (t.charCodeAt(this.pos) !== 0x3a) {
        throw new Failure(this.pos, `expected ":" after property name, found ${describe(t, this.pos)}`);
      }
      this.pos++;
      this.skipWhitespace();
      path.push(key);
      const keepIt = result !== undefined && (this.keep === undefined || this.keep(path));
      const v = this.value(path, depth + 1, keepIt);
      path.pop();
      if (keepIt) {
        // defineProperty, so a key named "__proto__" is data, not a prototype change.
        if (key === "__proto__") {
          Object.defineProperty(result, key, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else result[key] = v as JsonValue;
      }
      this.skipWhitespace();
      const c = t.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        if (t.charCodeAt(this.pos) === 0x7d)
          throw new Failure(this.pos, 'trailing comma before "}" is not allowed in JSON');
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return result;
      }
      throw new Failure(
        this.pos,
        `expected "," or "}" after a property value, found ${describe(t, this.pos)}`,
      );
    }
  }

  array(path: string[], depth: number, build: boolean): JsonValue[] | undefined {
    const t = this.text;
    const result: JsonValue[] | undefined = build ? [] : undefined;
    this.pos++;
    this.skipWhitespace();
    if (t.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return result;
    }
    for (let index = 0; ; index++) {
      path.push(String(index));
      const v = this.value(path, depth + 1, build);
      path.pop();
      result?.push(v as JsonValue);
      this.skipWhitespace();
      const c = t.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        if (t.charCodeAt(this.pos) === 0x5d)
          throw new Failure(this.pos, 'trailing comma before "]" is not allowed in JSON');
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return result;
      }
      throw new Failure(
        this.pos,
        `expected "," or "]" after an array element, found ${describe(t, this.pos)}`,
      );
    }
  }

  string(): string {
    const t = this.text;
    const start = this.pos + 1;
    const end = t.indexOf('"', start);
    if (end === -1) throw new Failure(this.pos, "unterminated string");
    // The next backslash in the file is cached: searching for it from every string start is
    // quadratic in a file that has none (a 10,000-guest inventory took 18 s that way).
    if (this.nextBackslash !== -1 && this.nextBackslash < start) this.nextBackslash = t.indexOf("\\", start);
    const backslash = this.nextBackslash;
    if (backslash === -1 || backslash > end) {
      const raw = t.slice(start, end);
      if (CONTROL.test(raw)) this.failControl(start, end);
      this.pos = end + 1;
      return raw;
    }
    return this.escapedString(start);
  }

  failControl(from: number, to: number): never {
    for (let p = from; p < to; p++) {
      if (this.text.charCodeAt(p) < 0x20) {
        throw new Failure(
          p,
          "a raw control character (such as a line break) inside a string; escape it as \\n",
        );
      }
    }
    throw new Failure(from, "invalid string");
  }

  escapedString(start: number): string {
    const t = this.text;
    let out = "";
    let p = start;
    let chunk = start;
    for (;;) {
      if (p >= t.length) throw new Failure(start - 1, "unterminated string");
      const c = t.charCodeAt(p);
      if (c === 0x22) {
        out += t.slice(chunk, p);
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) this.failControl(p, p + 1);
      if (c !== 0x5c) {
        p++;
        continue;
      }
      out += t.slice(chunk, p);
      const e = t[p + 1];
      switch (e) {
        case '"':
        case "\\":
        case "/":
          out += e;
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const hex = t.slice(p + 2, p + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex))
            throw new Failure(p, "invalid \\u escape: four hex digits expected");
          out += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          throw new Failure(p, `invalid escape \\${e ?? ""} in string`);
      }
      p += 2;
      chunk = p;
    }
  }
}

function pointer(path: readonly string[]): string {
  return path.map((t) => `/${t.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
