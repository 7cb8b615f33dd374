/**
 * TOML files (Traefik reads traefik.toml and dynamic *.toml files): parsed into the same shape as
 * YAML, and each path located on the line that defines it, as TOML's tables, arrays of tables and
 * dotted keys define it (the TOML v1.0.0 spec).
 */
import { describe, expect, it } from "vitest";
import { parseToml } from "../../src/core/toml/document.js";

// Shaped as Traefik's own traefik.sample.toml (v3.6.12) and its docs' dynamic TOML examples.
const STATIC = [
  "[global]", //                                   1
  "  checkNewVersion = true", //                   2
  "[entryPoints]", //                              3
  "  [entryPoints.web]", //                        4
  '    address = ":80"', //                        5
  "  [entryPoints.websecure]", //                  6
  '    address = ":443"', //                       7
  "[api]", //                                      8
  "[providers.file]", //                           9
  '  directory = "/etc/traefik/dynamic" # here', // 10
  "  watch = true", //                             11
  "[certificatesResolvers.step.acme]", //          12
  '  caServer = "https://ca.lan/acme/acme/directory"', // 13
  "",
].join("\n");

const DYNAMIC = [
  "[http.routers.app]", //                          1
  '  rule = "Host(`app.lan`)"', //                  2
  '  service = "app"', //                           3
  '  tls.certResolver = "step"', //               4
  "[[http.services.app.loadBalancer.servers]]", //  5
  '  url = "http://10.0.0.1:80"', //                6
  "[[http.services.app.loadBalancer.servers]]", //  7
  '  url = "http://10.0.0.2:80"', //                8
  '[http.middlewares."lan-only".ipAllowList]', //   9
  '  sourceRange = ["10.0.0.0/24"]', //             10
  "",
].join("\n");

describe("parseToml", () => {
  it("reads a document into plain values", () => {
    const doc = parseToml(STATIC);
    expect(doc.errors).toEqual([]);
    expect(doc.value).toMatchObject({
      providers: { file: { directory: "/etc/traefik/dynamic", watch: true } },
    });
  });

  it("says where a document is broken, without smol-toml's preamble", () => {
    const doc = parseToml('[a]\nb = "unterminated\n');
    expect(doc.value).toBeUndefined();
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]).toMatchObject({ line: 2 });
    expect(doc.errors[0]!.message).not.toMatch(/^Invalid TOML document/);
    expect(doc.errors[0]!.message).not.toContain("\n");
  });
});

describe("locate", () => {
  const at = (text: string, pointer: string) => parseToml(text).locate(pointer)?.line;

  it.each([
    ["", 1],
    ["/global/checkNewVersion", 2],
    ["/entryPoints", 3],
    ["/entryPoints/web", 4],
    ["/entryPoints/web/address", 5],
    ["/entryPoints/websecure/address", 7],
    ["/api", 8],
    ["/providers/file", 9],
    ["/providers/file/directory", 10],
    ["/providers/file/watch", 11],
    ["/certificatesResolvers/step/acme/caServer", 13],
  ])("finds %s in a static file on line %i", (pointer, line) => {
    expect(at(STATIC, pointer)).toBe(line);
  });

  it.each([
    ["/http/routers/app/rule", 2],
    ["/http/routers/app/tls/certResolver", 4],
    ["/http/routers/app/tls", 4],
    ["/http/services/app/loadBalancer/servers/0/url", 6],
    ["/http/services/app/loadBalancer/servers/1/url", 8],
    ["/http/services/app/loadBalancer/servers/1", 7],
    ["/http/middlewares/lan-only/ipAllowList/sourceRange", 10],
    ["/http/middlewares/lan-only/ipAllowList/sourceRange/0", 10],
    ["/http/routers/app/middlewares", 1],
  ])("finds %s in a dynamic file on line %i", (pointer, line) => {
    expect(at(DYNAMIC, pointer)).toBe(line);
  });

  it("does not take a key of the same name in another table", () => {
    expect(at(STATIC, "/entryPoints/other/address")).toBe(3);
    expect(at("[a]\nwatch = true\n[b]\nx = 1\n", "/b/watch")).toBe(3);
  });

  it("finds nothing for a path the file does not start", () => {
    expect(at(STATIC, "/log/level")).toBeUndefined();
  });
});
