/**
 * Deploy one file to several targets (deploy.targets: one Traefik container each, each with its
 * own API), all or nothing:
 *
 *   every target's swap started (lock, stage) ‖ file checked ‖ every API asked
 *     → all staged? → go-ahead to all → each backs up and renames → reload → verify each
 *     ├─ all serve it → release all → deployed
 *     └─ any does not → restore every target this run changed → verify those → release all
 *        → "rolled-back" (or "failed"), naming the targets that did not serve it
 *   A target that cannot be locked or staged (busy, unreachable, stopped) stops them all before
 *   any rename: the other scripts never get their go-ahead, and give their locks back.
 *
 * One target at a time is flow.ts; this is the same steps over several, sharing one go-ahead.
 */
import { PhoenixMeshError } from "../../core/errors.js";
import { sha256 } from "../../core/digest.js";
import { revisionMiddlewareOf, revisionOf } from "../../domain/traefik/revision.js";
import type { TraefikApi } from "../../domain/traefik/api-types.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import { verifyInstances } from "../../domain/verify/instances.js";
import { failedVerify as failedReport, type VerifyReport } from "../../domain/verify/run.js";
import { lockAndSwap, releaseLock, type HeldLock, type Swapped } from "../../adapters/targets/lock.js";
import { reload } from "../../adapters/targets/reload.js";
import type { Target } from "../../adapters/targets/target.js";
import {
  affected,
  leaseMs,
  putBack,
  readPrevious,
  timedSteps,
  versionsOf,
  type DeployInput,
} from "./flow.js";

export interface FleetMember {
  target: Target;
  /** The Traefik instances that serve this target's file. */
  instances: readonly TraefikApi[];
}

export type FleetInput = Omit<DeployInput, "target" | "instances" | "versions"> & {
  members: readonly FleetMember[];
};

export interface MemberReport {
  target: string;
  /** deployed: renamed and served; unchanged: already there and served; rolled-back / failed: put back (or not). */
  operation: "deployed" | "unchanged" | "rolled-back" | "failed";
  before: { revision: string | null; sha256: string } | null;
  backup: string | null;
  verify: VerifyReport | null;
  rollback: VerifyReport | null;
}

export interface FleetReport {
  operation: "deployed" | "unchanged" | "rolled-back" | "failed";
  after: { revision: string | null; sha256: string };
  traefikVersion: string;
  targets: MemberReport[];
  timings: { step: string; ms: number }[];
  totalMs: number;
  message: string;
}

interface Held {
  member: FleetMember;
  lock: HeldLock;
  reply: Swapped;
}

export async function deployFleet(input: FleetInput): Promise<FleetReport> {
  const { members, now, log } = input;
  if (members.length === 0) throw new Error("deployFleet: no target");
  const start = now();
  const { timings, step } = timedSteps(now);
  const apiReady = step("traefik api", () =>
    versionsOf(
      members.flatMap((m) => m.instances),
      input.reload,
    ),
  );
  const checked = step("check", async () => {
    await Promise.resolve();
    return input.check();
  });
  // Each target's "staged", settled by its own swap: the go-ahead waits for all of them, and the
  // first target that fails before staging stops the others (their input ends without it).
  const culprits = new Map<unknown, string>();
  const staged = members.map(() => {
    let settle!: { resolve: () => void; reject: (e: unknown) => void };
    const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    return { promise, ...settle };
  });
  const goAhead = Promise.all([checked, apiReady, ...staged.map((s) => s.promise)]);
  goAhead.catch(() => undefined); // each swap reports it
  const swaps = members.map((member, i) =>
    lockAndSwap(member.target, input.content, {
      goAhead,
      onStaged: staged[i]!.resolve,
      waitMs: input.lockWaitMs,
      leaseMs: leaseMs(input),
      keepBackups: input.keepBackups,
      now,
      sleep: input.sleep,
      log: (line) => log(`${member.target.description}: ${line}`),
    }).catch((error: unknown) => {
      if (!culprits.has(error)) culprits.set(error, member.target.description);
      staged[i]!.reject(error);
      throw error;
    }),
  );
  const settled = await step("swap", () => Promise.allSettled(swaps));
  const held: Held[] = settled.flatMap((s, i) =>
    s.status === "fulfilled" ? [{ member: members[i]!, lock: s.value.lock, reply: s.value.reply }] : [],
  );
  const after = { revision: revisionOf(input.content) ?? null, sha256: sha256(input.content) };
  try {
    const failed = settled.find((s) => s.status === "rejected");
    if (failed !== undefined) {
      // Renamed only after every target was staged: a target that failed after its go-ahead
      // (rare: the lock taken over, a rename refused) leaves the others renamed. Put them back.
      for (const h of held) if (h.reply.kind === "swapped") await restore(input, h, after.sha256);
      const reason = await goAhead.then(
        () => failed.reason as unknown,
        (error: unknown) => error,
      );
      const where = culprits.get(reason);
      const error =
        reason instanceof PhoenixMeshError ? reason : new PhoenixMeshError("REMOTE", String(reason));
      throw new PhoenixMeshError(
        error.code,
        `${where === undefined ? "" : `${where}: `}${error.message}; ${held.some((h) => h.reply.kind === "swapped") ? "the targets already renamed were put back" : "no target was changed"}`,
        {
          diagnostics: error.diagnostics,
          hint: error.hint,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      );
    }
    const [config, version] = await goAhead;
    const byTarget = new Map(held.map((h) => [h.member, h]));
    const ofMember = (m: FleetMember) => byTarget.get(m)!;
    const verifies = await step("verify", () =>
      Promise.all(
        members.map(async (m) => {
          const h = ofMember(m);
          if (h.reply.kind === "swapped")
            log(`${m.target.description}: revision ${after.revision ?? "?"} in place`);
          return verifyMember(input, m, config, h.reply.kind === "swapped");
        }),
      ),
    );
    const reportOf = (
      m: FleetMember,
      i: number,
      operation: MemberReport["operation"],
      rollback: VerifyReport | null = null,
    ): MemberReport => {
      const { reply } = ofMember(m);
      return {
        target: m.target.description,
        operation,
        before:
          reply.kind === "unchanged"
            ? after
            : reply.before === null
              ? null
              : { revision: reply.beforeRevision, sha256: reply.before },
        backup: reply.kind === "swapped" ? reply.backup : null,
        verify: verifies[i]!,
        rollback,
      };
    };
    const report = (
      operation: FleetReport["operation"],
      targets: MemberReport[],
      message: string,
    ): FleetReport => ({
      operation,
      after,
      traefikVersion: version,
      targets,
      timings,
      totalMs: Math.round(now() - start),
      message,
    });
    if (verifies.every((v) => v.ok)) {
      const targets = members.map((m, i) =>
        reportOf(m, i, ofMember(m).reply.kind === "unchanged" ? "unchanged" : "deployed"),
      );
      const all = targets.every((t) => t.operation === "unchanged");
      return report(
        all ? "unchanged" : "deployed",
        targets,
        `revision ${after.revision ?? "?"} is live on all ${members.length} targets${all ? "; nothing written" : ""}`,
      );
    }
    const failing = members.filter((_, i) => !verifies[i]!.ok).map((m) => m.target.description);
    log(`verification failed on ${failing.join(", ")}; rolling back every target this run changed`);
    const rollbacks = await step("rollback", () =>
      Promise.all(
        members.map(async (m, i) => {
          const h = ofMember(m);
          if (h.reply.kind !== "swapped") return null;
          return restore(input, h, after.sha256, { verify: verifies[i]!, config });
        }),
      ),
    );
    const rolledBack = rollbacks.every((r) => r === null || r.ok);
    const targets = members.map((m, i) => {
      const rollback = rollbacks[i] ?? null;
      return reportOf(
        m,
        i,
        rollback === null ? "unchanged" : rollback.ok ? "rolled-back" : "failed",
        rollback,
      );
    });
    const r = report(
      rolledBack ? "rolled-back" : "failed",
      targets,
      `revision ${after.revision ?? "?"} is not served by ${failing.join(", ")}; ${rolledBack ? "every target this run changed has its previous file back" : "and putting the previous file back could not be confirmed on every target"}`,
    );
    throw new PhoenixMeshError(rolledBack ? "ROLLED_BACK" : "ROLLBACK_FAILED", r.message, {
      details: r,
      hint: rolledBack
        ? "fix the problems above (each target's verification says what its Traefik did) and deploy again"
        : "check each target by hand (phoenix-mesh status --target …; journalctl -u traefik)",
    });
  } finally {
    await step("release", () =>
      Promise.all(
        held.map((h) =>
          releaseLock(h.member.target, h.lock).catch((error: unknown) =>
            log(
              `could not release the deploy lock of ${h.member.target.description}: ${(error as Error).message}`,
            ),
          ),
        ),
      ),
    );
  }
}

async function verifyMember(
  input: FleetInput,
  member: FleetMember,
  config: DynamicConfig,
  reloadFirst: boolean,
  replaces?: string,
  instances: readonly TraefikApi[] = member.instances,
): Promise<VerifyReport> {
  try {
    if (reloadFirst) await reload(member.target, input.reload);
    return await verifyInstances(
      config,
      input.verifyTimeoutMs,
      instances,
      {
        probe: input.probe,
        inspectTls: input.inspectTls,
        sleep: input.sleep,
        now: input.now,
        log: (line) => input.log(`${member.target.description}: ${line}`),
      },
      { replaces },
    );
  } catch (error) {
    return failedReport(error);
  }
}

/**
 * Puts a target's previous file back (only while the live file is still this run's). Given the
 * verification that failed, proves it on the instances that had loaded the new revision;
 * without one (another target failed before any verification), putting it back is the proof.
 */
async function restore(
  input: FleetInput,
  h: Held,
  ours: string,
  failed?: { verify: VerifyReport; config: DynamicConfig },
): Promise<VerifyReport | null> {
  const { target, instances } = h.member;
  const backup = h.reply.kind === "swapped" ? h.reply.backup : null;
  try {
    const notRestored = await putBack(target, h.lock, backup, ours);
    if (notRestored !== undefined) return notRestored;
    if (failed === undefined) return null;
    const previous = backup === null ? undefined : await target.readFile(backup);
    return await verifyMember(
      input,
      h.member,
      readPrevious(target, previous, input.log),
      true,
      revisionMiddlewareOf(failed.config),
      affected(instances, failed.verify),
    );
  } catch (error) {
    return failedReport(error);
  }
}
