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
