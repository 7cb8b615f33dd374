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
    expect(doc.errors[0]!.message).toBe("control characters are not allowed in strings");
    expect([doc.documents, doc.warnings]).toEqual([1, []]);
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

  it("finds the whole file on line 1, even an empty one", () => {
    expect(parseToml("").locate("")).toEqual({ line: 1, column: 1 });
  });

  it("finds keys written before any table header", () => {
    expect(at('title = "x"\nport = 80\n[a]\nport = 81\n', "/port")).toBe(2);
  });

  it("reads headers with spaces and comments after them", () => {
    expect(at("[a]   # the a table\nk = 1\n[ b . c ]\t# b's c\nk = 2\n", "/a")).toBe(1);
    expect(at("[a]   # the a table\nk = 1\n[ b . c ]\t# b's c\nk = 2\n", "/b/c/k")).toBe(4);
  });

  it("reads quoted, literal and spaced keys as TOML does", () => {
    const text = [
      '[http.middlewares."a/b"]', //                1
      '  "quoted \\" key".x = 1', //              2
      "  'lit.eral' = 2", //                         3
      "  a . b = 3", //                              4
      "[http.middlewares.'lan only'.ipAllowList]", // 5
      '  sourceRange = ["10.0.0.0/24"]', //         6
      '[x."\\U0001F600"]', //                     7
      "  k = 1", //                                  8
      "",
    ].join("\n");
    expect(parseToml(text).errors).toEqual([]);
    expect(at(text, "/http/middlewares/a~1b")).toBe(1);
    expect(at(text, '/http/middlewares/a~1b/quoted " key/x')).toBe(2);
    expect(at(text, "/http/middlewares/a~1b/lit.eral")).toBe(3);
    expect(at(text, "/http/middlewares/a~1b/a/b")).toBe(4);
    expect(at(text, "/http/middlewares/lan only/ipAllowList/sourceRange")).toBe(6);
    expect(at(text, "/x/\u{1F600}/k")).toBe(8);
  });

  it.each([
    ['"a\\tb"', "a\tb"],
    ['"\\b\\t\\n\\f\\r\\"\\\\"', '\b\t\n\f\r"\\'],
    ['"\\u00e9\\U0001F600"', "é\u{1F600}"],
    ['"\\e\\x41"', "\u001bA"],
  ])("decodes the escapes of the quoted key %s", (key, name) => {
    const text = `[t.${key}]\nk = 1\n`;
    expect(parseToml(text).value).toEqual({ t: { [name]: { k: 1 } } });
    expect(at(text, `/t/${name.replace(/~/g, "~0").replace(/\//g, "~1")}/k`)).toBe(2);
  });

  it("counts arrays of tables by their whole name", () => {
    expect(at("[[a.bc]]\nx = 1\n[[ab.c]]\ny = 1\n", "/ab/c/0/y")).toBe(4);
  });

  it("falls back to the deepest table the path goes through, the first that names it", () => {
    expect(at("[a]\nk = 1\n[a.b.x]\ny = 2\n", "/a/b/c")).toBe(1);
    expect(at("[a.b]\nx = 1\n[a]\ny = 1\n", "/a/b/z")).toBe(1);
  });

  it("finds nothing for a path the file does not start", () => {
    expect(at(STATIC, "/log/level")).toBeUndefined();
  });
});
