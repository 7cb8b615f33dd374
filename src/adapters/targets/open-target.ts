/** Adapter: a target URL → a connected Target. */
import { PhoenixMeshError } from "../../core/errors.js";
import { runnerWithEnv } from "../io/exec.js";
import { localHost, sshHost } from "./host.js";
import { dirTarget } from "./dir-target.js";
import { pctTarget } from "./pct-target.js";
import type { Target } from "./target.js";
import { describeTarget, parseTargetUrl } from "./target-url.js";

export interface TargetContext {
  /** The process environment (PATH decides which pct and ssh run). */
  env: Record<string, string | undefined>;
  /** Extra ssh options for ssh:// targets (the sshOptions setting). */
  sshOptions: readonly string[];
  /** Every process the target starts (pct, ssh) is killed after this; exit 124 says so. */
  timeoutMs?: number;
}

export async function openTarget(
  url: string,
  { env, sshOptions, timeoutMs }: TargetContext,
): Promise<Target> {
  const spec = parseTargetUrl(url);
  const runner = runnerWithEnv(env, timeoutMs);
  const description = describeTarget(spec);
  switch (spec.kind) {
    case "dir":
      return dirTarget(spec.path, description, runner);
    case "pct":
      return pctTarget(localHost(runner), spec.ctid, spec.path, description);
    case "ssh": {
      const extraOptions = [...sshOptions];
      const host = await sshHost({ user: spec.user, host: spec.host, port: spec.port, extraOptions }, runner);
      return pctTarget(host, spec.ctid, spec.path, description);
    }
    case "redis":
      // A tree of keys, not a file: deploy and status read it through adapters/redis.
      throw new PhoenixMeshError("USAGE", `${description} holds Traefik's KV tree, not a file`, {
        hint: "deploy, status, verify and doctor take a redis:// target as --target or deploy.target; deploy.targets lists file targets only (one Redis target already reaches every Traefik reading it)",
      });
  }
}
