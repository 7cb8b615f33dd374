/** Which backend a router or service sends to, with the TLS settings Traefik would use for it. */
import { expect, it } from "vitest";
import { backendOfRouter, backendOfService, httpsBackends } from "../../src/domain/traefik/backends.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";

const config = {
  http: {
    routers: {
      portainer: { rule: "Host(`portainer.lan`)", service: "portainer" },
      dash: { rule: "Host(`traefik.lan`)", service: "api@internal" },
      plain: { rule: "Host(`plain.lan`)", service: "plain" },
      elsewhere: { rule: "Host(`x.lan`)", service: "nowhere" },
    },
    services: {
      portainer: {
        loadBalancer: {
          servers: [{ url: "https://10.0.0.99:9443" }, { url: "https://10.0.0.98:9443" }],
          serversTransport: "portainer-tls",
        },
      },
      plain: { loadBalancer: { servers: [{ url: "http://10.0.0.141:8000" }] } },
      bare: { loadBalancer: { servers: [{ url: "https://10.0.0.7:443" }] } },
      missing: { loadBalancer: { servers: [{ url: "https://10.0.0.8:443" }], serversTransport: "gone" } },
      empty: { loadBalancer: { servers: [] } },
      weighted: { weighted: { services: [{ name: "plain", weight: 1 }] } },
    },
    serversTransports: {
      "portainer-tls": { serverName: "portainer.internal.lan", rootCAs: ["/etc/step-ca/root.crt"] },
      partial: { insecureSkipVerify: true },
    },
  },
} as unknown as DynamicConfig;

it("gives a service's first server and its transport's settings", () => {
  expect(backendOfService(config, "portainer")).toEqual({
    route: "portainer",
    url: "https://10.0.0.99:9443",
    transport: {
      serverName: "portainer.internal.lan",
      rootCAs: ["/etc/step-ca/root.crt"],
      insecureSkipVerify: false,
    },
  });
});

it("says 'no transport' (Traefik's default one) when none is named, or the named one is not in this file", () => {
  expect(backendOfService(config, "bare")?.transport).toBeNull();
  expect(backendOfService(config, "missing")?.transport).toBeNull();
});

it("fills a transport's unset fields with Traefik's defaults", () => {
  const c = {
    http: {
      services: { s: { loadBalancer: { servers: [{ url: "https://a:1" }], serversTransport: "partial" } } },
      serversTransports: { partial: { insecureSkipVerify: true } },
    },
  } as unknown as DynamicConfig;
  expect(backendOfService(c, "s")?.transport).toEqual({
    serverName: null,
    rootCAs: [],
    insecureSkipVerify: true,
  });
});

it("has no backend for a service without servers, not a load balancer, or not defined", () => {
  expect(backendOfService(config, "empty")).toBeUndefined();
  expect(backendOfService(config, "weighted")).toBeUndefined();
  expect(backendOfService(config, "nowhere")).toBeUndefined();
  expect(backendOfService({}, "x")).toBeUndefined();
});

it("follows a router to its service in this file, never to another provider's (name@provider)", () => {
  expect(backendOfRouter(config, "portainer")?.url).toBe("https://10.0.0.99:9443");
  expect(backendOfRouter(config, "plain")?.url).toBe("http://10.0.0.141:8000");
  expect(backendOfRouter(config, "dash")).toBeUndefined();
  expect(backendOfRouter(config, "elsewhere")).toBeUndefined();
  expect(backendOfRouter(config, "no-such-router")).toBeUndefined();
});

it("lists every HTTPS backend of the file, by service name, and nothing else", () => {
  expect(httpsBackends(config).map((b) => [b.route, b.url])).toEqual([
    ["bare", "https://10.0.0.7:443"],
    ["missing", "https://10.0.0.8:443"],
    ["portainer", "https://10.0.0.99:9443"],
  ]);
  expect(httpsBackends({})).toEqual([]);
});
