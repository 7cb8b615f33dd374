/**
 * `doctor --target redis://…`: the store and every Traefik that reads it (domain/doctor/redis.ts
 * judges). --fix does not apply: turning notifications on is a change to redis.conf, said as a fix.
 */
import { PhoenixMeshError } from "../../core/errors.js";
import { diagnoseRedis } from "../../domain/doctor/redis.js";
import type { Settings } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";
import type { RedisSpec } from "../../adapters/targets/target-url.js";
import type { Finding } from "../../domain/doctor/finding.js";

export async function doctorRedis(
  spec: RedisSpec,
  settings: Settings,
  io: CommandIO,
): Promise<{ target: string; findings: Finding[] }> {
  if (settings.traefikApis.length === 0)
    throw new PhoenixMeshError("USAGE", "no Traefik API: doctor checks that every Traefik reads this store", {
      hint: "pass --api once per Traefik instance",
    });
  const [{ openRedisTarget }, { readRevision }, { traefikApi }] = await Promise.all([
    import("../../adapters/redis/client.js"),
    import("../../adapters/redis/tree-store.js"),
    import("../../adapters/traefik-api/api.js"),
  ]);
  const { conn, description: store } = await openRedisTarget(spec, {
    env: io.env,
    timeoutMs: settings.stepTimeoutSeconds * 1000,
  });
  try {
    const [notifications, stored, instances] = await Promise.all([
      conn.configGet("notify-keyspace-events"),
      readRevision(conn, spec.rootKey),
      Promise.all(
        settings.traefikApis.map(async (api) => ({
          api,
          middlewares: await traefikApi(api)
            .list("middlewares")
            .catch((e: unknown) => e as Error),
        })),
      ),
    ]);
    const revision = stored?.revision ?? null;
    return {
      target: store,
      findings: diagnoseRedis({ store, rootKey: spec.rootKey, notifications, revision, instances }),
    };
  } finally {
    await conn.close();
  }
}
