/**
 * Several Traefik instances serving one file (two Traefiks reading a folder bind-mounted from the
 * Proxmox host, or two processes in one container): each is verified on its own, at the same time,
 * and the file is served only when every one serves it. One instance gives exactly its own report,
 * so a single --api reads as it always did.
 */
import type { TraefikApi } from "../traefik/api-types.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { failedVerify, verifyLive, type VerifyDeps, type VerifyOptions, type VerifyReport } from "./run.js";

export interface InstanceReport extends VerifyReport {
  api: string;
}

/**
 * Verifies every instance (in parallel: the timeout is one wait, not one per instance). Host
 * probes go through one entryPoint (--probe), so they run with the first instance only. With
 * several, an instance whose API fails is that instance's failure, named in the report.
 */
export async function verifyInstances(
  config: DynamicConfig,
  timeoutMs: number,
  /** One API per instance; reports name each by its baseUrl. */
  instances: readonly TraefikApi[],
  deps: Omit<VerifyDeps, "api">,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  if (instances.length === 0) throw new Error("verifyInstances: no instance to verify");
  // One instance: its errors are the caller's to report (an unreachable API is exit 4, not 5).
  if (instances.length === 1) return verifyLive(config, timeoutMs, { ...deps, api: instances[0]! }, options);
  const reports = await Promise.all(
    instances.map(async (api, i) => ({
      api: api.baseUrl,
      ...(await verifyLive(
        config,
        timeoutMs,
        { ...deps, api, probe: i === 0 ? deps.probe : undefined },
        options,
      ).catch(failedVerify)),
    })),
  );
  return mergeReports(reports);
}

/** Pure: one report for all instances; with one instance, that instance's report unchanged. */
export function mergeReports(reports: readonly InstanceReport[]): VerifyReport {
  const [first, ...rest] = reports;
  if (first === undefined) throw new Error("mergeReports: no report");
  if (rest.length === 0) {
    const { api, ...only } = first;
    return only;
  }
  const loaded = reports.every((r) => r.loaded);
  return {
    ok: reports.every((r) => r.ok),
    revision: first.revision,
    live: [...new Set(reports.flatMap((r) => r.live))].sort(),
    loaded,
    // Loaded when the slowest instance had it.
    loadedAfterMs: loaded ? Math.max(...reports.map((r) => r.loadedAfterMs ?? 0)) : null,
    objects: [],
    probes: [],
    problems: reports.flatMap((r) => r.problems.map((p) => `${r.api}: ${p}`)),
    instances: [...reports],
  };
}

/**
 * The instances a rollback must prove: those that loaded the new revision. One that never did
 * (a Traefik whose folder or root key is not the target's, or that refused the file) was not changed by this
 * deploy, and cannot be asked to serve a previous file it may never have served. When none
 * loaded it, all are asked, as with a single instance.
 */
export function loadedInstances(
  instances: readonly TraefikApi[],
  verify: VerifyReport,
): readonly TraefikApi[] {
  const loaded = new Set((verify.instances ?? []).filter((i) => i.loaded).map((i) => i.api));
  const changed = instances.filter((api) => loaded.has(api.baseUrl));
  return changed.length === 0 ? instances : changed;
}
