/**
 * `doctor --target redis://…`: the store and every Traefik that reads it (domain/doctor/redis.ts
 * judges). --fix does not apply: turning notifications on is a change to redis.conf, said as a fix.
 */
import { PhoenixMeshError } from "../../core/errors.js";
import { metaKeys } from "../../domain/kv/tree.js";
import { diagnoseRedis } from "../../domain/doctor/redis.js";
import type { Settings } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import { describeTarget, REDIS_PASSWORD_ENV, type RedisSpec } from "../../adapters/targets/target-url.js";
import type { Finding } from "../../domain/doctor/finding.js";

export async function doctorRedis(
  spec: RedisSpec,
  settings: Settings,
  io: CommandIO,
): Promise<{ target: string; findings: Finding[] }> {
  const [{ connectRedis }, { traefikApi }] = await Promise.all([
    import("../../adapters/redis/client.js"),
    import("../../adapters/traefik-api/api.js"),
  ]);
  if (settings.traefikApis.length === 0)
    throw new PhoenixMeshError("USAGE", "no Traefik API: doctor checks that every Traefik reads this store", {
      hint: "pass --api once per Traefik instance",
    });
  const store = describeTarget(spec);
  const password = io.env[REDIS_PASSWORD_ENV];
  const conn = await connectRedis(spec, {
    password: password === "" ? undefined : password,
    timeoutMs: settings.stepTimeoutSeconds * 1000,
    description: store,
  });
  try {
    const [notifications, revisionText, instances] = await Promise.all([
      conn.configGet("notify-keyspace-events"),
      conn.get(metaKeys(spec.rootKey).revision),
      Promise.all(
        settings.traefikApis.map(async (api) => ({
          api,
          middlewares: await traefikApi(api)
            .list("middlewares")
            .catch((e: unknown) => e as Error),
        })),
      ),
    ]);
    let revision: string | null = null;
    try {
      revision =
        revisionText === null ? null : ((JSON.parse(revisionText) as { revision?: string }).revision ?? null);
    } catch {
      revision = null;
    }
    const findings = diagnoseRedis({ store, rootKey: spec.rootKey, notifications, revision, instances });
    return { target: store, findings };
  } finally {
    await conn.close();
  }
}
