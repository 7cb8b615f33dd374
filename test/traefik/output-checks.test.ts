// phoenix-mesh's own checks of a dynamic file, each on an input of its own: an HTTPS backend with
// no transport to trust it, a missing revision marker, references to nothing, and where each is.
import { describe, expect, it } from "vitest";
import { checkDynamicConfig, parseDynamicConfig } from "../../src/domain/traefik/check-dynamic.js";
import { ONE_ROUTE } from "../support/fixtures.js";

const MARKER =
  "    phoenix-mesh-revision-0123456789ab:\n      headers:\n        customResponseHeaders:\n          X-Phoenix-Mesh-Revision: 0123456789ab\n";

function file(service: string, { marker = true, extraMiddlewares = "", routerExtra = "" } = {}): string {
  return `http:
  routers:
    app:
      rule: Host(\`app.lan\`)
      service: app
${routerExtra}  services:
    app:
      loadBalancer:
${service}  middlewares:
${marker ? MARKER : ""}${extraMiddlewares}`;
}

const codes = (text: string) =>
  checkDynamicConfig(text, "d.yml").diagnostics.map((d) => `${d.severity} ${d.code}`);

describe("the output check", () => {
  it("accepts a plain file with a revision marker without a word", () => {
    expect(codes(file("        servers:\n          - url: http://10.0.0.5:8080\n"))).toEqual([]);
  });

  it("warns of an HTTPS backend with no serversTransport, at the service's loadBalancer", () => {
    const text = file(
      "        servers:\n          - url: http://10.0.0.5:8080\n          - url: https://10.0.0.6:8443\n",
    );
    const [d, ...rest] = checkDynamicConfig(text, "d.yml").diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: "warning",
      code: "https-without-transport",
      pointer: "/http/services/app/loadBalancer",
      file: "d.yml",
      line: 8,
    });
    expect(d?.message).toContain('service "app" has an HTTPS backend');
  });

  it("says nothing of TLS when the HTTPS backend has a transport", () => {
    const text = `${file("        serversTransport: tls\n        servers:\n          - url: https://10.0.0.6:8443\n")}  serversTransports:\n    tls:\n      serverName: app.lan\n`;
    expect(codes(text)).toEqual([]);
  });

  it("refuses a serversTransport that is not defined, at its line and column", () => {
    const text = file(
      "        serversTransport: missing\n        servers:\n          - url: https://10.0.0.6:8443\n",
    );
    const errors = checkDynamicConfig(text, "d.yml").diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        code: "ref-transport",
        pointer: "/http/services/app/loadBalancer/serversTransport",
        line: 9,
        column: 9,
      }),
    ]);
    expect(errors[0]?.message).toContain('"missing"');
  });

  it("refuses a router middleware that is not defined, and says where to define one", () => {
    const text = file("        servers:\n          - url: http://10.0.0.5:8080\n", {
      routerExtra: "      middlewares: [lan-only]\n",
    });
    const errors = checkDynamicConfig(text, "d.yml").diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        code: "ref-middleware",
        pointer: "/http/routers/app/middlewares/0",
        line: 6,
      }),
    ]);
    expect(errors[0]?.hint).toContain('under "middlewares:" in phoenix-mesh.yaml');
  });

  it("warns when no revision marker is there, since verify cannot prove what Traefik loaded", () => {
    const text = file("        servers:\n          - url: http://10.0.0.5:8080\n", {
      marker: false,
      extraMiddlewares: "    other:\n      stripPrefix:\n        prefixes: [/a]\n",
    });
    expect(codes(text)).toEqual(["warning revision-missing"]);
  });
});

describe("reading a dynamic file: each finding with its code, severity, place and hint", () => {
  const read = (text: string, file = "d.yml", options?: Parameters<typeof parseDynamicConfig>[2]) =>
    parseDynamicConfig(text, file, options);

  it("refuses a {{ in phoenix-mesh's own output, at its line and column", () => {
    const r = read('http:\n  middlewares:\n    m: {headers: {customRequestHeaders: {X: "{{ .Env.T }}"}}}\n');
    expect(r.config).toBeUndefined();
    expect(r.diagnostics).toEqual([
      {
        severity: "error",
        code: "output-go-template",
        message: 'the output contains "{{", which Traefik would evaluate as a Go template',
        file: "d.yml",
        line: 3,
        column: 46,
        hint: "print values through the q/list/json helpers; a literal {{ must not reach the file",
      },
    ]);
  });

  it("reads a hand-written file's Go template actions as stood-in text, with a warning", () => {
    const text = `http:\n  routers:\n{{ range $i := until 2 }}\n    r{{ $i }}:\n      rule: Host(\`a{{ $i }}.lan\`)\n      service: s\n{{ end }}\n  services:\n    s: {loadBalancer: {servers: [{url: "http://10.0.0.1"}]}}\n`;
    const r = read(text, "d.yml", { goTemplates: "warn" });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "go-template",
        line: 3,
        column: 1,
        hint: "check --traefik BIN runs the template in a real Traefik",
      }),
    ]);
    expect(Object.keys(r.config?.http?.routers ?? {})).toEqual(["rx"]);
    expect(r.config?.http?.routers?.["rx"]?.rule).toBe("Host(`ax.lan`)");
  });

  it("leaves empty a line that is only an action, indented or followed by blanks", () => {
    const text = `http:\n  routers:\n    {{ range $i := until 2 }}  \n    r{{ $i }}:\n      rule: Host(\`a.lan\`)\n      service: s\n\t{{ end }}\t\n  services:\n    s: {loadBalancer: {servers: [{url: "http://10.0.0.1"}]}}\n`;
    const r = read(text, "d.yml", { goTemplates: "warn" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["go-template"]);
    expect(Object.keys(r.config?.http?.routers ?? {})).toEqual(["rx"]);
  });

  it("says a file without the revision middleware cannot be proved live, and what keeps it", () => {
    const r = checkDynamicConfig(
      'http:\n  routers: {r: {rule: "Host(`a.lan`)", service: s}}\n  services:\n    s: {loadBalancer: {servers: [{url: "http://10.0.0.1"}]}}\n',
      "d.yml",
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "revision-missing",
        message:
          'no "phoenix-mesh-revision-…" middleware: `phoenix-mesh verify` cannot prove which revision Traefik loaded',
        pointer: "/http/middlewares",
        hint: "keep {{> revision}} in your main template",
      }),
    ]);
  });

  it("says where YAML and TOML do not parse, quoting the line", () => {
    const y = read("http:\n  routers: [\n");
    expect(y.diagnostics[0]).toMatchObject({ severity: "error", code: "output-yaml", file: "d.yml" });
    expect(y.diagnostics[0]?.message).toMatch(/^the output is not valid YAML: /);
    const t = read('[http.routers.a]\nrule = "x\n', "d.toml");
    expect(t.diagnostics[0]).toMatchObject({ severity: "error", code: "output-yaml", line: 2 });
    expect(t.diagnostics[0]?.message).toMatch(/^the output is not valid TOML: /);
    expect(t.diagnostics[0]?.hint).toBe('line 2: "rule = \\"x"');
  });

  it("reads only the first of several YAML documents, as Traefik does, and says so", () => {
    const r = read(`${ONE_ROUTE}---\nhttp: {}\n`);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "yaml-documents",
        line: 1,
        column: 1,
        hint: "remove the `---` separators, or split the documents into files of their own",
      }),
    ]);
    expect(Object.keys(r.config?.http?.routers ?? {})).toEqual(["app"]);
  });

  it.each(["- a\n- b\n", "just text\n", "42\n"])("refuses %j: not a mapping", (text) => {
    expect(read(text).diagnostics).toEqual([
      {
        severity: "error",
        code: "output-shape",
        message: "the output is not a mapping",
        file: "d.yml",
        line: 1,
        column: 1,
      },
    ]);
  });

  it("reads an empty file as an empty configuration", () => {
    expect(read("")).toEqual({ config: {}, diagnostics: [] });
  });

  it("warns of top-level keys Traefik ignores, at the key, with a hint for the top level only", () => {
    const r = read(`x-defaults: &d {a: 1}\n${ONE_ROUTE}`);
    expect(r.diagnostics).toEqual([
      {
        severity: "warning",
        code: "ignored-key",
        message: 'Traefik ignores the top-level key "x-defaults"',
        file: "d.yml",
        line: 1,
        column: 1,
        pointer: "/x-defaults",
        hint: "a file provider file holds only http, tcp, udp and tls",
      },
    ]);
    const nested = read("http:\n  services:\n    s:\n      loadBalancer:\n        servers: [1]\n");
    const ignored = nested.diagnostics.find((d) => d.code === "ignored-key");
    expect(ignored).toMatchObject({
      severity: "warning",
      pointer: "/http/services/s/loadBalancer/servers/0",
      line: 5,
    });
    expect(ignored?.hint).toBeUndefined();
  });

  it("refuses a key Traefik does not have, at its line", () => {
    const r = read("http:\n  routers:\n    a:\n      rule: Host(`a`)\n      servce: s\n");
    expect(r.config).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "output-schema",
        pointer: "/http/routers/a/servce",
        line: 5,
        column: 7,
      }),
    ]);
    expect(r.diagnostics[0]?.message).toMatch(
      /^not a valid Traefik v3 dynamic configuration: unknown key "servce"/,
    );
  });

  it("reads YAML anchors, aliases and merge keys through the bounded parser", () => {
    const r = read(
      `x: &lb {loadBalancer: {servers: [{url: "http://10.0.0.1"}]}}\nhttp:\n  routers:\n    a: {rule: "Host(\`a\`)", service: s}\n  services:\n    s: *lb\n    t:\n      <<: *lb\n`,
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.config?.http?.services?.["t"]?.loadBalancer?.servers).toEqual([{ url: "http://10.0.0.1" }]);
  });

  it("places each reference problem in the file, and gives a middleware's the settings hint", () => {
    const r = checkDynamicConfig(
      "http:\n  routers:\n    a:\n      rule: Host(`a`)\n      service: gone\n      middlewares: [nope]\n",
      "d.yml",
    );
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ["ref-service", "d.yml", 5, 7],
      ["ref-middleware", "d.yml", 6, 21],
    ]);
    expect(errors[0]?.hint).toBeUndefined();
    expect(errors[1]?.hint).toBe(
      'define it under "middlewares:" in phoenix-mesh.yaml, or name another provider\'s (nope@file, nope@docker)',
    );
  });
});
