/**
 * What check says of the objects of a dynamic file, as Traefik's runtime builds them: each
 * refusal in full with its hint, and which problems are errors because a router reaches the
 * object through another one (weighted, highestRandomWeight, mirroring, failover, chain, errors),
 * and which are warnings because Traefik never builds an object no router uses.
 */
import { describe, expect, it } from "vitest";
import { checkDynamicConfig } from "../../src/domain/traefik/check-dynamic.js";

const problems = (text: string) =>
  checkDynamicConfig(text, "f.yml")
    .diagnostics.filter((d) => !d.message.startsWith('no "phoenix-mesh-revision'))
    .map((d) => [d.severity, d.pointer, d.message, d.hint ?? null]);
const OK = "    ok: {loadBalancer: {servers: [{url: 'http://a'}]}}\n";
const BAD = "    bad: {loadBalancer: {servers: [{url: 'http://a'}], serversTransport: nope}}\n";
const badTransport = (severity: string, note = "") => [
  severity,
  "/http/services/bad/loadBalancer/serversTransport",
  `service "bad" uses serversTransport "nope", which is not defined${note}`,
  null,
];

describe("a problem in a service or middleware", () => {
  it.each([
    ["weighted", "    w: {weighted: {services: [{name: ok}, {name: bad}]}}\n"],
    ["highestRandomWeight", "    w: {highestRandomWeight: {services: [{name: bad}]}}\n"],
    ["mirroring's mirrors", "    w: {mirroring: {service: ok, mirrors: [{name: ok}, {name: bad}]}}\n"],
    ["mirroring's service", "    w: {mirroring: {service: bad}}\n"],
    ["failover's service", "    w: {failover: {service: bad, fallback: ok}}\n"],
    ["failover's fallback", "    w: {failover: {service: ok, fallback: bad}}\n"],
  ])("is an error when a router reaches it through %s", (_, w) => {
    expect(
      problems(`http:\n  routers: {r: {rule: 'Host(\`a\`)', service: w}}\n  services:\n${w}${OK}${BAD}`),
    ).toEqual([badTransport("error")]);
  });

  it("is an error when a router reaches it through a chain and an errors middleware", () => {
    const text =
      "http:\n  routers: {r: {rule: 'Host(`a`)', service: ok, middlewares: [c]}}\n  middlewares:\n" +
      "    c: {chain: {middlewares: [e]}}\n    e: {errors: {service: bad, status: ['500'], query: /x}}\n" +
      `  services:\n${OK}${BAD}`;
    expect(problems(text)).toEqual([badTransport("error")]);
  });

  it("is a warning when no router reaches it", () => {
    expect(
      problems(`http:\n  routers: {r: {rule: 'Host(\`a\`)', service: ok}}\n  services:\n${OK}${BAD}`),
    ).toEqual([badTransport("warning", " (no router uses it yet, so Traefik does not build it)")]);
  });

  it("in a TCP service names the TCP serversTransport", () => {
    expect(
      problems(
        "tcp:\n  routers: {r: {rule: 'HostSNI(`*`)', service: s}}\n  services:\n    s: {loadBalancer: {servers: [{address: 'a:1'}], serversTransport: nope}}\n",
      ),
    ).toEqual([
      [
        "error",
        "/tcp/services/s/loadBalancer/serversTransport",
        'TCP service "s" uses TCP serversTransport "nope", which is not defined',
        null,
      ],
    ]);
  });
});

describe("a router's own problems, in full", () => {
  const router = (r: string, extra = "") =>
    problems(`http:\n  routers: {r: {${r}}}\n${extra}  services:\n${OK}`);

  it("an undefined middleware, with where to define it", () => {
    expect(router("rule: 'Host(`a`)', service: ok, middlewares: [nope]")).toEqual([
      [
        "error",
        "/http/routers/r/middlewares/0",
        'router "r" uses middleware "nope", which is not defined',
        'define it under "middlewares:" in phoenix-mesh.yaml, or name another provider\'s (nope@file, nope@docker)',
      ],
    ]);
  });

  it("no service and no child routers", () => {
    expect(router("rule: 'Host(`a`)'")).toEqual([
      [
        "error",
        "/http/routers/r",
        'router "r" has no service and no child routers',
        "give it a service, or make it the parent of other routers (parentRefs)",
      ],
    ]);
  });

  it("no rule, with an example of one (HTTP) or HostSNI (TCP)", () => {
    expect(router("service: ok")).toEqual([
      ["error", "/http/routers/r/rule", 'router "r" has no rule', "e.g. rule: Host(`app.example.lan`)"],
    ]);
    expect(
      problems(
        "tcp:\n  routers: {r: {service: s}}\n  services:\n    s: {loadBalancer: {servers: [{address: 'a:1'}]}}\n",
      ),
    ).toEqual([
      [
        "error",
        "/tcp/routers/r/rule",
        'TCP router "r" has no rule',
        "TCP routers route by HostSNI(`name`), or HostSNI(`*`) for all",
      ],
    ]);
  });

  it("a rule that does not parse, with the column", () => {
    expect(router("rule: 'Host(`a`', service: ok")).toEqual([
      [
        "error",
        "/http/routers/r/rule",
        "router \"r\": error while parsing rule Host(`a`: expected ',' or ')', found the end of the rule",
        "column 9 of the rule (v3 syntax)",
      ],
    ]);
  });

  it("undefined TLS options", () => {
    expect(router("rule: 'Host(`a`)', service: ok, tls: {options: nope}")).toEqual([
      [
        "error",
        "/http/routers/r/tls/options",
        'router "r" uses TLS options "nope", which are not defined',
        "define them under tls.options",
      ],
    ]);
  });

  it("a middleware of two types", () => {
    expect(
      router(
        "rule: 'Host(`a`)', service: ok, middlewares: [m]",
        "  middlewares:\n    m: {headers: {customRequestHeaders: {a: b}}, stripPrefix: {prefixes: [/a]}}\n",
      ),
    ).toEqual([
      [
        "error",
        "/http/middlewares/m",
        'middleware "m" has 2 types (headers, stripPrefix): a middleware is exactly one',
        null,
      ],
    ]);
  });
});
