import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { ONE_ROUTE, tempDir, writeFiles } from "../support/fixtures.js";

async function check(files: Record<string, string>, ...args: string[]) {
  const dir = await tempDir();
  await writeFiles(dir, files);
  const run = await runCli(["check", ...args], { cwd: dir });
  return { ...run, dir };
}

describe("check reads a dynamic file as Traefik's file provider does", () => {
  it("accepts keys in any case and quoted scalars, which Traefik converts", async () => {
    const run = await check(
      {
        "d.yml": `http:
  Routers:
    app:
      Rule: Host(\`app.lan\`)
      service: app
      priority: "10"
  services:
    app:
      loadBalancer:
        passHostHeader: "false"
        servers:
          - url: http://10.0.0.5:8080
  middlewares:
    lan:
      ipallowlist:
        sourceRange: [10.0.0.0/24]
`,
      },
      "d.yml",
    );
    expect(run.stderr).toContain("Traefik would load it with every object enabled");
    expect(run.code).toBe(0);
  });

  it("refuses misspelled options and values of the wrong type, with file:line:column and a suggestion", async () => {
    const run = await check(
      {
        "d.yml": `${ONE_ROUTE}  middlewares:
    strip:
      stripPrefix:
        prefixs: [/api]
    limit:
      rateLimit:
        average: lots
`,
      },
      "d.yml",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /d\.yml:14:9 .*unknown key "prefixs" in "http\.middlewares\.strip\.stripPrefix" \(did you mean "prefixes"\?\)/,
    );
    expect(run.stderr).toMatch(
      /d\.yml:17:9 .*"http\.middlewares\.limit\.rateLimit\.average" must be a whole number \("lots" given\)/,
    );
  });

  it("reads TOML, and only the first YAML document as Traefik does (regression: a trailing --- crashed)", async () => {
    const toml = await check(
      {
        "d.toml": `[http.routers.app]\nrule = "Host(\`app.lan\`)"\nservice = "app"\n[[http.services.app.loadBalancer.servers]]\nurl = "http://10.0.0.5:8080"\n`,
      },
      "d.toml",
    );
    expect(toml.code, toml.stderr).toBe(0);
    const trailing = await check({ "d.yml": `${ONE_ROUTE}---\n` }, "d.yml");
    expect(trailing.code, trailing.stderr).toBe(0);
    expect(trailing.stderr).not.toContain("internal error");
    const two = await check({ "d.yml": `${ONE_ROUTE}---\nhttp:\n  routers: {}\n` }, "d.yml");
    expect(two.code).toBe(0);
    expect(two.stderr).toContain("the file holds 2 YAML documents: Traefik reads only the first");
  });

  it("follows every reference, in weighted, mirroring, failover and chain definitions and in TCP and UDP", async () => {
    const run = await check(
      {
        "d.yml": `${ONE_ROUTE}    canary:
      weighted:
        services: [{name: app, weight: 3}, {name: app-v2, weight: 1}]
    shadow:
      mirroring: {service: app, mirrors: [{name: nowhere, percent: 10}]}
    safe:
      failover: {service: app, fallback: spare}
  middlewares:
    secure:
      chain: {middlewares: [headers-missing]}
tcp:
  routers:
    db:
      rule: HostSNI(\`db.lan\`)
      service: postgres
      tls: {}
udp:
  routers:
    dns:
      service: unbound
`,
      },
      "d.yml",
    );
    expect(run.code).toBe(2);
    for (const missing of [
      'service "app-v2"',
      'service "nowhere"',
      'service "spare"',
      'middleware "headers-missing"',
      'TCP service "postgres"',
      'UDP service "unbound"',
    ])
      expect(run.stderr).toContain(`uses ${missing}, which is not defined`);
  });

  it("parses rules as Traefik does: a v2 form under v3 syntax, an HTTP matcher in a TCP rule, a trailing &&", async () => {
    const run = await check(
      {
        "d.yml": `http:
  routers:
    old:
      rule: Host(\`a.lan\`, \`b.lan\`)
      service: app
    v2:
      rule: Host(\`a.lan\`, \`b.lan\`)
      ruleSyntax: v2
      service: app
    open:
      rule: Host(\`a.lan\`) &&
      service: app
  services:
    app:
      loadBalancer: {servers: [{url: "http://10.0.0.5"}]}
tcp:
  routers:
    db:
      rule: Host(\`db.lan\`)
      service: pg
  services:
    pg:
      loadBalancer: {servers: [{address: "10.0.0.6:5432"}]}
`,
      },
      "d.yml",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'router "old": error while parsing rule Host(`a.lan`, `b.lan`): unexpected number of parameters; got 2, expected one of [1]',
    );
    expect(run.stderr).not.toContain('router "v2"');
    expect(run.stderr).toContain('router "open": error while parsing rule');
    expect(run.stderr).toContain("unsupported function: Host (Host is a matcher of HTTP routers)");
  });

  it("reads a folder as Traefik's directory provider: all files together, the first definition of a name kept", async () => {
    const run = await check(
      {
        "dyn/10-routes.yml": ONE_ROUTE,
        "dyn/sub/20-more.yml":
          "http:\n  services:\n    app:\n      loadBalancer: {servers: [{url: 'http://10.0.0.9'}]}\n",
        "dyn/notes.txt": "not read",
      },
      "dyn",
      "--json",
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      files: string[];
      warnings: number;
      diagnostics: { message: string; file: string; line: number }[];
    };
    expect(report.files).toEqual(["dyn/10-routes.yml", "dyn/sub/20-more.yml"]);
    expect(report.diagnostics).toMatchObject([
      {
        file: "dyn/sub/20-more.yml",
        line: 3,
        message:
          'HTTP service "app" already configured in dyn/10-routes.yml, skipping: Traefik keeps that one',
      },
    ]);
  });

  it("with --static, checks entryPoints (and their protocol), certResolvers and plugins", async () => {
    const run = await check(
      {
        "traefik.yml":
          "entryPoints:\n  web: {address: ':80'}\n  dns: {address: ':53/udp'}\ncertificatesResolvers:\n  le: {acme: {email: a@b.c}}\n",
        "d.yml": `http:
  routers:
    app:
      rule: Host(\`app.lan\`)
      service: app
      entryPoints: [websecure, dns]
      tls: {certResolver: letsencrypt}
      middlewares: [auth]
  services:
    app:
      loadBalancer: {servers: [{url: "http://10.0.0.5"}]}
  middlewares:
    auth:
      plugin:
        jwt: {secret: x}
`,
      },
      "d.yml",
      "--static",
      "traefik.yml",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'uses entryPoint "websecure", which the static configuration does not define',
    );
    expect(run.stderr).toContain('uses entryPoint "dns", which is UDP: a TCP router cannot listen on it');
    expect(run.stderr).toContain(
      'uses certResolver "letsencrypt", which the static configuration does not define',
    );
    expect(run.stderr).toContain('uses plugin "jwt", which the static configuration does not install');
  });

  it("reads an object of a type with no fields, such as a weighted service's healthCheck: {} (regression: it crashed)", async () => {
    const run = await check(
      {
        "d.yml": `${ONE_ROUTE}    canary:\n      weighted:\n        healthCheck: {}\n        services: [{name: app, weight: 1}]\n`,
      },
      "d.yml",
    );
    expect(run.stderr).not.toContain("internal error");
    expect(run.code, run.stderr).toBe(0);
  });

  it("says a file with Go template actions is checked as written", async () => {
    const run = await check({ "d.yml": `${ONE_ROUTE}# {{ env "HOME" }}\n` }, "d.yml");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("holds Go template actions");
  });

  it("never crashes on hostile input: any text gives exit 0 or 2", async () => {
    for (const text of [
      "",
      "---",
      "- a\n- b\n",
      "http: 5",
      "http:\n  routers: [1]\n",
      "a: &x [*x]\n",
      "\u0000",
      "http:\n  routers:\n    r: {rule: 5, service: [1]}\n",
    ]) {
      const run = await check({ "d.yml": text }, "d.yml");
      expect([0, 2], `${JSON.stringify(text)}: ${run.stderr}`).toContain(run.code);
      expect(run.stderr).not.toContain("internal error");
    }
  });
});

describe("no input makes check crash", () => {
  it("judges any value in any section, and any text, without throwing", async () => {
    const { checkFiles } = await import("../../src/domain/traefik/check-files.js");
    const { stringify } = await import("yaml");
    const fc = (await import("fast-check")).default;
    const value = fc.anything({ maxDepth: 4, withNullPrototype: false });
    const section = fc.constantFrom(
      "routers",
      "services",
      "middlewares",
      "serversTransports",
      "options",
      "certificates",
    );
    fc.assert(
      fc.property(
        fc.constantFrom("http", "tcp", "udp", "tls", "Http"),
        section,
        fc.string(),
        value,
        (top, kind, name, v) => {
          const text = stringify({ [top]: { [kind]: { [name || "x"]: v } } });
          const result = checkFiles([{ path: "f.yml", text }]);
          expect(Array.isArray(result.diagnostics)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 13 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(Array.isArray(checkFiles([{ path: "f.yml", text }]).diagnostics)).toBe(true);
        expect(Array.isArray(checkFiles([{ path: "f.toml", text }]).diagnostics)).toBe(true);
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
