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
import { revisionOf } from "../../domain/traefik/revision.js";
import type { TraefikApi } from "../../domain/traefik/api-types.js";
import type { VerifyReport } from "../../domain/verify/run.js";
import { lockAndSwap, releaseLock, type HeldLock, type Swapped } from "../../adapters/targets/lock.js";
import type { Target } from "../../adapters/targets/target.js";
import {
  beforeOf,
  leaseMs,
  putBack,
  rollBack,
  timedSteps,
  verifyAfterReload,
  verifyOnly,
  versionsOf,
  type DeployInput,
  type Ready,
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
      for (const h of held)
        if (h.reply.kind === "swapped") await putBack(h.member.target, h.lock, h.reply.backup, after.sha256);
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
    // Every swap succeeded: held[i] is members[i]'s. Each target is one deploy's steps (flow.ts),
    // its lines named by the target.
    const ready = held.map((h): Ready => ({
      ...input,
      target: h.member.target,
      instances: h.member.instances,
      config,
      log: (line) => log(`${h.member.target.description}: ${line}`),
    }));
    const verifies = await step("verify", () =>
      Promise.all(
        held.map((h, i) => {
          if (h.reply.kind === "unchanged") return verifyOnly(ready[i]!, config);
          ready[i]!.log(`revision ${after.revision ?? "?"} in place`);
          return verifyAfterReload(ready[i]!, config);
        }),
      ),
    );
    const reportOf = (
      i: number,
      operation: MemberReport["operation"],
      rollback: VerifyReport | null = null,
    ): MemberReport => {
      const { member, reply } = held[i]!;
      return {
        target: member.target.description,
        operation,
        before: beforeOf(reply, after),
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
      const targets = held.map((h, i) =>
        reportOf(i, h.reply.kind === "unchanged" ? "unchanged" : "deployed"),
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
        held.map((h, i) =>
          h.reply.kind === "swapped"
            ? rollBack(ready[i]!, h.lock, h.reply.backup, after.sha256, verifies[i]!)
            : Promise.resolve(null),
        ),
      ),
    );
    const rolledBack = rollbacks.every((r) => r === null || r.ok);
    const targets = held.map((_, i) => {
      const rollback = rollbacks[i] ?? null;
      return reportOf(i, rollback === null ? "unchanged" : rollback.ok ? "rolled-back" : "failed", rollback);
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
