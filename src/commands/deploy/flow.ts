/**
 * Deploy a rendered file to a target and prove it live; roll back when it is not.
 *
 *   swap started (one container call: lock, stage) ‖ file checked ‖ Traefik's API asked
 *     → go-ahead → the same call backs up and renames → reload → verify
 *     ├─ ok → release → deployed
 *     └─ not ok → restore the backup (only if the live file is still ours) → verify the old
 *        revision → release → "rolled-back" (or "failed")
 *   An unchanged file is verified too, exactly like a new one: a re-run after a crash that left
 *   a broken file live must not say "unchanged" and exit 0. When it fails, the newest backup is
 *   put back the same way.
 *
 * The container call starts first (on a real host its start-up, a Perl process or an SSH round
 * trip, is the slowest part), and the file's check and Traefik's API answer while it runs; the
 * live file is renamed only after both passed, so a refused file or an unreachable API still
 * changes nothing (the call stops and gives the lock back).
 * Two container calls when all goes well (swap, release); three with a rollback.
 */
import { parseDynamic } from "../../adapters/dynamic/read.js";
import { sha256 } from "../../core/digest.js";
import { PhoenixMeshError } from "../../core/errors.js";
import type { ProbeResult, TraefikApi, TraefikVersion } from "../../domain/traefik/api-types.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import { revisionMiddlewareOf, revisionOf } from "../../domain/traefik/revision.js";
import { loadedInstances, verifyInstances } from "../../domain/verify/instances.js";
import {
  failedVerify as failedReport,
  type TlsInspector,
  type VerifyReport,
} from "../../domain/verify/run.js";
import {
  lockAndSwap,
  releaseLock,
  restoreBackup,
  type HeldLock,
  type Swapped,
} from "../../adapters/targets/lock.js";
import { checkReloadSupported, reload, type ReloadMode } from "../../adapters/targets/reload.js";
import type { Target } from "../../adapters/targets/target.js";

export type DeployOperation = "deployed" | "unchanged" | "rolled-back" | "failed";

export interface DeployReport {
  operation: DeployOperation;
  target: string;
  before: { revision: string | null; sha256: string } | null;
  after: { revision: string | null; sha256: string };
  backup: string | null;
  traefikVersion: string;
  timings: { step: string; ms: number }[];
  totalMs: number;
  verify: VerifyReport | null;
  rollback: VerifyReport | null;
  message: string;
}

export interface DeployInput {
  content: string;
  /**
   * Checks the file and gives its configuration, or throws to refuse it. deployFile calls it
   * once the container call has been started, so the two run at the same time.
   */
  check: () => DynamicConfig;
  target: Target;
  /**
   * Every Traefik instance that serves the target's file (one, usually). Each must answer before
   * the swap and serve the new revision after it, or the previous file is put back.
   */
  instances: readonly TraefikApi[];
  /** Their versions, when the caller asked for them early, in the same order (else deployFile asks). */
  versions?: readonly ReturnType<TraefikApi["version"]>[] | undefined;
  reload: ReloadMode;
  verifyTimeoutMs: number;
  lockWaitMs: number;
  keepBackups: number;
  probe: ((host: string) => Promise<ProbeResult>) | undefined;
  inspectTls?: TlsInspector | undefined;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/** The input with its file checked: what the steps after the swap work with. */
export type Ready = Omit<DeployInput, "check"> & { config: DynamicConfig };

/** Upper bound of a deploy's duration, for the lock lease: a lock older than this is abandoned. */
const LEASE_MARGIN_MS = 120_000;

/** Each step's duration, in the order they end: the report's timings. */
export function timedSteps(now: () => number) {
  const timings: { step: string; ms: number }[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = now();
    try {
      return await fn();
    } finally {
      timings.push({ step: name, ms: Math.round(now() - t) });
    }
  };
  return { timings, step };
}

/** Every instance's version (asked early by the caller, or now); a reload mode one cannot do refuses the deploy. */
export async function versionsOf(
  instances: readonly TraefikApi[],
  reloadMode: ReloadMode,
  early?: readonly Promise<TraefikVersion>[],
): Promise<string> {
  const versions = await Promise.all(instances.map((api, i) => early?.[i] ?? api.version()));
  for (const { Version } of versions) checkReloadSupported(reloadMode, Version);
  return [...new Set(versions.map((v) => v.Version))].join(", ");
}

/** The lock's lease: longer than any deploy with these timeouts can take. */
export function leaseMs(input: { verifyTimeoutMs: number; lockWaitMs: number }): number {
  return 2 * input.verifyTimeoutMs + input.lockWaitMs + LEASE_MARGIN_MS;
}

export async function deployFile(input: DeployInput): Promise<DeployReport> {
  const { target, now, log } = input;
  const start = now();
  const { timings, step } = timedSteps(now);
  if (input.instances.length === 0) throw new Error("deployFile: no Traefik instance to verify with");
  const apiReady = step("traefik api", () => versionsOf(input.instances, input.reload, input.versions));
  // The check waits one microtask: it runs after the rest of this synchronous code, which has
  // started the container call (lockAndSwap spawns its first call before it awaits anything).
  const checked = step("check", async () => {
    await Promise.resolve();
    return input.check();
  });
  const goAhead = Promise.all([checked, apiReady]);
  const swapping = step("swap", () =>
    lockAndSwap(target, input.content, {
      goAhead,
      waitMs: input.lockWaitMs,
      leaseMs: leaseMs(input),
      keepBackups: input.keepBackups,
      now,
      sleep: input.sleep,
      log,
    }),
  );
  let swapped: Awaited<typeof swapping>;
  try {
    swapped = await swapping;
  } catch (error) {
    // A refused file or an unreachable API stopped the swap: say that, not how the swap ended.
    await goAhead;
    throw error;
  }
  const [config, version] = await goAhead;
  const ready: Ready = { ...input, config };
  const after = { revision: revisionOf(input.content) ?? null, sha256: sha256(input.content) };
  type Rest = Pick<DeployReport, "operation" | "before" | "message"> &
    Partial<Pick<DeployReport, "backup" | "verify" | "rollback">>;
  const report = (rest: Rest): DeployReport => ({
    target: target.description,
    after,
    traefikVersion: version,
    timings,
    backup: null,
    verify: null,
    rollback: null,
    ...rest,
    totalMs: Math.round(now() - start),
  });

  const { lock, reply } = swapped;
  try {
    const unchanged = reply.kind === "unchanged";
    const before = beforeOf(reply, after);
    // Unchanged: the previous file is the newest backup (a crashed deploy's, at worst).
    const backup = unchanged ? reply.latestBackup : reply.backup;
    if (!unchanged)
      log(
        `${target.description}: revision ${after.revision ?? "?"} in place${backup === null ? "" : `, previous kept at ${backup}`}`,
      );
    const verify = await step("verify", () =>
      unchanged ? verifyOnly(ready, config) : verifyAfterReload(ready, config),
    );
    if (verify.ok)
      return report({
        operation: unchanged ? "unchanged" : "deployed",
        before,
        backup: unchanged ? null : backup,
        verify,
        message: unchanged
          ? `${target.description} already has revision ${after.revision ?? after.sha256.slice(0, 12)}, and Traefik serves it; nothing written`
          : `revision ${after.revision ?? "?"} is live`,
      });

    if (unchanged && backup === null) {
      const r = report({
        operation: "failed",
        before,
        verify,
        message: `${target.description} already has revision ${after.revision ?? "?"}, but Traefik does not serve it, and there is no earlier file to go back to`,
      });
      throw new PhoenixMeshError("VERIFY_FAILED", r.message, {
        details: r,
        hint: "fix the problems above, render and deploy again",
      });
    }
    log(
      `verification failed; rolling back${unchanged ? ` to ${backup}` : ""}: ${verify.problems.join("; ")}`,
    );
    const rollback = await step("rollback", () => rollBack(ready, lock, backup, after.sha256, verify));
    if (rollback.ok) {
      const r = report({
        operation: "rolled-back",
        before,
        backup,
        verify,
        rollback,
        message: `revision ${after.revision ?? "?"} failed verification and was rolled back; ${backup === null ? "no file" : `the previous file (${backup})`} is live again`,
      });
      throw new PhoenixMeshError("ROLLED_BACK", r.message, {
        details: r,
        hint: "fix the problems above and deploy again",
      });
    }
    const r = report({
      operation: "failed",
      before,
      backup,
      verify,
      rollback,
      message: `deploy failed and the rollback could not be verified: ${await describeState(target, backup)}`,
    });
    throw new PhoenixMeshError("ROLLBACK_FAILED", r.message, {
      details: r,
      hint: `check Traefik by hand (journalctl -u traefik; phoenix-mesh verify --api …); the previous file is ${backup === null ? "not kept (there was none)" : `backed up at ${backup}`}`,
    });
  } finally {
    await step("release", () => releaseLock(target, lock)).catch((error: unknown) =>
      log(`could not release the deploy lock: ${(error as Error).message}`),
    );
  }
}

/** The file a swap replaced: the same file when it was unchanged, none when there was none. */
export function beforeOf(
  reply: Swapped,
  after: { revision: string | null; sha256: string },
): { revision: string | null; sha256: string } | null {
  if (reply.kind === "unchanged") return after;
  return reply.before === null ? null : { revision: reply.beforeRevision, sha256: reply.before };
}

/**
 * Puts the previous file back, only while the live file is still this deploy's and the lock
 * still ours: undefined when it did, else a failed verification saying why it left things alone.
 */
export async function putBack(
  target: Target,
  lock: HeldLock,
  backup: string | null,
  ours: string,
): Promise<VerifyReport | undefined> {
  const restored = await restoreBackup(target, lock, backup, ours);
  if (restored.kind === "moved")
    return failedReport(
      new Error(
        `the live file is no longer this deploy's (now sha256:${restored.digest ?? "none"}): left as it is`,
      ),
    );
  if (restored.kind === "lost")
    return failedReport(
      new Error(`the deploy lock was taken over by ${restored.holder ?? "?"}: left as it is`),
    );
  return undefined;
}

/**
 * Puts the previous file back (only while the live file is still ours) and verifies it on the
 * instances that had loaded the new revision (`failed`: the verification that failed).
 */
export async function rollBack(
  input: Ready,
  lock: HeldLock,
  backup: string | null,
  ours: string,
  failed: VerifyReport,
): Promise<VerifyReport> {
  try {
    const notRestored = await putBack(input.target, lock, backup, ours);
    if (notRestored !== undefined) return notRestored;
    const previous = backup === null ? undefined : await input.target.readFile(backup);
    return await verifyAfterReload(
      { ...input, instances: loadedInstances(input.instances, failed) },
      previousConfig(input, previous),
      revisionMiddlewareOf(input.config),
    );
  } catch (error) {
    return failedReport(error);
  }
}

/**
 * What the restored file must serve. A previous file this tool cannot read (a hand edit Traefik
 * accepted) is still proved restored by the new revision's marker being gone; it is said so, not
 * silently treated as an empty configuration.
 */
function previousConfig(input: Ready, previous: string | undefined): DynamicConfig {
  if (previous === undefined) return {};
  try {
    return parseDynamic(previous, `the previous ${input.target.livePath}`).config;
  } catch (error) {
    input.log(
      `the previous file cannot be checked object by object (${(error as Error).message}); verifying only that the new revision is gone`,
    );
    return {};
  }
}

/** What the container holds after a failed rollback, in words an operator can act on. */
async function describeState(target: Target, backup: string | null): Promise<string> {
  const now = await target.readFile(target.livePath).catch(() => null);
  if (backup === null)
    return `the new file was ${now === undefined ? "removed" : "NOT removed"} from ${target.description}`;
  if (now === null) return `${target.description} could not be read back`;
  const previous = await target.readFile(backup).catch(() => undefined);
  return `the container holds ${now === previous ? `the previous file again (revision ${revisionOf(now ?? "") ?? sha256(now ?? "").slice(0, 12)})` : "an unknown file"}, but Traefik did not confirm it`;
}

export async function verifyAfterReload(
  input: Ready,
  config: DynamicConfig,
  replaces?: string,
): Promise<VerifyReport> {
  try {
    await reload(input.target, input.reload);
    return await verifyOnly(input, config, replaces);
  } catch (error) {
    return failedReport(error);
  }
}

export async function verifyOnly(
  input: Ready,
  config: DynamicConfig,
  replaces?: string,
): Promise<VerifyReport> {
  try {
    return await verifyInstances(
      config,
      input.verifyTimeoutMs,
      input.instances,
      {
        probe: input.probe,
        inspectTls: input.inspectTls,
        sleep: input.sleep,
        now: input.now,
        log: input.log,
      },
      { replaces },
    );
  } catch (error) {
    return failedReport(error);
  }
}
