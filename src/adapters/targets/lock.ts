/**
 * One deploy at a time per target, and the swap itself, in as few container calls as possible
 * (swap-script.ts does the container side). Where things live, all beside or below the live file's
 * folder so that renames stay on one filesystem:
 *   <dynamic>/.phoenix-mesh/               staged copies (a hidden subfolder: Traefik's watcher is
 *                                          not recursive, so writing there raises no event that
 *                                          would open its 2 s providersThrottleDuration before the swap)
 *   <parent>/.phoenix-mesh-deploy.lock     the lock: a symlink naming the holder's token
 *   <parent>/phoenix-mesh-backups/         previous live files, the newest `keep` kept
 *
 * A lock whose holder is gone is taken over: its lease expired, or its process is gone on this
 * machine, or it has had no owner details for a few seconds (a deploy killed between taking the
 * lock and describing itself). The takeover itself is a compare-and-swap in the script, so two
 * deploys judging the same lock abandoned at once cannot both win, and cannot remove a fresh lock.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { basename, dirname, join, posix } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import { goAheadLine, parseSwapReply, STAGED_LINE, swapScriptArgv, type SwapReply } from "./swap-script.js";
import type { ProcessInput } from "../io/exec.js";
import type { Target } from "./target.js";

export interface LockOwner {
  pid: number;
  host: string;
  started: number;
  /** Epoch ms after which the lock counts as abandoned. */
  expires: number;
}

export interface SwapOptions {
  /**
   * Settles when the file may go live (it passed its checks, Traefik's API answered): the swap
   * starts at once, and renames only after this resolves. When it rejects, the swap stops with
   * nothing changed and the lock given back, and lockAndSwap rejects with the same error.
   */
  goAhead?: Promise<unknown>;
  /**
   * Called once the container holds the lock and the whole staged file (before the go-ahead is
   * sent): several targets go ahead only when all are staged.
   */
  onStaged?: () => void;
  waitMs: number;
  leaseMs: number;
  keepBackups: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/** A lock this deploy holds; every later step names it. */
export interface HeldLock {
  token: string;
  path: string;
}

export type Swapped = Extract<SwapReply, { kind: "swapped" | "unchanged" }>;

const POLL_MS = 200;
/** How long a lock may have no owner details before it counts as abandoned. */
const OWNERLESS_MS = 5_000;

export function lockPathFor(livePath: string): string {
  return join(dirname(dirname(livePath)), ".phoenix-mesh-deploy.lock");
}
export function stagingDir(livePath: string): string {
  return join(dirname(livePath), ".phoenix-mesh");
}
export function backupDir(livePath: string): string {
  return join(dirname(dirname(livePath)), "phoenix-mesh-backups");
}

/**
 * Takes the lock and puts `content` in place (staged from stdin, backed up, renamed): one
 * container call when the lock is free, started before `goAhead` settles. Unchanged content is
 * left alone, with the lock held.
 */
export async function lockAndSwap(
  target: Target,
  content: string,
  options: SwapOptions,
): Promise<{ lock: HeldLock; reply: Swapped }> {
  const lock: HeldLock = { token: randomBytes(8).toString("hex"), path: lockPathFor(target.livePath) };
  const started = options.now();
  let takeover = "-";
  let announced = false;
  const ownerless = new Map<string, number>();
  let unlockable = 0;
  const ready = options.goAhead ?? Promise.resolve();
  // Known synchronously in the wait loop: a refused file ends the wait for the lock.
  let refused: { error: unknown } | undefined;
  ready.catch((error: unknown) => (refused = { error }));
  /**
   * One call's input: the file at once, the go-ahead once the script said STAGED (never before:
   * it reads exactly the file's bytes, and must find nothing after them) and `ready` resolved.
   */
  const input = (): ProcessInput => {
    let staged!: () => void;
    const stagedNow = new Promise<void>((resolve) => (staged = resolve));
    let said = "";
    let seen = false;
    const tail = Promise.all([ready, stagedNow]).then(() => goAheadLine(lock.token));
    tail.catch(() => undefined); // a refusal is reported from `ready`, not as an unhandled rejection
    return {
      head: content,
      tail,
      onOutput: (text) => {
        if (seen) return;
        said += text;
        // A whole line of its own (the output may come in pieces).
        seen = said.split("\n").slice(0, -1).includes(STAGED_LINE);
        if (seen) {
          staged();
          options.onStaged?.();
        }
      },
    };
  };
  for (;;) {
    if (refused !== undefined) throw refused.error;
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      started: options.now(),
      expires: options.now() + options.leaseMs,
    };
    const reply = await call(
      target,
      "swap",
      lock,
      [
        target.livePath,
        stagingDir(target.livePath),
        backupDir(target.livePath),
        String(options.keepBackups),
        JSON.stringify(owner),
        takeover,
        backupStamp(new Date(options.now())),
        posix.dirname(target.livePath),
        posix.basename(target.livePath),
        String(Buffer.byteLength(content, "utf8")),
      ],
      input(),
    );
    if (reply.kind === "swapped" || reply.kind === "unchanged") return { lock, reply };
    if (reply.kind === "aborted") {
      // The go-ahead was refused (its error says why); else the input was cut short on its way.
      await ready;
      throw unexpected(target, "swap", reply);
    }
    if (reply.kind !== "busy") throw unexpected(target, "swap", reply);
    // ln -s failed, yet there is no lock: for an instant during another deploy's takeover or
    // release (the lock is being renamed), or for good when the folder is not writable or full.
    unlockable = reply.holder === null ? unlockable + 1 : 0;
    if (unlockable > 10)
      throw new PhoenixMeshError(
        "REMOTE",
        `cannot create the deploy lock ${lock.path} in ${target.description}`,
        {
          hint: `check that ${dirname(lock.path)} exists and is writable in the container, and that its disk has room`,
        },
      );
    if (reply.holder === null) {
      await options.sleep(20);
      continue;
    }
    const now = options.now();
    const holder = reply.holder;
    const current = parseOwner(reply.owner);
    if (current === undefined && !ownerless.has(holder)) ownerless.set(holder, now);
    const abandoned =
      current === undefined
        ? now - (ownerless.get(holder) ?? now) > OWNERLESS_MS
        : now > current.expires || diedHere(current);
    if (abandoned && takeover !== holder) {
      options.log(
        `taking over an abandoned deploy lock ${lock.path}${current === undefined ? "" : ` (pid ${current.pid} on ${current.host} is gone or its lease expired)`}`,
      );
      takeover = holder;
      continue;
    }
    takeover = "-";
    if (now - started >= options.waitMs) {
      throw new PhoenixMeshError(
        "REMOTE",
        `another deploy holds ${lock.path}${current === undefined ? "" : ` (pid ${current.pid} on ${current.host}, since ${new Date(current.started).toISOString()})`}; waited ${Math.round(options.waitMs / 1000)} s`,
        {
          hint: `wait for it and run again; if no deploy is running, the lock expires by itself${current === undefined ? "" : ` at ${new Date(current.expires).toISOString()}`}, or remove ${lock.path}`,
        },
      );
    }
    if (!announced) {
      options.log(`waiting for another deploy to finish (lock ${lock.path})…`);
      announced = true;
    }
    await options.sleep(POLL_MS);
  }
}

/**
 * Puts `backup` back (or removes the live file when there was none) — only while the lock is
 * still ours and the live file is still the one this deploy wrote (`expected` digest).
 */
export async function restoreBackup(
  target: Target,
  lock: HeldLock,
  backup: string | null,
  expected: string,
): Promise<Extract<SwapReply, { kind: "restored" | "moved" | "lost" }>> {
  const reply = await call(target, "restore", lock, [
    target.livePath,
    stagingDir(target.livePath),
    backup ?? "-",
    expected,
    posix.dirname(target.livePath),
    posix.basename(target.livePath),
  ]);
  if (reply.kind === "restored" || reply.kind === "moved" || reply.kind === "lost") return reply;
  throw unexpected(target, "restore", reply);
}

/** Releases the lock if it is still ours (compare-and-delete). */
export async function releaseLock(target: Target, lock: HeldLock): Promise<void> {
  const reply = await call(target, "release", lock, []);
  if (reply.kind !== "released" && reply.kind !== "not-held") throw unexpected(target, "release", reply);
}

async function call(
  target: Target,
  mode: "swap" | "restore" | "release",
  lock: HeldLock,
  args: string[],
  input?: ProcessInput,
): Promise<SwapReply> {
  const result = await target.script(swapScriptArgv(mode, lock.path, lock.token, args), input);
  const reply = parseSwapReply(result.stdout);
  if (reply !== undefined) return reply;
  throw new PhoenixMeshError(
    "REMOTE",
    `the ${mode} step failed in ${target.description} (exit ${result.exitCode}): ${(result.stderr.trim() || result.stdout.trim()).split("\n").slice(-3).join(" / ") || "no output"}`,
    {
      hint:
        result.exitCode === 127
          ? "is this the Proxmox host (is `pct` installed)? The container needs sh, sha256sum, readlink and ln"
          : `${basename(target.livePath)} is unchanged unless the step got as far as its rename; run phoenix-mesh status to see`,
    },
  );
}

function unexpected(target: Target, mode: string, reply: SwapReply): PhoenixMeshError {
  if (reply.kind === "lost")
    return new PhoenixMeshError(
      "REMOTE",
      `the deploy lock of ${target.description} was taken over by another deploy (${reply.holder ?? "?"}) during the ${mode} step; nothing more was changed`,
      {
        hint: "a deploy outlived its lease (deploy.timeout and lock_timeout set it); run status, then deploy again",
      },
    );
  return new PhoenixMeshError(
    "REMOTE",
    `the ${mode} step in ${target.description} answered ${reply.kind}${reply.kind === "failed" ? `: ${reply.reason}` : ""}`,
  );
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

/** Owner details, only when every field is what a deploy writes (anything else: no details). */
export function parseOwner(text: string | undefined): LockOwner | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    const ok =
      Number.isSafeInteger(v.pid) &&
      typeof v.host === "string" &&
      Number.isFinite(v.started) &&
      Number.isFinite(v.expires);
    return ok ? (v as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** The time in a backup's name, to the millisecond (20261201T221602.123Z): sorted as text, sorted in time. */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "");
}
