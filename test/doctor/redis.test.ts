/** doctor for a Redis target: keyspace notifications (kvtools/redis subscribes to __keyspace*:<root>*), and each Traefik on the same root key. */
import { describe, expect, it } from "vitest";
import { diagnoseRedis, notificationsCover, type RedisFacts } from "../../src/domain/doctor/redis.js";

const facts = (over: Partial<RedisFacts>): RedisFacts => ({
  store: "Redis 127.0.0.1:6379/0, root key traefik",
  rootKey: "traefik",
  notifications: "AKE",
  revision: "2d238f4da9e7",
  instances: [],
  ...over,
});
const marker = (rev: string, provider = "redis") => ({ name: `phoenix-mesh-revision-${rev}@${provider}` });

describe("keyspace notifications", () => {
  it.each([
    ["KEA", true],
    ["AKE", true],
    ["K$g", true],
    ["Kg$xe", true],
    ["EA", false], // keyevent only: kvtools listens on __keyspace
    ["K$", false], // no deletions: a removed route would stay
    ["Kg", false],
    ["", false],
  ])("%s covers sets and deletions on keys: %s", (flags, covered) => {
    expect(notificationsCover(flags)).toBe(covered);
  });

  it("is an error when off, a warning when CONFIG is refused, fine when on", () => {
    expect(diagnoseRedis(facts({ notifications: "" }))[0]).toMatchObject({
      status: "error",
      check: "redis.notifications",
    });
    expect(diagnoseRedis(facts({ notifications: "" }))[0]!.fix).toContain("notify-keyspace-events KEA");
    expect(diagnoseRedis(facts({ notifications: undefined }))[0]!.status).toBe("warning");
    expect(diagnoseRedis(facts({}))[0]!.status).toBe("ok");
  });
});

describe("every Traefik reads the same root key", () => {
  it("proves it by the stored revision served @redis, and names the instance that does not", () => {
    const findings = diagnoseRedis(
      facts({
        instances: [
          { api: "http://127.0.0.1:1", middlewares: [marker("2d238f4da9e7")] },
          { api: "http://127.0.0.1:2", middlewares: [marker("aaaaaaaaaaaa")] },
          { api: "http://127.0.0.1:3", middlewares: [marker("2d238f4da9e7", "file")] },
          { api: "http://127.0.0.1:4", middlewares: new Error("cannot reach Traefik's API") },
        ],
      }),
    ).slice(1);
    expect(findings.map((f) => f.status)).toEqual(["ok", "error", "error", "error"]);
    expect(findings[1]!.message).toContain("serves revision aaaaaaaaaaaa from Redis, not 2d238f4da9e7");
    // The same revision from the file provider is not the Redis provider.
    expect(findings[2]!.message).toContain("serves nothing from a Redis provider");
    expect(findings[3]!.message).toContain("127.0.0.1:4");
  });

  it("warns, rather than guess, before anything is deployed", () => {
    const [, finding] = diagnoseRedis(
      facts({ revision: null, instances: [{ api: "http://127.0.0.1:1", middlewares: [] }] }),
    );
    expect(finding).toMatchObject({ status: "warning" });
  });
});

describe("each Redis finding, in full", () => {
  const api = "http://127.0.0.1:8080";
  const one = (over: Partial<RedisFacts>, middlewares: RedisFacts["instances"][number]["middlewares"]) =>
    diagnoseRedis(facts({ ...over, instances: [{ api, middlewares }] }));

  it("words the notification findings with the store, the flags and the fix", () => {
    expect(diagnoseRedis(facts({ notifications: "" }))).toEqual([
      {
        check: "redis.notifications",
        status: "error",
        message:
          "keyspace notifications are off on Redis 127.0.0.1:6379/0, root key traefik: Traefik's Redis provider never hears of a change and keeps serving the tree it read at start",
        fix: "add `notify-keyspace-events KEA` to redis.conf and run `redis-cli CONFIG SET notify-keyspace-events KEA` (or CONFIG REWRITE after it)",
      },
    ]);
    expect(diagnoseRedis(facts({ notifications: "Ex" }))[0]?.message).toMatch(
      /^keyspace notifications are "Ex" on /,
    );
    expect(diagnoseRedis(facts({ notifications: undefined }))).toEqual([
      {
        check: "redis.notifications",
        status: "warning",
        message:
          "Redis 127.0.0.1:6379/0, root key traefik does not answer CONFIG GET: whether keyspace notifications are on cannot be checked",
        fix: "make sure redis.conf has notify-keyspace-events KEA: without it Traefik never sees a deploy",
      },
    ]);
    expect(diagnoseRedis(facts({}))).toEqual([
      { check: "redis.notifications", status: "ok", message: 'keyspace notifications are on ("AKE")' },
    ]);
  });

  it("says which instance serves the stored revision, also when Traefik lists it by provider only", () => {
    expect(one({}, [marker("2d238f4da9e7")])[1]).toEqual({
      check: "traefik.redis-provider",
      status: "ok",
      message: `${api} serves revision 2d238f4da9e7 from root key traefik`,
    });
  });

  it("gives the static configuration to add when an instance has no Redis provider", () => {
    expect(one({ rootKey: "phoenix" }, [{ name: "secure-headers@file", provider: "file" }])[1]).toEqual({
      check: "traefik.redis-provider",
      status: "error",
      message: `${api} serves nothing from a Redis provider: it has no providers.redis, or cannot reach Redis 127.0.0.1:6379/0, root key traefik`,
      fix: 'in its static config: providers: {redis: {endpoints: ["HOST:PORT"], rootKey: "phoenix"}} (see docs/high-availability.md), and check its log',
    });
  });

  it("tells another root key from a provider that serves no revision at all", () => {
    expect(one({}, [{ name: "secure-headers@redis" }])[1]).toEqual({
      check: "traefik.redis-provider",
      status: "error",
      message: `${api} serves no phoenix-mesh revision from Redis, not 2d238f4da9e7: it reads another root key or database, or stopped hearing keyspace notifications`,
      fix: 'set providers.redis.rootKey: "traefik" (and db) as in the deploy target, and check the notifications above',
    });
    // Traefik names the provider on each object; a name without @redis still counts by it.
    expect(one({}, [{ name: "secure-headers", provider: "redis" }])[1]?.message).toContain(
      "serves no phoenix-mesh revision from Redis",
    );
    expect(one({}, [marker("aaaaaaaaaaaa"), marker("bbbbbbbbbbbb")])[1]?.message).toContain(
      "serves revision aaaaaaaaaaaa, bbbbbbbbbbbb from Redis, not 2d238f4da9e7",
    );
  });

  it("says, before the first deploy, whether the instance lists any @redis object", () => {
    expect(one({ revision: null }, [])[1]).toEqual({
      check: "traefik.redis-provider",
      status: "warning",
      message: `${api}: nothing has been deployed under root key traefik yet, so which root key this Traefik reads cannot be proved (it lists no @redis object)`,
      fix: "deploy once, then run doctor again",
    });
    expect(one({ revision: null }, [{ name: "x@redis" }])[1]?.message).toBe(
      `${api}: nothing has been deployed under root key traefik yet, so which root key this Traefik reads cannot be proved`,
    );
  });

  it("passes on why an instance's API could not be read", () => {
    expect(one({}, new Error("connect ECONNREFUSED 127.0.0.1:8080"))[1]).toEqual({
      check: "traefik.redis-provider",
      status: "error",
      message: `${api}: connect ECONNREFUSED 127.0.0.1:8080`,
      fix: "check --api",
    });
  });
});
