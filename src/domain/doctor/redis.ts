/**
 * Pure: is a Redis deploy target set up so that every Traefik takes its changes? Traefik's Redis
 * provider (kvtools/redis) learns of a change only through keyspace notifications: without them
 * it keeps serving the tree it read at start, silently. It turns them on itself (CONFIG SET
 * notify-keyspace-events KEA) when it connects, so a Redis restarted without them in redis.conf,
 * or one that refuses CONFIG, loses them until every Traefik restarts. And every instance must
 * read the same root key of the same database: proved by each one serving the revision stored
 * there (its marker middleware, `<marker>@redis`).
 */
import type { ApiObject } from "../traefik/api-types.js";
import { liveRevisions } from "../traefik/revision.js";
import { error, ok, warning, type Finding } from "./finding.js";

export interface RedisFacts {
  store: string;
  rootKey: string;
  /** CONFIG GET notify-keyspace-events; undefined when the server refuses CONFIG. */
  notifications: string | undefined;
  /** The revision phoenix-mesh last wrote under the root key, if any. */
  revision: string | null;
  /** Each Traefik's middlewares, or why they could not be listed. */
  instances: { api: string; middlewares: ApiObject[] | Error }[];
}

const CONF_FIX =
  "add `notify-keyspace-events KEA` to redis.conf and run `redis-cli CONFIG SET notify-keyspace-events KEA` (or CONFIG REWRITE after it)";

/** Keyspace events (K) for string sets ($) and deletions (g), or all of them (A). */
export function notificationsCover(flags: string): boolean {
  return flags.includes("K") && (flags.includes("A") || (flags.includes("$") && flags.includes("g")));
}

export function diagnoseRedis(facts: RedisFacts): Finding[] {
  const findings: Finding[] = [];
  const n = facts.notifications;
  if (n === undefined)
    findings.push(
      warning(
        "redis.notifications",
        `${facts.store} does not answer CONFIG GET: whether keyspace notifications are on cannot be checked`,
        `make sure redis.conf has notify-keyspace-events KEA: without it Traefik never sees a deploy`,
      ),
    );
  else if (!notificationsCover(n))
    findings.push(
      error(
        "redis.notifications",
        `keyspace notifications are ${n === "" ? "off" : `"${n}"`} on ${facts.store}: Traefik's Redis provider never hears of a change and keeps serving the tree it read at start`,
        CONF_FIX,
      ),
    );
  else findings.push(ok("redis.notifications", `keyspace notifications are on ("${n}")`));

  for (const i of facts.instances) {
    if (i.middlewares instanceof Error) {
      findings.push(error("traefik.redis-provider", `${i.api}: ${i.middlewares.message}`, "check --api"));
      continue;
    }
    const fromRedis = i.middlewares.filter((m) => m.name.endsWith("@redis") || m.provider === "redis");
    const served = liveRevisions(i.middlewares, "redis");
    if (facts.revision === null) {
      findings.push(
        warning(
          "traefik.redis-provider",
          `${i.api}: nothing has been deployed under root key ${facts.rootKey} yet, so which root key this Traefik reads cannot be proved${fromRedis.length === 0 ? " (it lists no @redis object)" : ""}`,
          "deploy once, then run doctor again",
        ),
      );
    } else if (served.includes(facts.revision)) {
      findings.push(
        ok(
          "traefik.redis-provider",
          `${i.api} serves revision ${facts.revision} from root key ${facts.rootKey}`,
        ),
      );
    } else if (fromRedis.length === 0) {
      findings.push(
        error(
          "traefik.redis-provider",
          `${i.api} serves nothing from a Redis provider: it has no providers.redis, or cannot reach ${facts.store}`,
          `in its static config: providers: {redis: {endpoints: ["HOST:PORT"], rootKey: "${facts.rootKey}"}} (see docs/high-availability.md), and check its log`,
        ),
      );
    } else {
      findings.push(
        error(
          "traefik.redis-provider",
          `${i.api} serves ${served.length === 0 ? "no phoenix-mesh revision" : `revision ${served.join(", ")}`} from Redis, not ${facts.revision}: it reads another root key or database, or stopped hearing keyspace notifications`,
          `set providers.redis.rootKey: "${facts.rootKey}" (and db) as in the deploy target, and check the notifications above`,
        ),
      );
    }
  }
  return findings;
}
