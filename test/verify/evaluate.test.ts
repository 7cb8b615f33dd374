/**
 * What the file defines against what Traefik's API lists, object by object. The shapes are those
 * of Traefik's API (pkg/api: `status` is "enabled" | "disabled" | "warning", `error` a list of
 * strings, names carry their provider: `name@file`); serversTransports are not listed by it.
 */
import { describe, expect, it } from "vitest";
import type { ApiObject, ObjectKind, Protocol, TraefikApi } from "../../src/domain/traefik/api-types.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";
import { evaluateObjects, readLiveState, tcpUdpKinds } from "../../src/domain/verify/evaluate.js";

const obj = (name: string, over: Partial<ApiObject> = {}): ApiObject => ({
  name,
  provider: "file",
  status: "enabled",
  ...over,
});
const lb = (transport?: string) => ({
  loadBalancer: {
    servers: [{ url: "https://10.0.0.141:9443" }],
    ...(transport ? { serversTransport: transport } : {}),
  },
});
const empty = { routers: [], services: [], middlewares: [] };

describe("evaluateObjects", () => {
  it("finds each object under its @file name, in name order, ok only when enabled without errors", () => {
    const config = {
      http: {
        routers: { b: { rule: "Host(`b.lan`)", service: "s" }, a: { rule: "Host(`a.lan`)", service: "s" } },
        services: { s: lb() },
        middlewares: { m: { headers: {} } },
      },
    } as DynamicConfig;
    const results = evaluateObjects(config, {
      routers: [obj("a@file"), obj("b@file", { status: "warning" })],
      services: [obj("s@file", { error: ['the service "s@file" does not exist'] })],
      middlewares: [{ name: "m@file", provider: "file" }],
    });
    expect(results).toEqual([
      { kind: "router", name: "a@file", status: "enabled", ok: true, errors: [] },
      { kind: "router", name: "b@file", status: "warning", ok: false, errors: [] },
      {
        kind: "service",
        name: "s@file",
        status: "enabled",
        ok: false,
        errors: ['the service "s@file" does not exist'],
      },
      // No status given: Traefik lists it, so it is enabled.
      { kind: "middleware", name: "m@file", status: "enabled", ok: true, errors: [] },
    ]);
  });

  it("says what Traefik does not list at all, and does not take another provider's object for it", () => {
    const config = { http: { routers: { r: { rule: "Host(`r.lan`)", service: "s" } } } } as DynamicConfig;
    expect(evaluateObjects(config, { ...empty, routers: [obj("r@docker")] })).toEqual([
      {
        kind: "router",
        name: "r@file",
        status: "missing",
        ok: false,
        errors: ["Traefik has no router r@file"],
      },
    ]);
  });

  it("judges a serversTransport through the services that use it (Traefik's API does not list them)", () => {
    const config = {
      http: {
        services: { good: lb("tls-ok"), bad: lb("tls-bad"), other: lb() },
        serversTransports: { "tls-ok": {}, "tls-bad": {}, unused: {} },
      },
    } as DynamicConfig;
    const results = evaluateObjects(config, {
      ...empty,
      services: [
        obj("good@file"),
        obj("bad@file", { status: "disabled", error: ["serversTransport tls-bad: unable to read root CA"] }),
        obj("other@file"),
      ],
    });
    expect(results.filter((r) => r.kind === "serversTransport")).toEqual([
      {
        kind: "serversTransport",
        name: "tls-bad@file",
        status: "disabled",
        ok: false,
        errors: ["serversTransport tls-bad: unable to read root CA"],
      },
      { kind: "serversTransport", name: "tls-ok@file", status: "enabled", ok: true, errors: [] },
      // Used by nothing: nothing in the API can say anything about it, and nothing fails for it.
      { kind: "serversTransport", name: "unused@file", status: "not-in-api", ok: true, errors: [] },
    ]);
  });

  it("a transport whose one user is missing fails with that service's reason", () => {
    const config = {
      http: { services: { s: lb("t") }, serversTransports: { t: {} } },
    } as DynamicConfig;
    const t = evaluateObjects(config, empty).find((r) => r.kind === "serversTransport");
    expect(t).toEqual({
      kind: "serversTransport",
      name: "t@file",
      status: "disabled",
      ok: false,
      errors: ["Traefik has no service s@file"],
    });
  });

  it("judges TCP and UDP objects against their own lists, missing when Traefik lists none", () => {
    const config = {
      tcp: {
        routers: { tr: { rule: "HostSNI(`*`)", service: "ts" } },
        services: { ts: { loadBalancer: { servers: [{ address: "10.0.0.5:22" }] } } },
        middlewares: { tm: { ipAllowList: { sourceRange: ["10.0.0.0/24"] } } },
      },
      udp: {
        routers: { ur: { service: "us" } },
        services: { us: { loadBalancer: { servers: [{ address: "10.0.0.5:53" }] } } },
      },
    } as unknown as DynamicConfig;
    const results = evaluateObjects(config, {
      ...empty,
      // An HTTP router of the same name must not count for the TCP one.
      routers: [obj("tr@file")],
      tcp: {
        routers: [obj("tr@file", { status: "disabled", error: ["no entryPoint"] })],
        services: [obj("ts@file")],
        middlewares: [],
      },
    });
    expect(results.map((r) => [r.kind, r.name, r.status, r.ok])).toEqual([
      ["TCP router", "tr@file", "disabled", false],
      ["TCP service", "ts@file", "enabled", true],
      ["TCP middleware", "tm@file", "missing", false],
      ["UDP router", "ur@file", "missing", false],
      ["UDP service", "us@file", "missing", false],
    ]);
    expect(results[2]?.errors).toEqual(["Traefik has no TCP middleware tm@file"]);
  });

  it("has nothing to say about an empty file", () => {
    expect(evaluateObjects({}, empty)).toEqual([]);
  });
});

describe("readLiveState", () => {
  const recording = () => {
    const asked: string[] = [];
    const api: TraefikApi = {
      baseUrl: "http://t",
      version: () => Promise.resolve({ Version: "3.6.12" }),
      list: (kind: ObjectKind, protocol: Protocol = "http") => {
        asked.push(`${protocol}/${kind}`);
        return Promise.resolve([obj(`${protocol}-${kind}@file`)]);
      },
    };
    return { api, asked };
  };

  it("asks only HTTP routers and services for an HTTP-only file (the middlewares are passed in)", async () => {
    const { api, asked } = recording();
    const middlewares = [obj("m@file")];
    const live = await readLiveState(api, { http: {} }, middlewares);
    expect(asked.sort()).toEqual(["http/routers", "http/services"]);
    expect(live).toEqual({
      routers: [obj("http-routers@file")],
      services: [obj("http-services@file")],
      middlewares,
    });
    expect(tcpUdpKinds({ http: {} })).toEqual({ tcp: false, udp: false });
  });

  it("asks TCP and UDP lists when the file has those sections, and only those", async () => {
    const tcpOnly = recording();
    const live = await readLiveState(tcpOnly.api, { tcp: {} } as DynamicConfig, []);
    expect(tcpOnly.asked.sort()).toEqual([
      "http/routers",
      "http/services",
      "tcp/middlewares",
      "tcp/routers",
      "tcp/services",
    ]);
    expect(live.tcp).toEqual({
      routers: [obj("tcp-routers@file")],
      services: [obj("tcp-services@file")],
      middlewares: [obj("tcp-middlewares@file")],
    });
    expect(live.udp).toBeUndefined();
    const udpOnly = recording();
    const udp = await readLiveState(udpOnly.api, { udp: {} } as DynamicConfig, []);
    expect(udpOnly.asked.sort()).toEqual(["http/routers", "http/services", "udp/routers", "udp/services"]);
    expect(udp.udp).toEqual({ routers: [obj("udp-routers@file")], services: [obj("udp-services@file")] });
    expect(udp.tcp).toBeUndefined();
  });
});
