/**
 * One deploy at a time per target: a lock folder next to the dynamic folder (not inside it, so
 * Traefik's watcher does not see it), created with mkdir — atomic on every filesystem — holding
 * an owner file. A lock whose owner's lease has expired (a crashed deploy) is taken over, so it
 * never blocks forever; a live one is waited for, up to a timeout.
 */
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import type { Target } from "./target.js";

export interface LockOwner {
  pid: number;
  host: string;
  started: number;
  /** Epoch ms after which the lock counts as abandoned. */
  expires: number;
}

export interface LockOptions {
  waitMs: number;
  leaseMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

const POLL_MS = 200;

export function lockPathFor(livePath: string): string {
  return join(dirname(dirname(livePath)), `.phoenix-mesh-deploy.lock`);
}

export async function acquireLock(target: Target, options: LockOptions): Promise<() => Promise<void>> {
  const dir = lockPathFor(target.livePath);
  const ownerFile = join(dir, "owner.json");
  const started = options.now();
  let announced = false;
  let ownerlessSince: number | undefined;
  for (;;) {
    if (await target.tryMkdir(dir)) {
      const owner: LockOwner = {
        pid: process.pid,
        host: hostname(),
        started: options.now(),
        expires: options.now() + options.leaseMs,
      };
      await target.writeFile(ownerFile, `${JSON.stringify(owner)}\n`, "0644");
      return async () => target.remove(dir);
    }
    const owner = parseOwner(await target.readFile(ownerFile));
    const now = options.now();
    // No owner file yet: either it is being written this instant, or its deploy died between
    // mkdir and writing it. Give it a few seconds before calling it abandoned.
    if (owner === undefined) ownerlessSince ??= now;
    const abandoned =
      owner === undefined ? now - (ownerlessSince ?? now) > 5_000 : now > owner.expires || diedHere(owner);
    if (abandoned) {
      options.log(
        `taking over an abandoned deploy lock ${dir}${owner === undefined ? "" : ` (pid ${owner.pid} on ${owner.host} is gone or its lease expired)`}`,
      );
      // Two deploys taking over the same abandoned lock at the same instant could both remove
      // it; the mkdir above still lets only one of them in afterwards.
      await target.remove(dir);
      continue;
    }
    if (now - started >= options.waitMs) {
      throw new PhoenixMeshError(
        "REMOTE",
        `another deploy holds ${dir}${owner === undefined ? "" : ` (pid ${owner.pid} on ${owner.host}, since ${new Date(owner.started).toISOString()})`}; waited ${Math.round(options.waitMs / 1000)} s`,
        {
          hint: `wait for it and run again; if no deploy is running, the lock expires by itself${owner === undefined ? "" : ` at ${new Date(owner.expires).toISOString()}`}, or remove ${dir}`,
        },
      );
    }
    if (!announced) {
      options.log(`waiting for another deploy to finish (lock ${dir})…`);
      announced = true;
    }
    await options.sleep(POLL_MS);
  }
}

/** An owner on this machine whose process is gone (a deploy killed here) is abandoned at once. */
function diedHere(owner: LockOwner): boolean {
  if (owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function parseOwner(text: string | undefined): LockOwner | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    return typeof v.expires === "number" && typeof v.pid === "number" ? (v as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}
