/** Adapter: a target URL → a connected Target. */
import { runnerWithEnv } from "../io/exec.js";
import { localHost, sshHost } from "./host.js";
import { dirTarget } from "./dir-target.js";
import { pctTarget } from "./pct-target.js";
import type { Target } from "./target.js";
import { describeTarget, parseTargetUrl } from "./target-url.js";

export const SSH_OPTIONS_ENV = "PHOENIX_MESH_SSH_OPTIONS";

export async function openTarget(url: string, env: Record<string, string | undefined>): Promise<Target> {
  const spec = parseTargetUrl(url);
  const runner = runnerWithEnv(env);
  const description = describeTarget(spec);
  switch (spec.kind) {
    case "dir":
      return dirTarget(spec.path, description, runner);
    case "pct":
      return pctTarget(localHost(runner), spec.ctid, spec.path, description);
    case "ssh": {
      // Extra ssh options, whitespace-separated (e.g. "-i /root/.ssh/deploy -o UserKnownHostsFile=/etc/phoenix/known_hosts").
      const extraOptions = (env[SSH_OPTIONS_ENV] ?? "").split(/\s+/).filter((w) => w !== "");
      const host = await sshHost({ user: spec.user, host: spec.host, port: spec.port, extraOptions }, runner);
      return pctTarget(host, spec.ctid, spec.path, description);
    }
  }
}
