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
import { basename, dirname, join } from "node:path";
import { parseDynamic } from "../../adapters/dynamic/read.js";
import { sha256 } from "../../core/digest.js";
import { PhoenixMeshError } from "../../core/errors.js";
import { revisionOf } from "../../domain/traefik/revision.js";
import type { ProbeResult, TraefikApi } from "../../domain/traefik/api-types.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import { revisionMiddlewareOf } from "../../domain/traefik/revision.js";
import { verifyLive, type TlsInspector, type VerifyReport } from "../../domain/verify/run.js";
import { acquireLock } from "../../adapters/targets/lock.js";
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
  config: DynamicConfig;
  target: Target;
  api: TraefikApi;
  reload: ReloadMode;
  verifyTimeoutMs: number;
  lockWaitMs: number;
  probe: ((host: string) => Promise<ProbeResult>) | undefined;
  inspectTls?: TlsInspector | undefined;
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
  const version = (await step("traefik api", () => input.api.version())).Version;
  checkReloadSupported(input.reload, version);
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
      return report({
        operation: "unchanged",
        before,
        message: `${target.description} already has revision ${after.revision ?? after.sha256.slice(0, 12)}; nothing written`,
      });
    }
    const backup =
      live === undefined
        ? null
        : await step("backup", () => writeBackup(target, live, before?.revision ?? null, now()));
    await step("stage", () => stage(target, input.content));
    await step("swap", () => target.rename(stagedPath(target.livePath), target.livePath));
    log(
      `${target.description}: revision ${after.revision ?? "?"} in place${backup === null ? "" : `, previous kept at ${backup}`}`,
    );

    const verify = await step("verify", () => verifyAfterReload(input, input.config));
    if (verify.ok)
      return report({
        operation: "deployed",
        before,
        backup,
        verify,
        message: `revision ${after.revision ?? "?"} is live`,
      });

    log(`verification failed; rolling back: ${verify.problems.join("; ")}`);
    const rollback = await step("rollback", () => rollBack(input, live));
    if (rollback.ok) {
      const r = report({
        operation: "rolled-back",
        before,
        backup,
        verify,
        rollback,
        message: `revision ${after.revision ?? "?"} failed verification and was rolled back; ${describeBefore(before)} is live again`,
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
      message: `deploy failed and the rollback could not be verified: ${await describeState(target, live, before)}`,
    });
    throw new PhoenixMeshError("ROLLBACK_FAILED", r.message, {
      details: r,
      hint: `check Traefik by hand (journalctl -u traefik; phoenix-mesh verify --api …); the previous file is ${backup === null ? "not kept (there was none)" : `backed up at ${backup}`}`,
    });
  } finally {
    await release().catch((error: unknown) =>
      log(`could not release the deploy lock: ${(error as Error).message}`),
    );
  }
}

/** Writes `content` to the staging folder, flushed, ready for the atomic rename. */
async function stage(target: Target, content: string): Promise<void> {
  await target.tryMkdir(stagingDir(target.livePath));
  await target.writeFile(stagedPath(target.livePath), content, "0644");
}

/** Puts the previous file back the same atomic way (or removes the new one) and verifies it. */
async function rollBack(input: DeployInput, live: string | undefined): Promise<VerifyReport> {
  const { target } = input;
  try {
    if (live === undefined) await target.remove(target.livePath);
    else {
      await stage(target, live);
      await target.rename(stagedPath(target.livePath), target.livePath);
    }
    return await verifyAfterReload(input, previousConfig(input, live), revisionMiddlewareOf(input.config));
  } catch (error) {
    return failedReport(error);
  }
}

/**
 * What the restored file must serve. A previous file this tool cannot read (a hand edit Traefik
 * accepted) is still proved restored by the new revision's marker being gone; it is said so, not
 * silently treated as an empty configuration.
 */
function previousConfig(input: DeployInput, live: string | undefined): DynamicConfig {
  if (live === undefined) return {};
  try {
    return parseDynamic(live, `the previous ${input.target.livePath}`).config;
  } catch (error) {
    input.log(
      `the previous file cannot be checked object by object (${(error as Error).message}); verifying only that the new revision is gone`,
    );
    return {};
  }
}

/** What the container holds after a failed rollback, in words an operator can act on. */
async function describeState(
  target: Target,
  live: string | undefined,
  before: DeployReport["before"],
): Promise<string> {
  const now = await target.readFile(target.livePath).catch(() => null);
  if (live === undefined)
    return `the new file was ${now === undefined ? "removed" : "NOT removed"} from ${target.description}`;
  if (now === null) return `${target.description} could not be read back`;
  return `the container holds ${now === live ? `the previous file again (${describeBefore(before)})` : "an unknown file"}, but Traefik did not confirm it`;
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
      {
        api: input.api,
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
