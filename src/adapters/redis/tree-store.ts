/**
 * Adapter: a Traefik KV tree in Redis, written the way a file target's file is swapped. Keys
 * (domain/kv/tree.ts metaKeys; never under the root key, which Traefik reads whole):
 *   <root>/…                         the tree Traefik's Redis provider reads
 *   phoenix-mesh/<root>/lock         the deploy lock: the holder as JSON, with a lease (PX)
 *   phoenix-mesh/<root>/revision     {revision, sha256} of the file the tree was written from
 *   phoenix-mesh/<root>/backups      backup ids, newest first; the newest `keep` kept
 *   phoenix-mesh/<root>/backup/<id>  a previous tree, as JSON
 *
 * Every change is one MULTI/EXEC guarded by the lock (WATCH): the backup of the previous tree, the
 * keys that change, the deletion of the keys that are gone and the revision, all or nothing, so
 * Traefik (which re-reads the whole tree on each keyspace event, after EXEC) never reads half a
 * tree, and a deploy whose lock was taken over writes nothing. Only the keys that change are
 * written: each one is a keyspace event, and each event makes every Traefik re-read the tree.
 *
 * The lock is taken over when its holder is gone: its lease ran out (Redis removes it), or it
 * names a process on this machine that no longer exists. The takeover is a compare-and-set, so
 * two deploys that judge the same lock abandoned cannot both win.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { sha256 } from "../../core/digest.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { kvDelta, metaKeys, type KvDelta, type KvTree } from "../../domain/kv/tree.js";
import type { RedisConnection, RedisOp } from "./client.js";

export interface TreeRevision {
  revision: string | null;
  sha256: string;
}

export interface StoredTree {
  tree: KvTree;
  /** What phoenix-mesh last wrote here; null when it never did (or the tree was written by hand). */
  revision: TreeRevision | null;
}

export interface Backup extends StoredTree {
  id: string;
}

export interface KvLock {
  key: string;
  value: string;
}

interface Owner {
  token: string;
  pid: number;
  host: string;
  started: number;
  expires: number;
}

const POLL_MS = 200;
/** MGET in batches: one reply per batch, bounded. */
const BATCH = 1000;

export async function readTree(conn: RedisConnection, root: string): Promise<StoredTree> {
  const [found, revision] = await Promise.all([
    conn.scanKeys(`${root}/*`),
    conn.get(metaKeys(root).revision),
  ]);
  const keys = found.sort();
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += BATCH) batches.push(keys.slice(i, i + BATCH));
  // Sent together: the connection pipelines them, one round trip for the lot.
  const values = await Promise.all(batches.map((b) => conn.mget(b)));
  const tree = new Map<string, string>();
  batches.forEach((batch, b) =>
    batch.forEach((k, j) => {
      const v = values[b]![j];
      if (v !== null && v !== undefined) tree.set(k, v);
    }),
  );
  return { tree, revision: parseRevision(revision) };
}

/** What phoenix-mesh last wrote under a root key (without reading the tree). */
export async function readRevision(conn: RedisConnection, root: string): Promise<TreeRevision | null> {
  return parseRevision(await conn.get(metaKeys(root).revision));
}

/**
 * What a stored tree holds, for reports: its recorded revision, the digest of a tree written by
 * hand, or null when there is none.
 */
export function storedRevision(stored: StoredTree): TreeRevision | null {
  if (stored.revision !== null) return stored.revision;
  if (stored.tree.size === 0) return null;
  return { revision: null, sha256: sha256(JSON.stringify([...stored.tree])) };
}

function parseRevision(text: string | null): TreeRevision | null {
  if (text === null) return null;
  try {
    const r = JSON.parse(text) as Partial<TreeRevision>;
    return typeof r.sha256 === "string" ? { revision: r.revision ?? null, sha256: r.sha256 } : null;
  } catch {
    return null;
  }
}

export async function acquireLock(
  conn: RedisConnection,
  root: string,
  options: {
    waitMs: number;
    leaseMs: number;
    now: () => number;
    sleep: (ms: number) => Promise<void>;
    log: (line: string) => void;
  },
): Promise<KvLock> {
  const key = metaKeys(root).lock;
  const start = options.now();
  let announced = false;
  for (;;) {
    const now = options.now();
    const owner: Owner = {
      token: randomBytes(8).toString("hex"),
      pid: process.pid,
      host: hostname(),
      started: Math.round(now),
      expires: Math.round(now + options.leaseMs),
    };
    const value = JSON.stringify(owner);
    if (await conn.setIfAbsent(key, value, options.leaseMs)) return { key, value };
    const held = await conn.get(key);
    if (held !== null && holderIsGone(held)) {
      if (await conn.compareAndSet(key, held, value, options.leaseMs)) {
        options.log(`took over the deploy lock of a deploy that is gone (${describeHolder(held)})`);
        return { key, value };
      }
      continue;
    }
    if (now - start >= options.waitMs)
      throw new PhoenixMeshError(
        "REMOTE",
        `another deploy holds the lock ${key} (${held === null ? "just released" : describeHolder(held)})`,
        {
          hint: "wait for it to finish, or raise --lock-timeout; a lock whose holder died expires with its lease",
        },
      );
    if (!announced) {
      options.log(`waiting for the deploy lock held by ${held === null ? "?" : describeHolder(held)}…`);
      announced = true;
    }
    await options.sleep(POLL_MS);
  }
}

/** A holder on this machine whose process no longer exists. Elsewhere, only its lease can tell. */
function holderIsGone(held: string): boolean {
  let owner: Partial<Owner>;
  try {
    owner = JSON.parse(held) as Partial<Owner>;
  } catch {
    return false;
  }
  if (owner.host !== hostname() || typeof owner.pid !== "number") return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function describeHolder(held: string): string {
  try {
    const o = JSON.parse(held) as Partial<Owner>;
    return `pid ${o.pid ?? "?"} on ${o.host ?? "?"} since ${new Date(o.started ?? 0).toISOString()}, lease until ${new Date(o.expires ?? 0).toISOString()}`;
  } catch {
    return "an unknown holder";
  }
}

export async function releaseLock(conn: RedisConnection, lock: KvLock): Promise<void> {
  await conn.compareAndDelete(lock.key, lock.value);
}

export type Applied =
  | {
      kind: "applied";
      /** The keyspace events under the root key: each makes every Traefik re-read the whole tree. */
      events: number;
    }
  | { kind: "lost" }
  | { kind: "moved"; now: TreeRevision | null };

/**
 * Turns the stored tree `from` into `to` in one transaction, with `revision`, while the lock is
 * ours (and, when `expect` is given, while the revision key still says `expect`: a rollback only
 * replaces its own deploy's tree). `backup`, when given, is saved in the same transaction.
 *
 * With `notify` (the server's notify-keyspace-events, as CONFIG GET read it), a change of several
 * keys reaches Traefik as one keyspace event: the transaction turns notifications off, writes all
 * but one key, puts `notify` back and writes the last key. Traefik's Redis client re-reads the whole
 * tree once per event (kvtools' watchLoop, twice with the provider's own List), so a change of K
 * keys costs every instance K reads of the tree otherwise: minutes of CPU at 2,000 routes for an
 * import. MULTI/EXEC runs alone on the server, so no other client's writes lose their events, and
 * the setting is back before EXEC returns. A server that refuses CONFIG SET aborts the transaction
 * whole (EXECABORT); it is then run again with an event per key.
 */
export async function applyTree(
  conn: RedisConnection,
  root: string,
  lock: KvLock,
  change: {
    from: KvTree;
    to: KvTree;
    revision: TreeRevision | null;
    /** The previous tree, saved as backup `id` (backupId) in the same transaction. */
    backup?: (StoredTree & { id: string }) | undefined;
    expect?: TreeRevision | null | undefined;
    notify?: string | undefined;
  },
): Promise<Applied> {
  const meta = metaKeys(root);
  const delta = kvDelta(change.from, change.to);
  const before: RedisOp[] = [];
  if (change.backup !== undefined) {
    const id = change.backup.id;
    before.push(
      {
        op: "set",
        key: meta.backup(id),
        value: JSON.stringify({
          revision: change.backup.revision,
          tree: Object.fromEntries(change.backup.tree),
        }),
      },
      { op: "lpush", key: meta.backups, value: id },
    );
  }
  if (change.revision === null) before.push({ op: "del", keys: [meta.revision] });
  else before.push({ op: "set", key: meta.revision, value: JSON.stringify(change.revision) });
  const tree: RedisOp[] = [{ op: "del", keys: delta.del }];
  for (const [key, value] of delta.set) tree.push({ op: "set", key, value });
  const events = delta.del.length + delta.set.length;
  const guards: { key: string; value: string | null }[] = [{ key: lock.key, value: lock.value }];
  if (change.expect !== undefined) {
    const now = await conn.get(meta.revision);
    const same =
      parseRevision(now)?.sha256 === change.expect?.sha256 && (now === null) === (change.expect === null);
    if (!same) return { kind: "moved", now: parseRevision(now) };
    guards.push({ key: meta.revision, value: now });
  }
  let quiet = change.notify !== undefined && change.notify !== "" && events > 1;
  let result = await conn.transaction(
    guards,
    quiet ? [...before, ...oneEvent(delta, change.notify ?? "")] : [...before, ...tree],
  );
  if (result === "config-refused") {
    quiet = false;
    result = await conn.transaction(guards, [...before, ...tree]);
  }
  if (result === "applied") return { kind: "applied", events: quiet ? 1 : events };
  return (await conn.get(lock.key)) === lock.value
    ? { kind: "moved", now: parseRevision(await conn.get(meta.revision)) }
    : { kind: "lost" };
}

/**
 * The tree's writes with keyspace notifications off, then `notify` back and the last write (a set
 * when there is one: Traefik then reads a tree that has the key, whatever order events come in).
 */
function oneEvent(delta: KvDelta, notify: string): RedisOp[] {
  const sets = [...delta.set];
  const last = sets.pop();
  const dels = [...delta.del];
  const lastDel = last === undefined ? dels.pop() : undefined;
  return [
    { op: "config-set", name: NOTIFY, value: "" },
    { op: "del", keys: dels },
    ...sets.map(([key, value]): RedisOp => ({ op: "set", key, value })),
    { op: "config-set", name: NOTIFY, value: notify },
    last === undefined
      ? { op: "del", keys: lastDel === undefined ? [] : [lastDel] }
      : { op: "set", key: last[0], value: last[1] },
  ];
}

/** The server setting that says which keyspace events are published. */
export const NOTIFY = "notify-keyspace-events";

/** Keeps the newest `keep` backups, removing the others (after the deploy's own transaction). */
export async function trimBackups(conn: RedisConnection, root: string, keep: number): Promise<void> {
  const meta = metaKeys(root);
  // The newest backup is what a failed deploy goes back to: always keep it.
  const kept = Math.max(1, keep);
  const old = await conn.lrange(meta.backups, kept, -1);
  if (old.length === 0) return;
  await conn.transaction(
    [],
    [
      { op: "del", keys: old.map((id) => meta.backup(id)) },
      { op: "ltrim", key: meta.backups, start: 0, stop: kept - 1 },
    ],
  );
}

/** The newest backup, or null when there is none. */
export async function latestBackup(conn: RedisConnection, root: string): Promise<Backup | null> {
  const meta = metaKeys(root);
  const [id] = await conn.lrange(meta.backups, 0, 0);
  if (id === undefined) return null;
  const text = await conn.get(meta.backup(id));
  if (text === null) return null;
  const parsed = JSON.parse(text) as { revision: TreeRevision | null; tree: Record<string, string> };
  return { id, revision: parsed.revision, tree: new Map(Object.entries(parsed.tree)) };
}

/** A backup's id: when it was taken and the revision it holds. */
export function backupId(revision: TreeRevision | null, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${revision?.revision ?? revision?.sha256.slice(0, 12) ?? "unmarked"}`;
}
