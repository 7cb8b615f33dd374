/** redis:// deploy targets: Traefik's providers.redis settings (endpoint, db, rootKey), never a password. */
import { describe, expect, it } from "vitest";
import { describeTarget, parseTargetUrl, providerOf } from "../../src/adapters/targets/target-url.js";

describe("redis:// targets", () => {
  it.each([
    [
      "redis://10.0.0.13:6379/0?root_key=traefik",
      {
        kind: "redis",
        tls: false,
        user: undefined,
        host: "10.0.0.13",
        port: 6379,
        db: 0,
        rootKey: "traefik",
      },
    ],
    // Traefik's defaults: port 6379, db 0, rootKey "traefik".
    [
      "redis://redis.lan",
      {
        kind: "redis",
        tls: false,
        user: undefined,
        host: "redis.lan",
        port: 6379,
        db: 0,
        rootKey: "traefik",
      },
    ],
    [
      "rediss://traefik@redis.lan:6380/15?root_key=homelab/traefik",
      {
        kind: "redis",
        tls: true,
        user: "traefik",
        host: "redis.lan",
        port: 6380,
        db: 15,
        rootKey: "homelab/traefik",
      },
    ],
  ])("%s", (url, spec) => {
    expect(parseTargetUrl(url)).toEqual(spec);
    expect(providerOf(url)).toBe("redis");
  });

  it.each([
    ["redis://u:hunter2@redis.lan/0", /no password in the URL.*PHOENIX_MESH_REDIS_PASSWORD/],
    ["redis://redis.lan/16", /database number, 0 to 15/],
    ["redis://redis.lan/x", /database number/],
    ["redis://redis.lan/0?root=traefik", /unknown option root/],
    ["redis://redis.lan/0?root_key=tr*efik", /root_key "tr\*efik"/],
    ["redis://redis.lan/0?root_key=phoenix", /own keys/],
    ["redis://-oProxy@redis.lan/0", /not a Redis user name/],
  ])("refuses %s", (url, why) => {
    expect(() => parseTargetUrl(url)).toThrow(why);
  });

  it("never repeats a password in its error", () => {
    try {
      parseTargetUrl("redis://u:hunter2@redis.lan/0");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
      expect((error as Error).message).toContain("u:***@redis.lan");
    }
  });

  it("is described the way Traefik's static config names it, and file targets stay files", () => {
    expect(describeTarget(parseTargetUrl("rediss://traefik@redis.lan:6380/2?root_key=lab"))).toBe(
      "Redis (TLS) traefik@redis.lan:6380/2, root key lab",
    );
    expect(providerOf("pct://102/etc/traefik/dynamic/dynamic_conf.yml")).toBe("file");
    expect(providerOf(undefined)).toBe("file");
  });
});
