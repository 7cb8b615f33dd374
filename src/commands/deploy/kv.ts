/**
 * Deploy a rendered file as Traefik's KV tree in Redis (redis://… targets), and prove it live on
 * every Traefik that reads it; roll the whole tree back when any one does not serve it.
 *
 *   lock (SET NX PX) ‖ file checked ‖ every API asked → tree read → the keys that change
 *     ├─ none → verify (an earlier deploy's tree may not be served) → "unchanged", or put the
 *     │         newest backup back as below
 *     └─ some → one MULTI/EXEC: backup of the previous tree + changed keys + deleted keys +
 *              revision → verify on every instance
 *              ├─ ok → trim backups → release → deployed
 *              └─ not ok → the previous tree back in one MULTI/EXEC (only while the revision key
 *                 is still this deploy's) → verify it on the instances that loaded the new one
 *                 → "rolled-back" (or "failed")
 * The report is a DeployReport, like a file deploy's: `backup` names the backup's key.
 */
import { sha256 } from "../../core/digest.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { configOfTree, kvTree, metaKeys, sameTree } from "../../domain/kv/tree.js";
import type { TraefikApi } from "../../domain/traefik/api-types.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import { revisionMiddlewareOf, revisionOf } from "../../domain/traefik/revision.js";
import { loadedInstances, verifyInstances } from "../../domain/verify/instances.js";
import { failedVerify, type VerifyReport } from "../../domain/verify/run.js";
import type { RedisConnection } from "../../adapters/redis/client.js";
import {
  acquireLock,
  applyTree,
  backupId,
  latestBackup,
  NOTIFY,
  readTree,
  releaseLock,
  storedRevision,
  trimBackups,
  type StoredTree,
  type TreeRevision,
} from "../../adapters/redis/tree-store.js";
import { leaseMs, timedSteps, versionsOf, type DeployInput, type DeployReport } from "./flow.js";

/** How long the file's check waits for the lock, so the tree's read is under way first. */
const LOCK_FIRST_MS = 20;

/** Traefik names the objects of its Redis provider `<name>@redis`. */
export const REDIS_PROVIDER = "redis";

export type KvDeployInput = Omit<DeployInput, "target" | "reload"> & {
  conn: RedisConnection;
  rootKey: string;
  description: string;
};

export async function deployKv(input: KvDeployInput): Promise<DeployReport> {
  const { conn, rootKey: root, now, log, description } = input;
  if (input.instances.length === 0) throw new Error("deployKv: no Traefik instance to verify with");
  const start = now();
  const { timings, step } = timedSteps(now);
  const apiReady = step("traefik api", () => versionsOf(input.instances, "watch", input.versions));
  const locking = step("lock", () =>
    acquireLock(conn, root, {
      waitMs: input.lockWaitMs,
      leaseMs: leaseMs(input),
      now,
      sleep: input.sleep,
      log,
    }),
  );
  locking.catch(() => undefined);
  // Read once the lock is ours (nobody else changes the tree then). The read goes out before the
  // file's check starts, whose parse holds the thread: its round trips are done when it ends.
  const reading = locking.then(() => step("read", () => readTree(conn, root)));
  reading.catch(() => undefined);
  // What the server publishes, so the change can reach Traefik as one event (applyTree).
  const notifying = conn.configGet(NOTIFY);
  const checked = step("check", async () => {
    // A free lock is one round trip: wait that long (not for a held one: a refused file says so
    // at once).
    await Promise.race([locking.catch(() => undefined), input.sleep(LOCK_FIRST_MS)]);
    const config = input.check();
    return { config, tree: kvTree(config, root) };
  });
  const ready = Promise.all([checked, apiReady]);
  ready.catch(() => undefined);
  const lock = await locking.catch(async (error: unknown) => {
    await ready; // a refused file or an unreachable API is the better reason
    throw error;
  });
  try {
    const [{ config, tree }, version] = await ready;
    const [stored, notify] = await Promise.all([reading, notifying]);
    const after: TreeRevision = {
      revision: revisionOf(input.content) ?? null,
      sha256: sha256(input.content),
    };
    const before = storedRevision(stored);
    const unchanged = sameTree(stored.tree, tree) && stored.revision?.sha256 === after.sha256;
    const report = (
      rest: Pick<DeployReport, "operation" | "message"> & Partial<DeployReport>,
    ): DeployReport => ({
      target: description,
      before,
      after,
      backup: null,
      traefikVersion: version,
      timings,
      verify: null,
      rollback: null,
      ...rest,
      totalMs: Math.round(now() - start),
    });
    const verify = (c: DynamicConfig, instances: readonly TraefikApi[], replaces?: string) =>
      verifyInstances(
        c,
        input.verifyTimeoutMs,
        instances,
        {
          probe: input.probe,
          inspectTls: input.inspectTls,
          sleep: input.sleep,
          now,
          log,
        },
        { replaces, provider: REDIS_PROVIDER },
      ).catch(failedVerify);

    let backup: StoredTree | null;
    let backupName: string | null = null;
    if (unchanged) {
      const ok = await step("verify", () => verify(config, input.instances));
      if (ok.ok)
        return report({
          operation: "unchanged",
          verify: ok,
          message: `${description} already holds revision ${after.revision ?? after.sha256.slice(0, 12)}, and Traefik serves it; nothing written`,
        });
      const latest = await latestBackup(conn, root);
      if (latest === null) {
        const r = report({
          operation: "failed",
          verify: ok,
          message: `${description} already holds revision ${after.revision ?? "?"}, but Traefik does not serve it, and there is no earlier tree to go back to`,
        });
        throw new PhoenixMeshError("VERIFY_FAILED", r.message, {
          details: r,
          hint: "fix the problems above, render and deploy again",
        });
      }
      backup = latest;
      backupName = metaKeys(root).backup(latest.id);
      return await rollBackTo(ok, backupName, backup);
    }

    backup = stored.tree.size === 0 && stored.revision === null ? null : stored;
    const id = backupId(stored.revision, now());
    backupName = backup === null ? null : metaKeys(root).backup(id);
    const applied = await step("apply", () =>
      applyTree(conn, root, lock, {
        from: stored.tree,
        to: tree,
        revision: after,
        backup: backup === null ? undefined : { ...backup, id },
        notify,
      }),
    );
    if (applied.kind !== "applied")
      throw new PhoenixMeshError(
        "REMOTE",
        applied.kind === "lost"
          ? `the deploy lock ${lock.key} was taken over before the tree was written; nothing written`
          : `${description} changed while this deploy held the lock; nothing written`,
        { hint: "deploy again" },
      );
    log(
      `${description}: revision ${after.revision ?? "?"} written (${keyspaceEvents(applied.events)})${backupName === null ? "" : `, previous kept at ${backupName}`}`,
    );
    const verified = await step("verify", () => verify(config, input.instances));
    if (verified.ok) {
      await trimBackups(conn, root, input.keepBackups).catch((error: unknown) =>
        log(`could not remove old backups: ${(error as Error).message}`),
      );
      return report({
        operation: "deployed",
        backup: backupName,
        verify: verified,
        message: `revision ${after.revision ?? "?"} is live`,
      });
    }
    return await rollBackTo(verified, backupName, backup);

    /**
     * The previous tree back, only while the revision key is still this deploy's, then verified
     * on the instances that loaded the new revision.
     */
    async function rollBackTo(
      failed: VerifyReport,
      name: string | null,
      previous: StoredTree | null,
    ): Promise<never> {
      log(
        `verification failed; rolling back${name === null ? " (no previous tree: removing it)" : ` to ${name}`}: ${failed.problems.join("; ")}`,
      );
      const rollback = await step("rollback", async (): Promise<VerifyReport> => {
        const back = await applyTree(conn, root, lock, {
          from: tree,
          to: previous?.tree ?? new Map(),
          revision: previous?.revision ?? null,
          expect: after,
          notify,
        });
        if (back.kind === "lost")
          return failedVerify(new Error(`the deploy lock was taken over: ${description} left as it is`));
        if (back.kind === "moved")
          return failedVerify(
            new Error(
              `${description} is no longer this deploy's (now ${back.now?.revision ?? back.now?.sha256.slice(0, 12) ?? "unmarked"}): left as it is`,
            ),
          );
        return verify(
          configOfTree(previous?.tree ?? new Map(), root),
          loadedInstances(input.instances, failed),
          revisionMiddlewareOf(config),
        );
      });
      const r = report({
        operation: rollback.ok ? "rolled-back" : "failed",
        backup: name,
        verify: failed,
        rollback,
        message: rollback.ok
          ? `revision ${after.revision ?? "?"} failed verification and was rolled back; ${name === null ? "the tree is empty again" : `the previous tree (${name}) is live again`}`
          : `deploy failed and the rollback could not be verified on ${description}`,
      });
      throw new PhoenixMeshError(rollback.ok ? "ROLLED_BACK" : "ROLLBACK_FAILED", r.message, {
        details: r,
        hint: rollback.ok
          ? "fix the problems above and deploy again"
          : `check Traefik by hand (phoenix-mesh status --target …; journalctl -u traefik); the previous tree is ${name === null ? "not kept (there was none)" : `at ${name}`}`,
      });
    }
  } finally {
    await step("release", () => releaseLock(conn, lock)).catch((error: unknown) =>
      log(`could not release the deploy lock: ${(error as Error).message}`),
    );
  }
}

/** How many times every Traefik is told to re-read the tree. */
function keyspaceEvents(events: number): string {
  return events === 1
    ? "one keyspace event"
    : `${events} keyspace events: each Traefik re-reads the tree once per event`;
}
