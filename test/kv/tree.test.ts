/**
 * The KV layout, from Traefik's own reference (docs/content/reference/routing-configuration/
 * other-providers/kv.md at v3.6.12) and its reader (pkg/config/kv/kv_node.go: keys sorted as text,
 * plain lists joined with "," and split again, empty values skipped, names matched without case).
 */
import { describe, expect, it } from "vitest";
import {
  checkRootKey,
  configOfTree,
  kvDelta,
  kvTree,
  MAX_LIST_ITEMS,
  metaKeys,
  sameTree,
} from "../../src/domain/kv/tree.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";

const tree = (config: unknown, root = "traefik") => Object.fromEntries(kvTree(config as DynamicConfig, root));

describe("kvTree: Traefik's documented keys", () => {
  it("writes a key per leaf, lists as numbered keys, an empty object as true", () => {
    expect(
      tree({
        http: {
          routers: {
            "my-router": {
              rule: "Host(`example.com`)",
              service: "my-service",
              entryPoints: ["web", "websecure"],
              priority: 10,
              tls: {},
            },
          },
          services: {
            "my-service": {
              loadBalancer: { servers: [{ url: "http://127.0.0.1:8080" }], passHostHeader: false },
            },
          },
        },
      }),
    ).toEqual({
      "traefik/http/routers/my-router/entryPoints/0": "web",
      "traefik/http/routers/my-router/entryPoints/1": "websecure",
      "traefik/http/routers/my-router/priority": "10",
      "traefik/http/routers/my-router/rule": "Host(`example.com`)",
      "traefik/http/routers/my-router/service": "my-service",
      "traefik/http/routers/my-router/tls": "true",
      "traefik/http/services/my-service/loadBalancer/passHostHeader": "false",
      "traefik/http/services/my-service/loadBalancer/servers/0/url": "http://127.0.0.1:8080",
    });
  });

  it("puts everything under the given root key, sorted, and leaves out nulls and empty sections", () => {
    const keys = [
      ...kvTree(
        {
          http: { routers: {}, middlewares: { m: { headers: { customResponseHeaders: { "X-A": "1" } } } } },
          tcp: null,
        } as unknown as DynamicConfig,
        "lab/traefik",
      ).keys(),
    ];
    expect(keys).toEqual(["lab/traefik/http/middlewares/m/headers/customResponseHeaders/X-A"]);
  });

  it(`takes lists of up to ${MAX_LIST_ITEMS} items, and refuses more (Traefik would read item 10 before item 2)`, () => {
    const list = (n: number) => ({
      http: { routers: { r: { entryPoints: Array.from({ length: n }, (_, i) => `e${i}`) } } },
    });
    expect(Object.keys(tree(list(10)))).toHaveLength(10);
    expect(() => tree(list(11))).toThrow(/11 items \(more than 10\)/);
    // Lists of objects too: servers 0..10 would be read 0, 1, 10, 2…
    const servers = Array.from({ length: 11 }, (_, i) => ({ url: `http://10.0.0.${i}:80` }));
    expect(() => tree({ http: { services: { s: { loadBalancer: { servers } } } } })).toThrow(/more than 10/);
  });

  it.each([
    ["a comma", "10.0.0.0/24,10.0.1.0/24"],
    ["spaces at its ends", " 10.0.0.0/24"],
    ["nothing", ""],
  ])("refuses a plain list item with %s (Traefik joins them with , and trims)", (_, item) => {
    const config = { http: { middlewares: { m: { ipAllowList: { sourceRange: [item] } } } } };
    expect(() => tree(config)).toThrow(/http\.middlewares\.m\.ipAllowList\.sourceRange\.0/);
  });

  it("refuses an empty value (Traefik skips empty keys; an empty header in a file removes the header)", () => {
    const config = {
      http: { middlewares: { m: { headers: { customRequestHeaders: { "X-Forwarded-User": "" } } } } },
    };
    expect(() => tree(config)).toThrow(/the value is empty/);
  });

  it("refuses names Traefik would read as another path, a list index or the same name", () => {
    expect(() => tree({ http: { routers: { "a/b": { rule: "Host(`a`)" } } } })).toThrow(
      /has a \/ or is a number/,
    );
    expect(() => tree({ http: { routers: { "0": { rule: "Host(`a`)" } } } })).toThrow(
      /has a \/ or is a number/,
    );
    expect(() =>
      tree({ http: { routers: { Portainer: { rule: "Host(`a`)" }, portainer: { rule: "Host(`b`)" } } } }),
    ).toThrow(/differs from "Portainer" only in case/);
    // Names with digits are names, not indexes.
    expect(Object.keys(tree({ http: { routers: { r2: { service: "s" } } } }))).toEqual([
      "traefik/http/routers/r2/service",
    ]);
  });
});

describe("kvDelta", () => {
  it("sets only what is new or changed and deletes only what is gone: each key wakes every Traefik", () => {
    const before = new Map([
      ["t/a", "1"],
      ["t/b", "2"],
      ["t/c", "3"],
    ]);
    const after = new Map([
      ["t/a", "1"],
      ["t/b", "20"],
      ["t/d", "4"],
    ]);
    expect(kvDelta(before, after)).toEqual({
      set: [
        ["t/b", "20"],
        ["t/d", "4"],
      ],
      del: ["t/c"],
    });
    expect(kvDelta(after, after)).toEqual({ set: [], del: [] });
  });
});

describe("root keys and phoenix-mesh's own keys", () => {
  it("accepts plain root keys and refuses patterns, slashes at the ends, and prefixes of its own keys", () => {
    expect(checkRootKey("traefik")).toBeUndefined();
    expect(checkRootKey("homelab/traefik")).toBeUndefined();
    for (const bad of ["", "/traefik", "traefik/", "traef*k", "a?b", "[ab]", "a b"])
      expect(checkRootKey(bad), bad).toMatch(/letters, digits/);
    for (const prefix of ["p", "phoenix", "phoenix-mesh", "phoenix-mesh/x"])
      expect(checkRootKey(prefix)).toMatch(/own keys/);
  });

  it.each(["traefik", "homelab/traefik", "t"])(
    "keeps its own keys (root %s) where Traefik neither reads (SCAN root*) nor listens (PSUBSCRIBE __keyspace*:root*)",
    (root) => {
      // kvtools/redis at the pinned Traefik: scanRegex = "<dir>*", regexWatch = "__keyspace*:<dir>*".
      const glob = (pattern: string) =>
        new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`, "s");
      const meta = metaKeys(root);
      for (const key of [
        meta.lock,
        meta.revision,
        meta.backups,
        meta.backup("20261202T080000Z-2d238f4da9e7"),
      ]) {
        expect(glob(`${root}*`).test(key), key).toBe(false);
        expect(glob(`__keyspace*:${root}*`).test(`__keyspace@0__:${key}`), key).toBe(false);
      }
      // The glob does reach a key with ":<root>" inside: the reason these keys have no ":".
      expect(glob(`__keyspace*:${root}*`).test(`__keyspace@0__:phoenix-mesh:${root}:lock`)).toBe(true);
    },
  );
});

describe("configOfTree", () => {
  it("reads a tree back with its object names, rules, lists and transports", () => {
    const config = {
      http: {
        routers: { r: { rule: "Host(`a.lan`)", entryPoints: ["web"], service: "s" } },
        services: {
          s: { loadBalancer: { servers: [{ url: "https://10.0.0.1:9443" }], serversTransport: "t" } },
        },
        serversTransports: { t: { insecureSkipVerify: true } },
      },
    };
    expect(configOfTree(kvTree(config as DynamicConfig, "traefik"), "traefik")).toEqual({
      http: {
        routers: { r: { rule: "Host(`a.lan`)", entryPoints: ["web"], service: "s" } },
        services: {
          s: { loadBalancer: { servers: [{ url: "https://10.0.0.1:9443" }], serversTransport: "t" } },
        },
        serversTransports: { t: { insecureSkipVerify: "true" } },
      },
    });
  });
});

describe("kvTree, value by value", () => {
  it("writes numbers and booleans as Traefik's reader parses them back", () => {
    expect(
      tree({
        http: {
          services: {
            s: { loadBalancer: { passHostHeader: true, responseForwarding: { flushInterval: 0 } } },
          },
        },
      }),
    ).toEqual({
      "traefik/http/services/s/loadBalancer/passHostHeader": "true",
      "traefik/http/services/s/loadBalancer/responseForwarding/flushInterval": "0",
    });
    expect(tree({ http: { routers: { r: { priority: 10n } } } })).toEqual({
      "traefik/http/routers/r/priority": "10",
    });
  });

  it("writes an object with nothing set as true from the third level down, and leaves out empty sections", () => {
    expect(tree({ http: {} })).toEqual({});
    expect(tree({ http: { routers: {} } })).toEqual({});
    expect(tree({ http: { middlewares: { m: {} } } })).toEqual({ "traefik/http/middlewares/m": "true" });
    expect(tree({ http: { routers: { r: { tls: { options: null } } } } })).toEqual({
      "traefik/http/routers/r/tls": "true",
    });
  });

  it("sorts keys as text, capitals first, as Traefik reads them", () => {
    expect(
      Object.keys(
        tree({ http: { routers: { b: { service: "s" }, B2: { service: "s" }, a: { service: "s" } } } }),
      ),
    ).toEqual([
      "traefik/http/routers/B2/service",
      "traefik/http/routers/a/service",
      "traefik/http/routers/b/service",
    ]);
  });

  it("refuses with a usable error: the path, why, and what to do", () => {
    let caught: unknown;
    try {
      tree({ http: { middlewares: { m: { headers: { customRequestHeaders: { "X-User": "" } } } } } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: "OUTPUT_INVALID",
      message:
        "http.middlewares.m.headers.customRequestHeaders.X-User: the value is empty, which Traefik's KV provider would not read back as the file says",
      hint: "change the value (or deploy this file to a file target, pct://… or file://…)",
    });
  });

  it("refuses list items that are null or lists, names that are empty, and values of no JSON type", () => {
    expect(() => tree({ http: { routers: { r: { entryPoints: [null] } } } })).toThrow(
      /^http\.routers\.r\.entryPoints\.0: a list item is null or a list,/,
    );
    expect(() => tree({ http: { routers: { r: { entryPoints: [["web"]] } } } })).toThrow(
      /a list item is null or a list/,
    );
    expect(() => tree({ http: { routers: { "": { service: "s" } } } })).toThrow(
      /^http\.routers\.: the name is empty/,
    );
    expect(() => tree({ http: { routers: { r: { service: () => "s" } } } })).toThrow(
      /^http\.routers\.r\.service: a function value,/,
    );
  });

  it("takes list items of objects and numbers, and plain items with inner spaces", () => {
    expect(
      tree({
        http: {
          middlewares: { m: { ipAllowList: { sourceRange: ["10.0.0.0/24"], ipStrategy: { depth: 1 } } } },
        },
      }),
    ).toEqual({
      "traefik/http/middlewares/m/ipAllowList/ipStrategy/depth": "1",
      "traefik/http/middlewares/m/ipAllowList/sourceRange/0": "10.0.0.0/24",
    });
    expect(
      tree({
        http: {
          middlewares: {
            m: { headers: { accessControlAllowMethods: ["GET"], hostsProxyHeaders: ["X Forwarded"] } },
          },
        },
      }),
    ).toEqual({
      "traefik/http/middlewares/m/headers/accessControlAllowMethods/0": "GET",
      "traefik/http/middlewares/m/headers/hostsProxyHeaders/0": "X Forwarded",
    });
    expect(
      tree({ tcp: { services: { s: { weighted: { services: [{ name: "a", weight: 2 }] } } } } }),
    ).toEqual({
      "traefik/tcp/services/s/weighted/services/0/name": "a",
      "traefik/tcp/services/s/weighted/services/0/weight": "2",
    });
  });
});

describe("sameTree", () => {
  it("is true only for the same keys with the same values", () => {
    const a = new Map([
      ["t/a", "1"],
      ["t/b", "2"],
    ]);
    expect(sameTree(a, new Map(a))).toBe(true);
    expect(sameTree(a, new Map([["t/a", "1"]]))).toBe(false);
    expect(sameTree(a, new Map([...a, ["t/c", "3"]]))).toBe(false);
    expect(
      sameTree(
        a,
        new Map([
          ["t/a", "1"],
          ["t/b", "3"],
        ]),
      ),
    ).toBe(false);
    expect(
      sameTree(
        a,
        new Map([
          ["t/a", "1"],
          ["t/c", "2"],
        ]),
      ),
    ).toBe(false);
  });
});

describe("root keys, at their edges", () => {
  it.each(["a_b.c-d/e", "0traefik", "T", "phoenix-meshy", "phoenix-mesh-x"])("accepts %s", (root) => {
    expect(checkRootKey(root)).toBeUndefined();
  });
  it.each(["-traefik", "_t", "a//b", "a/*", "traefik:x", "a\nb"])("refuses %s", (root) => {
    expect(checkRootKey(root)).toBe(
      "letters, digits, _ . - and inner /; no leading or trailing /, no * ? [ ] (Redis reads it as a pattern)",
    );
  });
  it("says where its own keys are", () => {
    expect(checkRootKey("phoenix")).toBe("phoenix-mesh keeps its own keys under phoenix-mesh/…");
    expect(metaKeys("homelab/traefik")).toMatchObject({
      lock: "phoenix-mesh/homelab|traefik/lock",
      revision: "phoenix-mesh/homelab|traefik/revision",
      backups: "phoenix-mesh/homelab|traefik/backups",
    });
    expect(metaKeys("traefik").backup("x")).toBe("phoenix-mesh/traefik/backup/x");
  });
});

describe("configOfTree, at its edges", () => {
  it("reads only keys under the root key itself, not under a longer one that starts with it", () => {
    const t = new Map([
      ["traefik/http/routers/r/service", "s"],
      ["traefik2/http/routers/x/service", "x"],
      ["phoenix-mesh/traefik/revision", "abc"],
      ["traefik", "bare"],
    ]);
    expect(configOfTree(t, "traefik")).toEqual({ http: { routers: { r: { service: "s" } } } });
  });

  it("reads numbered segments as lists, also of objects, and names with digits as names", () => {
    const t = new Map([
      ["t/http/services/s/loadBalancer/servers/0/url", "http://a:1"],
      ["t/http/services/s/loadBalancer/servers/1/url", "http://b:1"],
      ["t/http/routers/r2/entryPoints/0", "web"],
    ]);
    expect(configOfTree(t, "t")).toEqual({
      http: {
        services: { s: { loadBalancer: { servers: [{ url: "http://a:1" }, { url: "http://b:1" }] } } },
        routers: { r2: { entryPoints: ["web"] } },
      },
    });
  });

  it("lets a deeper key replace a value set as true (tls = true, then tls/certResolver)", () => {
    const t = new Map([
      ["t/http/routers/r/tls", "true"],
      ["t/http/routers/r/tls/certResolver", "step"],
    ]);
    expect(configOfTree(t, "t")).toEqual({ http: { routers: { r: { tls: { certResolver: "step" } } } } });
  });
});

describe("kvTree's refusals, word for word", () => {
  it("says why a list item is refused, and where", () => {
    expect(() => tree({ http: { routers: { r: { entryPoints: [""] } } } })).toThrow(
      'http.routers.r.entryPoints.0: "" is empty, has a comma or has spaces at its ends, which Traefik\'s KV provider would not read back as the file says',
    );
  });
  it("names the second spelling of a name that differs only in case", () => {
    expect(() =>
      tree({ http: { routers: { Portainer: { service: "s" }, portainer: { service: "s" } } } }),
    ).toThrow(/^http\.routers\.portainer: the name differs from "Portainer" only in case/);
  });
  it("refuses names made only of digits, and only those", () => {
    expect(() => tree({ http: { routers: { "10": { service: "s" } } } })).toThrow(/has a \/ or is a number/);
    expect(Object.keys(tree({ http: { routers: { "2fa": { service: "s" } } } }))).toEqual([
      "traefik/http/routers/2fa/service",
    ]);
  });
});

it("sorts keys written in any order (here reversed) as text", () => {
  const names = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, "0")}`).reverse();
  const keys = Object.keys(
    tree({ http: { routers: Object.fromEntries(names.map((n) => [n, { service: "s" }])) } }),
  );
  expect(keys).toEqual([...names].reverse().map((n) => `traefik/http/routers/${n}/service`));
});
