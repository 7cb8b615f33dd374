/**
 * The one reader of Traefik's static configuration (domain/traefik/static-facts.ts), keys in any
 * case as paerser reads them: entryPoints (UDP by the address's /udp suffix, as Traefik's
 * entryPoint parsing decides), resolvers, plugins, the file provider and the API.
 */
import { describe, expect, it } from "vitest";
import { apiOf, fileProviderOf, keyOf, staticFactsOf } from "../../src/domain/traefik/static-facts.js";

describe("staticFactsOf", () => {
  it("reads entryPoints as TCP or UDP, resolvers, and both kinds of plugins", () => {
    const facts = staticFactsOf({
      entryPoints: {
        web: { address: ":80" },
        dns: { address: ":53/udp" },
        DNS2: { Address: ":5353/UDP" },
        odd: { address: ":53/udpx" },
        noAddress: {},
        numeric: { address: 53 },
      },
      CertificatesResolvers: { step: { acme: {} } },
      Experimental: { plugins: { geoblock: {} }, LocalPlugins: { mine: {} } },
    });
    expect([...facts.entryPoints]).toEqual([
      ["web", "tcp"],
      ["dns", "udp"],
      ["DNS2", "udp"],
      ["odd", "tcp"],
      ["noAddress", "tcp"],
      ["numeric", "tcp"],
    ]);
    expect([...facts.certResolvers]).toEqual(["step"]);
    expect([...facts.plugins]).toEqual(["geoblock", "mine"]);
  });

  it("reads nothing from nothing, or from something that is not a map", () => {
    for (const value of [undefined, null, [], "text", { entryPoints: ["web"] }]) {
      const facts = staticFactsOf(value);
      expect([facts.entryPoints.size, facts.certResolvers.size, facts.plugins.size]).toEqual([0, 0, 0]);
    }
  });
});

describe("fileProviderOf", () => {
  it("is undefined without providers, or with providers but no file provider", () => {
    expect(fileProviderOf({})).toBeUndefined();
    expect(fileProviderOf({ providers: { docker: {} } })).toBeUndefined();
    expect(fileProviderOf(null)).toBeUndefined();
  });

  it("reads directory, filename and watch, with pointers as the file spells the keys", () => {
    expect(
      fileProviderOf({ Providers: { FILE: { Directory: "/d", fileName: "/d/x.yml", WATCH: true } } }),
    ).toEqual({
      directory: "/d",
      filename: "/d/x.yml",
      watch: true,
      empty: false,
      pointer: "/Providers/FILE",
      filenamePointer: "/Providers/FILE/fileName",
      directoryPointer: "/Providers/FILE/Directory",
    });
  });

  it("takes only non-empty strings as paths, and names the keys it would look for when they are absent", () => {
    expect(fileProviderOf({ providers: { file: { directory: "", filename: 7 } } })).toEqual({
      directory: undefined,
      filename: undefined,
      watch: false,
      empty: true,
      pointer: "/providers/file",
      filenamePointer: "/providers/file/filename",
      directoryPointer: "/providers/file/directory",
    });
    expect(fileProviderOf({ providers: { file: null } })?.empty).toBe(true);
    expect(fileProviderOf({ providers: { file: { filename: "/x.yml" } } })).toMatchObject({
      empty: false,
      directory: undefined,
    });
  });
});

describe("apiOf", () => {
  it("is undefined when the API is absent or empty, and insecure only when set true", () => {
    expect(apiOf({})).toBeUndefined();
    expect(apiOf({ api: null })).toBeUndefined();
    expect(apiOf({ API: {} })).toEqual({ insecure: false });
    expect(apiOf({ api: { Insecure: true } })).toEqual({ insecure: true });
    // paerser parses booleans from text with strconv.ParseBool (a real Traefik serves an
    // insecure API for `insecure: 'TRUE'`, test/e2e/static-key-case.test.ts).
    for (const yes of [true, "true", "TRUE", "True", "t", "T", "1", 1])
      expect(apiOf({ api: { insecure: yes } })).toEqual({ insecure: true });
    for (const no of [false, "yes", "on", "tRUE", 0, 2, null, {}])
      expect(apiOf({ api: { insecure: no } })).toEqual({ insecure: false });
    expect(apiOf({ api: true })).toEqual({ insecure: false });
  });
});

describe("keyOf", () => {
  it("finds a key in any case, the first one as written", () => {
    expect(keyOf({ EntryPoints: 1, entrypoints: 2 }, "entryPoints")).toBe("EntryPoints");
    expect(keyOf({ a: 1 }, "b")).toBeUndefined();
  });
});
