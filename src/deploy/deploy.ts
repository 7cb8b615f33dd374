/**
 * Deploy a rendered file to a target and prove it live; roll back when it is not.
 *
 *   lock → read live (backup) → stage next to it (a name Traefik ignores), flushed →
 *   rename over the live file (atomic) → reload → verify this revision → done
 *                                        └─ verify fails → put the backup back the same way →
 *                                           verify the old revision → "rolled-back" (or "failed")
 *
 * Traefik's API is asked first, so an unreachable API fails the deploy before anything changes.
 */
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { PhoenixMeshError } from "../errors.js";
import { revisionOf } from "../render/revision.js";
import type { TraefikApi } from "../traefik/api.js";
import { parseDynamicConfig } from "../traefik/check-dynamic.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import type { ProbeResult } from "../traefik/probe.js";
import { revisionMiddlewareOf } from "../verify/evaluate.js";
import { verifyLive, type VerifyReport } from "../verify/run.js";
import { acquireLock } from "./lock.js";
import { checkReloadSupported, reload, type ReloadMode } from "./reload.js";
import type { Target } from "./target.js";

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
  config: DynamicConfig;
  target: Target;
  api: TraefikApi;
  reload: ReloadMode;
  verifyTimeoutMs: number;
  lockWaitMs: number;
  probe: ((host: string) => Promise<ProbeResult>) | undefined;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/** Upper bound of a deploy's duration, for the lock lease: a lock older than this is abandoned. */
const LEASE_MARGIN_MS = 120_000;

export async function deployFile(input: DeployInput): Promise<DeployReport> {
  const { target, now, log } = input;
  const start = now();
  const timings: DeployReport["timings"] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = now();
    try {
      return await fn();
    } finally {
      timings.push({ step: name, ms: Math.round(now() - t) });
    }
  };
  const after = { revision: revisionOf(input.content) ?? null, sha256: sha256(input.content) };
  const base = {
    target: target.description,
    after,
    timings,
    backup: null as string | null,
    verify: null,
    rollback: null,
  };

  const version = (await step("traefik api", () => input.api.version())).Version;
  checkReloadSupported(input.reload, version);
  const release = await step("lock", () =>
    acquireLock(target, {
      waitMs: input.lockWaitMs,
      leaseMs: 2 * input.verifyTimeoutMs + input.lockWaitMs + LEASE_MARGIN_MS,
      now,
      sleep: input.sleep,
      log,
    }),
  );
  try {
    const live = await step("read live", () => target.readFile(target.livePath));
    const before = live === undefined ? null : { revision: revisionOf(live) ?? null, sha256: sha256(live) };
    if (live === input.content) {
      return {
        ...base,
        operation: "unchanged",
        before,
        traefikVersion: version,
        totalMs: Math.round(now() - start),
        message: `${target.description} already has revision ${after.revision ?? after.sha256.slice(0, 12)}; nothing written`,
      };
    }
    const backup =
      live === undefined
        ? null
        : await step("backup", () => writeBackup(target, live, before?.revision ?? null, now()));
    await step("stage", async () => {
      await target.tryMkdir(stagingDir(target.livePath));
      await target.writeFile(stagedPath(target.livePath), input.content, "0644");
    });
    await step("swap", () => target.rename(stagedPath(target.livePath), target.livePath));
    log(
      `${target.description}: revision ${after.revision ?? "?"} in place${backup === null ? "" : `, previous kept at ${backup}`}`,
    );

    const verify = await step("verify", () => verifyAfterReload(input, input.config));
    if (verify.ok) {
      return {
        ...base,
        operation: "deployed",
        before,
        backup,
        traefikVersion: version,
        verify,
        totalMs: Math.round(now() - start),
        message: `revision ${after.revision ?? "?"} is live`,
      };
    }

    log(`verification failed; rolling back: ${verify.problems.join("; ")}`);
    const oldConfig =
      live === undefined ? { http: {} } : (parseDynamicConfig(live, target.livePath).config ?? { http: {} });
    let rollback: VerifyReport;
    try {
      await step("rollback swap", async () => {
        if (live === undefined) await target.remove(target.livePath);
        else {
          await target.writeFile(stagedPath(target.livePath), live, "0644");
          await target.rename(stagedPath(target.livePath), target.livePath);
        }
      });
      rollback = await step("rollback verify", () =>
        verifyAfterReload(input, oldConfig, revisionMiddlewareOf(input.config)),
      );
    } catch (error) {
      rollback = failedReport(error);
    }
    const totalMs = Math.round(now() - start);
    if (rollback.ok) {
      const report: DeployReport = {
        ...base,
        operation: "rolled-back",
        before,
        backup,
        traefikVersion: version,
        verify,
        rollback,
        totalMs,
        message: `revision ${after.revision ?? "?"} failed verification and was rolled back; ${describeBefore(before)} is live again`,
      };
      throw new PhoenixMeshError("ROLLED_BACK", report.message, {
        details: report,
        hint: "fix the problems above and deploy again",
      });
    }
    const state =
      live === undefined
        ? `the new file was ${(await exists(target)) ? "NOT removed" : "removed"} from ${target.description}`
        : `the container holds ${(await target.readFile(target.livePath).catch(() => undefined)) === live ? `the previous file again (${describeBefore(before)})` : "an unknown file"}, but Traefik did not confirm it`;
    const report: DeployReport = {
      ...base,
      operation: "failed",
      before,
      backup,
      traefikVersion: version,
      verify,
      rollback,
      totalMs,
      message: `deploy failed and the rollback could not be verified: ${state}`,
    };
    throw new PhoenixMeshError("ROLLBACK_FAILED", report.message, {
      details: report,
      hint: `check Traefik by hand (journalctl -u traefik; phoenix-mesh verify --api …); the previous file is ${backup === null ? "not kept (there was none)" : `backed up at ${backup}`}`,
    });
  } finally {
    await release().catch((error: unknown) =>
      log(`could not release the deploy lock: ${(error as Error).message}`),
    );
  }
}

async function verifyAfterReload(
  input: DeployInput,
  config: DynamicConfig,
  replaces?: string,
): Promise<VerifyReport> {
  try {
    await reload(input.target, input.reload);
    return await verifyLive(
      config,
      input.verifyTimeoutMs,
      { api: input.api, probe: input.probe, sleep: input.sleep, now: input.now, log: input.log },
      { replaces },
    );
  } catch (error) {
    return failedReport(error);
  }
}

function failedReport(error: unknown): VerifyReport {
  return {
    ok: false,
    revision: null,
    live: [],
    loaded: false,
    loadedAfterMs: null,
    objects: [],
    probes: [],
    problems: [(error as Error).message],
  };
}

async function exists(target: Target): Promise<boolean> {
  return (await target.readFile(target.livePath).catch(() => "")) !== undefined;
}

function describeBefore(before: DeployReport["before"]): string {
  return before === null ? "no file" : `revision ${before.revision ?? before.sha256.slice(0, 12)}`;
}

/**
 * The staged copy: in a hidden folder inside the live file's folder, under a name Traefik ignores.
 * Same folder tree, so the same filesystem and an atomic rename(2) even when the dynamic folder
 * is a mount (a sibling folder outside it could be another filesystem, where `mv` silently
 * copies). A subfolder rather than the watched folder itself, because Traefik's watcher is not
 * recursive: writing the staged file there raises no event, whereas an event in the watched
 * folder makes Traefik reload and then ignore further changes for providersThrottleDuration
 * (2 s by default, pkg/provider/aggregator), which would hold back the real swap.
 */
export function stagingDir(livePath: string): string {
  return join(dirname(livePath), ".phoenix-mesh");
}

export function stagedPath(livePath: string): string {
  return join(stagingDir(livePath), `${basename(livePath)}.staged`);
}

export function backupDir(livePath: string): string {
  return join(dirname(dirname(livePath)), "phoenix-mesh-backups");
}

async function writeBackup(
  target: Target,
  content: string,
  revision: string | null,
  at: number,
): Promise<string> {
  const dir = backupDir(target.livePath);
  await target.tryMkdir(dir);
  const stamp = new Date(at).toISOString().replace(/[:.]/g, "-");
  const path = join(dir, `${basename(target.livePath)}.${stamp}.${revision ?? "unversioned"}.bak`);
  await target.writeFile(path, content, "0600");
  return path;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
