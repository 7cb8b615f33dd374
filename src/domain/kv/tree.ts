/**
 * Pure: a dynamic configuration as the keys Traefik's KV providers read (Redis, etcd, Consul,
 * ZooKeeper), and the difference between two such trees.
 *
 * Traefik's layout (pkg/config/kv at the pinned v3.6.12, and its KV routing reference): one key
 * per leaf under the root key, path segments joined by "/", list items as numbered segments
 * (`<root>/http/routers/r/entryPoints/0 = web`), values as plain strings, an object with nothing
 * set as `true` (`<root>/http/routers/r/tls = true`). What that reader does, and so what this
 * refuses rather than write a tree Traefik would read differently from the file:
 *  - it sorts keys as text, so items 10 and up of a list come before item 2: lists of more than
 *    ten items are refused;
 *  - it joins a list of plain values with "," and splits them again, trimming spaces: an item
 *    with a comma, leading or trailing spaces, or empty is refused;
 *  - it skips keys whose value is empty (kvtools' MGET reply): empty strings are refused (an empty
 *    custom header means "remove it" in a file, and nothing at all in KV);
 *  - it matches keys case-insensitively: two names that differ only in case are refused;
 *  - a segment made of digits is a list index, and "/" separates segments: names like "0" or
 *    "a/b" are refused.
 */
import { PhoenixMeshError } from "../../core/errors.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";

/** Key → value, sorted by key. */
export type KvTree = ReadonlyMap<string, string>;

/** Traefik sorts list items as text: beyond ten, item "10" is read before item "2". */
export const MAX_LIST_ITEMS = 10;

/** The KV keys a configuration is stored as, under `root` (e.g. "traefik"). */
export function kvTree(config: DynamicConfig, root: string): KvTree {
  const out = new Map<string, string>();
  const refuse = (path: readonly string[], why: string) =>
    new PhoenixMeshError(
      "OUTPUT_INVALID",
      `${path.join(".")}: ${why}, which Traefik's KV provider would not read back as the file says`,
      {
        hint: "change the value (or deploy this file to a file target, pct://… or file://…)",
      },
    );
  const walk = (value: unknown, path: readonly string[]): void => {
    if (value === null || value === undefined) return;
    if (typeof value === "string") {
      if (value === "") throw refuse(path, "the value is empty");
      out.set(keyOf(root, path), value);
      return;
    }
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
      out.set(keyOf(root, path), String(value));
      return;
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_LIST_ITEMS)
        throw refuse(path, `the list has ${value.length} items (more than ${MAX_LIST_ITEMS})`);
      value.forEach((item, i) => {
        const at = [...path, String(i)];
        if (typeof item === "string" && (item.includes(",") || item.trim() !== item || item === ""))
          throw refuse(at, `${JSON.stringify(item)} is empty, has a comma or has spaces at its ends`);
        if (item === null || Array.isArray(item)) throw refuse(at, "a list item is null or a list");
        walk(item, at);
      });
      return;
    }
    if (typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>).filter(
        ([, v]) => v !== null && v !== undefined,
      );
      // An object with nothing set (tls: {}) is "true"; the top sections and maps of named
      // objects (http, routers) are simply left out when empty.
      if (entries.length === 0) {
        if (path.length > 2) out.set(keyOf(root, path), "true");
        return;
      }
      const seen = new Map<string, string>();
      for (const [name, v] of entries) {
        if (name === "" || name.includes("/") || /^\d+$/.test(name))
          throw refuse([...path, name], "the name is empty, has a / or is a number");
        const other = seen.get(name.toLowerCase());
        if (other !== undefined)
          throw refuse([...path, name], `the name differs from ${JSON.stringify(other)} only in case`);
        seen.set(name.toLowerCase(), name);
        walk(v, [...path, name]);
      }
      return;
    }
    throw refuse(path, `a ${typeof value} value`);
  };
  walk(config, []);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function keyOf(root: string, path: readonly string[]): string {
  return [root, ...path].join("/");
}

export interface KvDelta {
  /** Keys to set, new or changed. */
  set: [string, string][];
  /** Keys that exist now and are not in the new tree. */
  del: string[];
}

/** What turns `current` into `next`: only the keys that change (each one wakes every Traefik). */
export function kvDelta(current: KvTree, next: KvTree): KvDelta {
  const set = [...next].filter(([k, v]) => current.get(k) !== v);
  const del = [...current.keys()].filter((k) => !next.has(k));
  return { set, del };
}

/** Whether two trees hold the same keys with the same values. */
export function sameTree(a: KvTree, b: KvTree): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/**
 * A root key phoenix-mesh can own: plain, and not a prefix of its own bookkeeping keys (Traefik
 * reads every key that starts with the root key, "phoenix-mesh:…" included when the root is "p").
 */
export function checkRootKey(root: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.-]+)*$/.test(root))
    return "letters, digits, _ . - and inner /; no leading or trailing /, no * ? [ ] (Redis reads it as a pattern)";
  if (META_PREFIX.startsWith(root) || root.startsWith(META_PREFIX))
    return `phoenix-mesh keeps its own keys under ${META_PREFIX}…`;
  return undefined;
}

/**
 * Where phoenix-mesh keeps its lock, revision and backups for a root key: beside it, never under
 * it, and never where Traefik listens. kvtools/redis subscribes to `__keyspace*:<root>*`, a glob
 * whose first `*` also spans a ":" inside a key: `phoenix-mesh:traefik:lock` would match it, and
 * every lock taken would make every Traefik re-read the tree (and open its 2 s reload throttle
 * just before the deploy's own change). So these keys hold no ":" at all.
 */
export const META_PREFIX = "phoenix-mesh/";
export function metaKeys(root: string) {
  const base = `${META_PREFIX}${root.replaceAll("/", "|")}`;
  return {
    lock: `${base}/lock`,
    revision: `${base}/revision`,
    backups: `${base}/backups`,
    backup: (id: string) => `${base}/backup/${id}`,
  };
}

/**
 * A tree read back as a configuration (numbered segments as lists, values as strings): enough to
 * name its objects, their rules and their transports, which is what verifying it needs.
 */
export function configOfTree(tree: KvTree, root: string): DynamicConfig {
  const top: Record<string, unknown> = {};
  for (const [key, value] of tree) {
    if (!key.startsWith(`${root}/`)) continue;
    const path = key.slice(root.length + 1).split("/");
    let node: Record<string, unknown> | unknown[] = top;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const slot = node as Record<string, unknown>;
      if (last) {
        slot[segment] = value;
        return;
      }
      const next = slot[segment];
      if (next === undefined || typeof next !== "object" || next === null) {
        slot[segment] = /^\d+$/.test(path[i + 1] ?? "") ? [] : {};
      }
      node = slot[segment] as Record<string, unknown>;
    });
  }
  return top;
}
