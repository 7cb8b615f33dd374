/**
 * verifyLive on its own, with Traefik's API, the clock and the probes stood in: when it polls, how
 * long it waits, what proves a file loaded, and which probe answers fail. The API shapes are
 * Traefik's (pkg/api): `name@provider`, `status`, `error`.
 */
import { describe, expect, it } from "vitest";
import type { ApiObject, ProbeResult, TraefikApi } from "../../src/domain/traefik/api-types.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";
import { failedVerify, verifyLive, type VerifyDeps } from "../../src/domain/verify/run.js";

const REV = "0123456789ab";
const OLD = "ba9876543210";
const marker = (rev: string) => `phoenix-mesh-revision-${rev}`;
const CONFIG: DynamicConfig = {
  http: {
    routers: {
      web: { rule: "Host(`a.lan`) || Host(`b.lan`)", service: "web" },
      api: { rule: "Host(`api.lan`)", service: "web" },
    },
    services: { web: { loadBalancer: { servers: [{ url: "http://10.0.0.5:80" }] } } },
    middlewares: {
      [marker(REV)]: { headers: { customResponseHeaders: { "X-Phoenix-Mesh-Revision": REV } } },
    },
  },
};
const listed = (names: string[]): ApiObject[] => names.map((name) => ({ name, status: "enabled" }));

/** A Traefik that lists `before` until the clock passes `loadsAt`, then `after`; a clock that moves only when slept. */
function world(options: { loadsAt: number; before?: string[]; after?: string[] }) {
  let now = 0;
  const sleeps: number[] = [];
  const logs: string[] = [];
  const polls: number[] = [];
  const after = options.after ?? [`${marker(REV)}@file`];
  const api: TraefikApi = {
    baseUrl: "http://t",
    version: () => Promise.resolve({ Version: "3.6.12" }),
    list: (kind) => {
      if (kind === "middlewares") {
        polls.push(now);
        return Promise.resolve(listed(now >= options.loadsAt ? after : (options.before ?? [])));
      }
      return Promise.resolve(listed(kind === "routers" ? ["web@file", "api@file"] : ["web@file"]));
    },
  };
  const deps: VerifyDeps = {
    api,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    now: () => now,
    log: (line) => logs.push(line),
  };
  return { deps, sleeps, logs, polls };
}

describe("waiting for the revision", () => {
  it("is done at the first poll when Traefik already serves it, without a word", async () => {
    const w = world({ loadsAt: 0 });
    const report = await verifyLive(CONFIG, 10_000, w.deps);
    expect(report).toMatchObject({ ok: true, revision: REV, live: [REV], loaded: true, loadedAfterMs: 0 });
    expect(w.sleeps).toEqual([]);
    expect(w.logs).toEqual([]);
  });

  it("polls every 25 ms for two seconds, then backs off by half each time up to 200 ms", async () => {
    const w = world({ loadsAt: 3_000 });
    const report = await verifyLive(CONFIG, 10_000, w.deps);
    expect(report.loaded).toBe(true);
    // 2,000 ms of 25 ms polls (the last one reaching 2 s starts the back-off).
    expect(w.sleeps.slice(0, 80)).toEqual(Array(80).fill(25));
    expect(w.sleeps.slice(80, 86)).toEqual([38, 57, 86, 129, 194, 200]);
    expect(Math.max(...w.sleeps)).toBe(200);
    // Seen within one poll of Traefik showing it.
    expect(report.loadedAfterMs).toBeGreaterThanOrEqual(3_000);
    expect(report.loadedAfterMs).toBeLessThanOrEqual(3_200);
    // Said once, not at every poll.
    expect(w.logs).toEqual([`waiting up to 10 s for Traefik to load revision ${REV}…`]);
  });

  it("gives up at the timeout, never sleeping past it, and says what Traefik serves instead", async () => {
    const w = world({
      loadsAt: Infinity,
      before: [`${marker(OLD)}@file`, `${marker("cccccccccccc")}@docker`],
    });
    const report = await verifyLive(CONFIG, 2_010, w.deps);
    expect(report).toMatchObject({ ok: false, loaded: false, loadedAfterMs: null, live: [OLD], objects: [] });
    expect(w.sleeps.reduce((a, b) => a + b, 0)).toBe(2_010);
    expect(w.sleeps.at(-1)).toBe(10);
    expect(report.problems).toEqual([
      `Traefik did not load revision ${REV} within 2 s; it serves revision ${OLD}. It keeps the previous configuration when a file fails to parse: see Traefik's log (\`journalctl -u traefik\`)`,
    ]);
  });

  it("says 'no phoenix-mesh revision' when Traefik serves none", async () => {
    const report = await verifyLive(CONFIG, 100, world({ loadsAt: Infinity }).deps);
    expect(report.problems[0]).toContain("it serves no phoenix-mesh revision.");
  });

  it("cannot prove a file without a marker, and says how to keep one", async () => {
    const { [marker(REV)]: _, ...rest } = CONFIG.http!.middlewares!;
    const w = world({ loadsAt: 0 });
    const report = await verifyLive({ http: { ...CONFIG.http, middlewares: rest } }, 1_000, w.deps);
    expect(report.ok).toBe(false);
    expect(report.revision).toBeNull();
    expect(report.problems).toEqual([
      expect.stringContaining(
        "has no phoenix-mesh-revision-… middleware, so which file Traefik loaded cannot be proved",
      ),
    ]);
    expect(w.sleeps).toEqual([]);
  });

  it("for a rollback, also waits until the replaced revision is gone", async () => {
    // Both markers listed for a while (Traefik has not reloaded yet), then only the restored one.
    let now = 0;
    const w = world({ loadsAt: 0 });
    const api: TraefikApi = {
      ...w.deps.api,
      list: (kind) =>
        kind === "middlewares"
          ? Promise.resolve(
              listed(now < 500 ? [`${marker(REV)}@file`, `${marker(OLD)}@file`] : [`${marker(REV)}@file`]),
            )
          : w.deps.api.list(kind),
    };
    const report = await verifyLive(
      CONFIG,
      5_000,
      { ...w.deps, api, now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) },
      { replaces: marker(OLD) },
    );
    expect(report.loaded).toBe(true);
    expect(report.loadedAfterMs).toBeGreaterThanOrEqual(500);
  });
});

describe("objects and probes", () => {
  it("fails for each object Traefik does not enable, with Traefik's own words", async () => {
    const w = world({ loadsAt: 0 });
    const api: TraefikApi = {
      ...w.deps.api,
      list: (kind) =>
        kind === "routers"
          ? Promise.resolve([
              { name: "web@file", status: "enabled" },
              { name: "api@file", status: "disabled", error: ['entryPoint "websecure" doesn\'t exist'] },
            ])
          : w.deps.api.list(kind),
    };
    const report = await verifyLive(CONFIG, 1_000, { ...w.deps, api });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([`router api@file is disabled: entryPoint "websecure" doesn't exist`]);
  });

  const probing = async (answers: Record<string, ProbeResult>) => {
    const asked: string[] = [];
    const report = await verifyLive(CONFIG, 1_000, {
      ...world({ loadsAt: 0 }).deps,
      probe: (host) => {
        asked.push(host);
        return Promise.resolve(answers[host] ?? { status: 200, revision: REV });
      },
    });
    return { report, asked };
  };

  it("probes every Host of every router, routers in name order", async () => {
    const { report, asked } = await probing({});
    expect(asked).toEqual(["api.lan", "a.lan", "b.lan"]);
    expect(report.ok).toBe(true);
    expect(report.probes.map((p) => [p.router, p.host, p.status, p.ok])).toEqual([
      ["api", "api.lan", 200, true],
      ["web", "a.lan", 200, true],
      ["web", "b.lan", 200, true],
    ]);
  });

  it.each([404, 500, 502, 503, 504])("counts HTTP %i through Traefik as a failed Host", async (status) => {
    const { report } = await probing({ "a.lan": { status, revision: undefined } });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([`probe a.lan → HTTP ${status}`]);
  });

  it.each([200, 301, 401, 403, 405])("takes HTTP %i as an answering backend", async (status) => {
    const { report } = await probing({ "a.lan": { status, revision: undefined } });
    expect(report.ok).toBe(true);
  });

  it("fails a Host nobody answered, with why", async () => {
    const { report } = await probing({ "b.lan": { error: "connect ECONNREFUSED 10.0.0.12:80" } });
    expect(report.problems).toEqual(["probe b.lan → connect ECONNREFUSED 10.0.0.12:80"]);
    expect(report.probes.find((p) => p.host === "b.lan")).toMatchObject({ ok: false, status: null });
  });
});

describe("what else verify says", () => {
  it("names an object Traefik does not enable without errors by its status alone", async () => {
    const w = world({ loadsAt: 0 });
    const api: TraefikApi = {
      ...w.deps.api,
      list: (kind) =>
        kind === "services"
          ? Promise.resolve([{ name: "web@file", status: "warning" }])
          : w.deps.api.list(kind),
    };
    const report = await verifyLive(CONFIG, 1_000, { ...w.deps, api });
    expect(report.problems).toEqual(["service web@file is warning"]);
  });

  it("explains a 500 or 502 by the backend's certificate, with the fix, when it can look", async () => {
    const https: DynamicConfig = {
      http: {
        ...CONFIG.http,
        services: { web: { loadBalancer: { servers: [{ url: "https://10.0.0.5:443" }] } } },
      },
    };
    const inspected: string[] = [];
    const w = world({ loadsAt: 0 });
    const report = await verifyLive(https, 1_000, {
      ...w.deps,
      probe: (host) =>
        Promise.resolve(
          host === "api.lan" ? { status: 502, revision: undefined } : { status: 503, revision: undefined },
        ),
      inspectTls: (url) => {
        inspected.push(url);
        return Promise.resolve({
          kind: "tls",
          authorizationError: null,
          at: "2026-12-01T00:00:00Z",
          chain: [
            {
              subject: "x",
              issuer: "Phoenix Intermediate CA",
              dnsNames: ["web.lan"],
              ipAddresses: [],
              notBefore: "2026-11-01T00:00:00Z",
              notAfter: "2027-11-01T00:00:00Z",
              selfSigned: false,
            },
          ],
        });
      },
    });
    // Only the 502 was looked into; 503 says the backend is down, not how TLS failed.
    expect(inspected).toEqual(["https://10.0.0.5:443"]);
    expect(report.problems).toEqual([
      'probe api.lan → HTTP 502: 10.0.0.5\'s certificate names DNS:web.lan, but Traefik checks "10.0.0.5" (the address in the URL) → fix: backend_tls.routes.web: { server_name: web.lan } in phoenix-mesh.yaml',
      "probe a.lan → HTTP 503",
      "probe b.lan → HTTP 503",
    ]);
    expect(report.probes[0]?.tls?.fixes).toHaveLength(1);
  });

  it("proves a rollback to a file without a marker by the replaced revision going away", async () => {
    const { [marker(REV)]: _, ...rest } = CONFIG.http!.middlewares!;
    const w = world({ loadsAt: 300, before: [`${marker(OLD)}@file`], after: [] });
    const report = await verifyLive({ http: { ...CONFIG.http, middlewares: rest } }, 5_000, w.deps, {
      replaces: marker(OLD),
    });
    expect(report).toMatchObject({ ok: true, revision: null, loaded: true });
    expect(report.loadedAfterMs).toBeGreaterThanOrEqual(300);
    expect(w.logs).toEqual(["waiting up to 5 s for Traefik to load revision ?…"]);
  });

  it("looks for the marker under the provider it is told (a Redis target's, @redis)", async () => {
    const w = world({ loadsAt: 0, after: [`${marker(REV)}@redis`] });
    const api: TraefikApi = {
      ...w.deps.api,
      list: (kind) =>
        kind === "middlewares"
          ? w.deps.api.list(kind)
          : Promise.resolve(listed(kind === "routers" ? ["web@redis", "api@redis"] : ["web@redis"])),
    };
    const report = await verifyLive(CONFIG, 1_000, { ...w.deps, api }, { provider: "redis" });
    expect(report).toMatchObject({ ok: true, loaded: true, live: [REV] });
    const onFile = await verifyLive(CONFIG, 100, world({ loadsAt: 0, after: [`${marker(REV)}@redis`] }).deps);
    expect(onFile.loaded).toBe(false);
  });

  it("reports a verification that could not run as failed, with why", () => {
    expect(failedVerify(new Error("connect ECONNREFUSED 127.0.0.1:8080"))).toEqual({
      ok: false,
      revision: null,
      live: [],
      loaded: false,
      loadedAfterMs: null,
      objects: [],
      probes: [],
      problems: ["connect ECONNREFUSED 127.0.0.1:8080"],
    });
  });
});
