/**
 * Adapter: one connection to a Redis server (the only importer of ioredis). It offers the few
 * operations the KV deploy needs, each one atomic on the server: read keys, set-if-absent and the
 * compare-and-set / compare-and-delete of a lock (small Lua scripts, run as one command), and a
 * guarded transaction (WATCH the guards, compare them, MULTI … EXEC: applied whole or not at all).
 * The password is passed in by the caller, from the environment; it is never logged.
 */
import { Redis } from "ioredis";
import { PhoenixMeshError } from "../../core/errors.js";
import { SECRET_ENV } from "../settings/table.js";
import { describeTarget, type RedisSpec } from "../targets/target-url.js";

export type RedisOp =
  | { op: "set"; key: string; value: string }
  | { op: "del"; keys: string[] }
  | { op: "lpush"; key: string; value: string }
  | { op: "ltrim"; key: string; start: number; stop: number }
  /** CONFIG SET name value: inside a transaction, it holds for the commands queued after it. */
  | { op: "config-set"; name: string; value: string };

/**
 * What a guarded transaction did: applied whole; nothing, because a guard differed or changed
 * before EXEC; or nothing, because the server refused a CONFIG SET in it (an ACL without
 * `config|set`, a renamed CONFIG command), which aborts the whole transaction.
 */
export type TransactionResult = "applied" | "guard-changed" | "config-refused";

export interface RedisConnection {
  /** Every key matching a SCAN pattern (`traefik/*`). */
  scanKeys(pattern: string): Promise<string[]>;
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  get(key: string): Promise<string | null>;
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  /** SET key value NX PX ttl: true when it was absent and is now set. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Sets key (with a ttl) only while it still holds `expected`. */
  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes key only while it still holds `expected`. */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  /**
   * Runs `ops` as one MULTI/EXEC, only while every guard key holds its value (null: absent).
   */
  transaction(
    guards: readonly { key: string; value: string | null }[],
    ops: readonly RedisOp[],
  ): Promise<TransactionResult>;
  /** CONFIG GET name, or undefined when the server refuses CONFIG (a managed Redis). */
  configGet(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const CAS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end return false`;
const CAD = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Connects to a redis:// target, with the password from the environment (SECRET_ENV) and the
 * target described as people read it: what deploy, status and doctor each need.
 */
export async function openRedisTarget(
  spec: RedisSpec,
  options: { env: Record<string, string | undefined>; timeoutMs: number },
): Promise<{ conn: RedisConnection; description: string }> {
  const description = describeTarget(spec);
  const password = options.env[SECRET_ENV.redisPassword];
  const conn = await connectRedis(spec, {
    password: password === "" ? undefined : password,
    timeoutMs: options.timeoutMs,
    description,
  });
  return { conn, description };
}

export async function connectRedis(
  spec: RedisSpec,
  options: { password: string | undefined; timeoutMs: number; description: string },
): Promise<RedisConnection> {
  const client = new Redis({
    host: spec.host,
    port: spec.port,
    db: spec.db,
    ...(spec.user === undefined ? {} : { username: spec.user }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(spec.tls ? { tls: { servername: spec.host } } : {}),
    lazyConnect: true,
    connectTimeout: options.timeoutMs,
    commandTimeout: options.timeoutMs,
    // One attempt: a deploy says "unreachable" rather than retry behind the user's back.
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // Errors reach the awaiting call; without a listener ioredis would also print them. The last
  // one says why a connection closed (NOAUTH during its ready check is reported as "closed").
  let lastError: Error | undefined;
  client.on("error", (e: Error) => (lastError = e));
  const remote = (error: unknown, what: string) =>
    new PhoenixMeshError("REMOTE", `${options.description}: ${what}: ${(error as Error).message}`, {
      hint: /NOAUTH|WRONGPASS|invalid password/i.test((error as Error).message)
        ? `set ${SECRET_ENV.redisPassword} (and the user in the URL when Redis has ACL users)`
        : "is Redis running and reachable from here (redis-cli -h HOST -p PORT ping)?",
    });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw remote(lastError ?? error, "cannot connect");
  }
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw remote(error, what);
    }
  };
  return {
    scanKeys: (pattern) =>
      call("SCAN", async () => {
        const keys: string[] = [];
        let cursor = "0";
        do {
          // A large COUNT: a tree of thousands of keys in a round trip or two (each call walks
          // COUNT buckets of the keyspace, a millisecond's work for Redis at 10,000).
          const [next, batch] = await client.scan(cursor, "MATCH", pattern, "COUNT", 10_000);
          keys.push(...batch);
          cursor = next;
        } while (cursor !== "0");
        return [...new Set(keys)];
      }),
    mget: (keys) => call("MGET", async () => (keys.length === 0 ? [] : client.mget(...keys))),
    get: (key) => call("GET", () => client.get(key)),
    lrange: (key, start, stop) => call("LRANGE", () => client.lrange(key, start, stop)),
    setIfAbsent: (key, value, ttlMs) =>
      call("SET NX", async () => (await client.set(key, value, "PX", ttlMs, "NX")) === "OK"),
    compareAndSet: (key, expected, value, ttlMs) =>
      call("lock takeover", async () => (await client.eval(CAS, 1, key, expected, value, ttlMs)) === "OK"),
    compareAndDelete: (key, expected) =>
      call("lock release", async () => (await client.eval(CAD, 1, key, expected)) === 1),
    transaction: (guards, ops) =>
      call("MULTI/EXEC", async () => {
        if (guards.length > 0) await client.watch(...guards.map((g) => g.key));
        const now = guards.length === 0 ? [] : await client.mget(...guards.map((g) => g.key));
        if (guards.some((g, i) => now[i] !== g.value)) {
          await client.unwatch();
          return "guard-changed";
        }
        const multi = client.multi();
        for (const op of ops) {
          if (op.op === "set") multi.set(op.key, op.value);
          else if (op.op === "del") {
            if (op.keys.length > 0) multi.del(...op.keys);
          } else if (op.op === "lpush") multi.lpush(op.key, op.value);
          else if (op.op === "ltrim") multi.ltrim(op.key, op.start, op.stop);
          else multi.config("SET", op.name, op.value);
        }
        let result: [error: Error | null, result: unknown][] | null;
        try {
          result = await multi.exec();
        } catch (error) {
          // A command refused while queued (NOPERM, unknown command) aborts the transaction
          // (EXECABORT): nothing ran, and WATCH is released.
          if (ops.some((op) => op.op === "config-set") && /EXECABORT/.test((error as Error).message))
            return "config-refused";
          throw error;
        }
        if (result === null) return "guard-changed";
        const failed = result.find(([error]) => error !== null);
        if (failed !== undefined) throw failed[0] as Error;
        return "applied";
      }),
    configGet: async (name) => {
      try {
        const reply = (await client.config("GET", name)) as string[];
        return reply[1];
      } catch {
        return undefined;
      }
    },
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
