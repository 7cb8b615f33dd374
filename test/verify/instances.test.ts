/** One report for several Traefik instances: served only when every one serves the file. */
import { describe, expect, it } from "vitest";
import type { ApiObject, TraefikApi } from "../../src/domain/traefik/api-types.js";
import {
  loadedInstances,
  mergeReports,
  verifyInstances,
  type InstanceReport,
} from "../../src/domain/verify/instances.js";
import type { VerifyReport } from "../../src/domain/verify/run.js";
import { formatVerifyReport } from "../../src/domain/verify/format.js";

const report = (over: Partial<VerifyReport>): VerifyReport => ({
  ok: true,
  revision: "aaaaaaaaaaaa",
  live: ["aaaaaaaaaaaa"],
  loaded: true,
  loadedAfterMs: 40,
  objects: [{ kind: "router", name: "r@file", ok: true, status: "enabled", errors: [] }],
  probes: [],
  problems: [],
  ...over,
});
const on = (api: string, over: Partial<VerifyReport> = {}): InstanceReport => ({ api, ...report(over) });

describe("mergeReports", () => {
  it("gives one instance's report unchanged (a single --api reads as it always did)", () => {
    const only = report({ loadedAfterMs: 12 });
    expect(mergeReports([{ api: "http://a", ...only }])).toEqual(only);
  });

  it("is ok only when every instance is, naming each problem by its instance", () => {
    const merged = mergeReports([
      on("http://a", { loadedAfterMs: 40 }),
      on("http://b", {
        ok: false,
        loaded: false,
        loadedAfterMs: null,
        live: ["bbbbbbbbbbbb"],
        problems: ["Traefik did not load revision aaaaaaaaaaaa within 4 s"],
      }),
    ]);
    expect(merged).toMatchObject({
      ok: false,
      loaded: false,
      loadedAfterMs: null,
      live: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"],
      problems: ["http://b: Traefik did not load revision aaaaaaaaaaaa within 4 s"],
    });
    expect(merged.instances?.map((i) => [i.api, i.ok])).toEqual([
      ["http://a", true],
      ["http://b", false],
    ]);
  });

  it("is loaded when the slowest instance had it, and ok when all are", () => {
    const merged = mergeReports([
      on("http://a", { loadedAfterMs: 40 }),
      on("http://b", { loadedAfterMs: 90 }),
    ]);
    expect(merged).toMatchObject({ ok: true, loaded: true, loadedAfterMs: 90, problems: [] });
    // The objects and probes stay with their instance, not summed into one list.
    expect(merged.objects).toEqual([]);
    expect(formatVerifyReport(merged)).toContain("OK: all 2 Traefik instances serve revision aaaaaaaaaaaa\n");
    expect(formatVerifyReport(merged)).toContain("Traefik http://b:\n  revision aaaaaaaaaaaa is loaded");
  });

  it("lists each live revision once, sorted, and no probes of its own", () => {
    const merged = mergeReports([
      on("http://a", {
        live: ["cccccccccccc", "aaaaaaaaaaaa"],
        probes: [{ host: "a.lan", ok: true } as never],
      }),
      on("http://b", { live: ["bbbbbbbbbbbb", "aaaaaaaaaaaa"] }),
    ]);
    expect(merged.live).toEqual(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"]);
    expect(merged.probes).toEqual([]);
  });

  it("needs a report", () => {
    expect(() => mergeReports([])).toThrow("mergeReports: no report");
  });

  it("says which instances failed", () => {
    const text = formatVerifyReport(
      mergeReports([on("http://a"), on("http://b", { ok: false, problems: ["x"] }), on("http://c")]),
    );
    expect(text).toContain("FAILED on 1 of 3 Traefik instances (http://b)\n");
  });
});

describe("verifyInstances", () => {
  const marker = "phoenix-mesh-revision-aaaaaaaaaaaa";
  const config = { http: { middlewares: { [marker]: { headers: {} } } } };
  const api = (baseUrl: string, middlewares: ApiObject[] | Error): TraefikApi => ({
    baseUrl,
    version: () => Promise.resolve({ Version: "3.6.12" }),
    list: (kind) =>
      middlewares instanceof Error
        ? Promise.reject(middlewares)
        : Promise.resolve(kind === "middlewares" ? middlewares : []),
  });
  const deps = (probed: string[]) => ({
    probe: (host: string) => {
      probed.push(host);
      return Promise.resolve({ status: 200, revision: undefined });
    },
    sleep: () => Promise.resolve(),
    now: (() => {
      let t = 0;
      return () => (t += 10);
    })(),
    log: () => undefined,
  });
  const served: ApiObject[] = [{ name: `${marker}@file`, status: "enabled" }];

  it("turns one instance's unreachable API into that instance's failure, not an error for all", async () => {
    const merged = await verifyInstances(
      config,
      1000,
      [api("http://a", served), api("http://b", new Error("connect ECONNREFUSED 127.0.0.1:9"))],
      deps([]),
    );
    expect(merged.ok).toBe(false);
    expect(merged.problems).toEqual(["http://b: connect ECONNREFUSED 127.0.0.1:9"]);
    expect(merged.instances?.[0]?.ok).toBe(true);
  });

  it("probes hosts once, through the first instance (--probe names one entryPoint)", async () => {
    const probed: string[] = [];
    const withRouter = {
      http: {
        ...config.http,
        routers: { r: { rule: "Host(`a.example.lan`)", service: "s" } },
        services: { s: { loadBalancer: { servers: [{ url: "http://127.0.0.1:1" }] } } },
      },
    };
    const everything: ApiObject[] = [
      ...served,
      { name: "r@file", status: "enabled" },
      { name: "s@file", status: "enabled" },
    ];
    const all = (baseUrl: string): TraefikApi => ({
      baseUrl,
      version: () => Promise.resolve({ Version: "3.6.12" }),
      list: (kind) =>
        Promise.resolve(
          everything.filter((o) =>
            kind === "middlewares" ? o.name.startsWith("phoenix") : o.name.startsWith(kind[0]!),
          ),
        ),
    });
    await verifyInstances(withRouter, 1000, [all("http://a"), all("http://b")], deps(probed));
    expect(probed).toEqual(["a.example.lan"]);
  });

  it("leaves a single instance's unreachable API to the caller (exit 4 with its hint, as before)", async () => {
    await expect(
      verifyInstances(config, 1000, [api("http://a", new Error("connect ECONNREFUSED"))], deps([])),
    ).rejects.toThrow("connect ECONNREFUSED");
  });

  it("needs an instance", async () => {
    await expect(verifyInstances(config, 1000, [], deps([]))).rejects.toThrow(/no instance/);
  });
});

describe("loadedInstances (what a rollback must prove)", () => {
  const api = (baseUrl: string) => ({ baseUrl }) as TraefikApi;
  const instances = [api("http://a"), api("http://b"), api("http://c")];
  const verify = (loaded: Record<string, boolean> | undefined) =>
    report({
      ...(loaded === undefined
        ? {}
        : { instances: Object.entries(loaded).map(([a, l]) => on(a, { loaded: l, ok: l })) }),
    });

  it("is the instances that loaded the new revision", () => {
    expect(
      loadedInstances(instances, verify({ "http://a": true, "http://b": false, "http://c": true })).map(
        (i) => i.baseUrl,
      ),
    ).toEqual(["http://a", "http://c"]);
  });

  it("is all of them when none loaded it, or when there is one instance", () => {
    expect(loadedInstances(instances, verify({ "http://a": false, "http://b": false }))).toEqual(instances);
    expect(loadedInstances(instances, verify(undefined))).toEqual(instances);
  });
});
