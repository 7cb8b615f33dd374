import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintStaticConfig } from "../../src/domain/traefik/static-lint.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";
import { runCli } from "../support/cli.js";
import {
  EXAMPLE_REPO,
  PORTS_CONVENTION,
  SERVICE_CONVENTION,
  tempDir,
  writeFiles,
} from "../support/fixtures.js";

const dynamic = (entryPoints: string[], certResolver?: string): DynamicConfig => ({
  http: {
    routers: {
      a: {
        rule: "Host(`a`)",
        service: "a",
        entryPoints,
        ...(certResolver === undefined ? {} : { tls: { certResolver } }),
      },
    },
  },
});

const codes = (text: string, d: DynamicConfig, outputName = "dynamic_conf.yml") =>
  lintStaticConfig({ text, file: "traefik.yml", dynamic: d, outputName }).map(
    (x) => `${x.severity}:${x.code}`,
  );

describe("static configuration checks", () => {
  it("finds in the 2025-10-20 traefik.yml only the serversTransports block misplaced in the static file", async () => {
    const text = await readFile(join(PORTS_CONVENTION, "traefik.yml"), "utf8");
    expect(codes(text, dynamic(["web"], "myresolver"))).toEqual(["warning:static-dynamic-key"]);
  });

  it("finds in the 2025-11-04 traefik.yml the misplaced http.routers and directory + filename", async () => {
    const text = await readFile(join(SERVICE_CONVENTION, "traefik.yml"), "utf8");
    expect(codes(text, dynamic(["web"]))).toEqual([
      "warning:static-dynamic-key",
      "warning:static-directory-and-filename",
    ]);
  });

  it("errors on an entryPoint or certResolver the static file does not define", async () => {
    const text = await readFile(join(SERVICE_CONVENTION, "traefik.yml"), "utf8");
    expect(codes(text, dynamic(["websecure"], "myresolver"))).toEqual([
      "warning:static-dynamic-key",
      "error:static-entrypoint-missing",
      "error:static-resolver-missing",
      "warning:static-directory-and-filename",
    ]);
  });

  it("errors when there is no file provider and warns when it does not watch", () => {
    expect(codes("entryPoints: {web: {address: ':80'}}\n", dynamic(["web"]))).toEqual([
      "error:static-no-file-provider",
    ]);
    expect(
      codes("entryPoints: {web: {address: ':80'}}\nproviders: {file: {directory: /d}}\n", dynamic(["web"])),
    ).toEqual(["warning:static-no-watch"]);
  });

  it("errors when a filename-only provider points at another file", () => {
    expect(
      codes(
        "entryPoints: {web: {}}\nproviders: {file: {filename: /etc/traefik/other.yml, watch: true}}\n",
        dynamic(["web"]),
      ),
    ).toEqual(["error:static-filename-mismatch"]);
  });

  it("gives positions in the static file", () => {
    const [d] = lintStaticConfig({
      text: "entryPoints:\n  web: {}\nproviders:\n  file:\n    directory: /d\n",
      file: "traefik.yml",
      dynamic: dynamic(["web"]),
      outputName: "x.yml",
    });
    expect(d).toMatchObject({ code: "static-no-watch", line: 4, column: 3 });
  });

  it("render --static fails on a missing entryPoint and keeps the output", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "traefik.yml":
        "entryPoints: {websecure: {address: ':443'}}\nproviders: {file: {directory: /etc/traefik/dynamic, watch: true}}\n",
    });
    const run = await runCli(
      [
        "render",
        "--config",
        join(EXAMPLE_REPO, "phoenix-mesh.yaml"),
        "--static",
        join(dir, "traefik.yml"),
        "--out",
        join(dir, "o.yml"),
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /error: traefik.yml:1:1 \/entryPoints: router "granite-3b" \(and maybe others\) uses entryPoint "web", which traefik.yml does not define \(defined: websecure\)/,
    );
  });
});

it.each([
  ["an empty providers.file", "providers:\n  file:\n"],
  ["providers.file as a string", "providers:\n  file: yes\n"],
  ["an empty providers", "providers:\n"],
])("reports %s as a finding, never a crash (regression: exit 10)", async (_, text) => {
  const { lintStaticConfig } = await import("../../src/domain/traefik/static-lint.js");
  const { checkStaticConfig } = await import("../../src/domain/doctor/static-config.js");
  const lint = lintStaticConfig({
    text: `entryPoints:\n  web: {address: ":80"}\n${text}`,
    file: "traefik.yml",
    dynamic: {},
    outputName: "dynamic_conf.yml",
  });
  expect(
    lint.some((d) => d.severity === "error" && /file provider|providers.file is empty/.test(d.message)),
  ).toBe(true);
  expect(() =>
    checkStaticConfig({
      text: `entryPoints:\n  web: {address: ":80"}\n${text}`,
      path: "/etc/traefik/traefik.yml",
      livePath: "/etc/traefik/dynamic/dynamic_conf.yml",
      dynamic: {},
      facts: { version: "3.6.12", apiError: undefined, fileProviderAlive: undefined },
    }),
  ).not.toThrow();
});

describe("keys in any case, as Traefik reads them (paerser: strings.EqualFold)", () => {
  const lint = async (text: string, dynamic = {}) =>
    (await import("../../src/domain/traefik/static-lint.js")).lintStaticConfig({
      text,
      file: "traefik.yml",
      dynamic,
      outputName: "dynamic_conf.yml",
    });

  it("knows static and dynamic keys whatever their case", async () => {
    expect(
      await lint(
        "ENTRYPOINTS:\n  web: {address: ':80'}\nProviders:\n  FILE: {DIRECTORY: /d, WATCH: true}\nAccessLog: {}\n",
      ),
    ).toEqual([]);
    expect(
      (await lint("Providers:\n  file: {directory: /d, watch: true}\nHTTP: {}\nEntrypoint: {}\n")).map(
        (d) => [d.code, d.line],
      ),
    ).toEqual([
      ["static-dynamic-key", 3],
      ["static-unknown-key", 4],
    ]);
  });

  it("places each file provider finding on the key as the file spells it", async () => {
    const found = await lint("Providers:\n  File:\n    Directory: /d\n    FileName: /d/x.yml\n");
    expect(found.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ["static-directory-and-filename", "/Providers/File/FileName", 4],
      ["static-no-watch", "/Providers/File", 2],
    ]);
    const mismatch = await lint("Providers:\n  File:\n    Filename: /d/other.yml\n    Watch: true\n");
    expect(mismatch.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ["static-filename-mismatch", "/Providers/File/Filename", 3],
    ]);
    const empty = await lint("Providers:\n  File: {}\n");
    expect(empty.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ["static-empty-file-provider", "/Providers/File", 2],
    ]);
  });

  it("places a missing entryPoint or resolver on the section as the file spells it", async () => {
    const dynamic = {
      http: {
        routers: {
          r: { rule: "Host(`a`)", service: "s", entryPoints: ["websecure"], tls: { certResolver: "step" } },
        },
      },
    };
    const found = await lint(
      "Providers:\n  File: {Directory: /d, Watch: true}\nEntryPoints:\n  web: {address: ':80'}\nCertificatesResolvers: {}\n",
      dynamic,
    );
    expect(found.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ["static-entrypoint-missing", "/EntryPoints", 3],
      ["static-resolver-missing", "/CertificatesResolvers", 5],
    ]);
  });
});

describe("each lint finding, in full", () => {
  const lint = async (text: string, dynamic = {}, outputName = "dynamic_conf.yml") =>
    (await import("../../src/domain/traefik/static-lint.js")).lintStaticConfig({
      text,
      file: "traefik.yml",
      dynamic,
      outputName,
    });
  const provider = "providers:\n  file: {directory: /etc/traefik/dynamic, watch: true}\n";

  // The top-level fields of static.Configuration (pkg/config/static/static_config.go at v3.6.12).
  it("knows every top-level key of Traefik v3's static configuration", async () => {
    const keys = [
      "global",
      "serversTransport",
      "tcpServersTransport",
      "entryPoints",
      "api",
      "metrics",
      "ping",
      "log",
      "accessLog",
      "tracing",
      "hostResolver",
      "certificatesResolvers",
      "experimental",
      "core",
      "spiffe",
      "ocsp",
    ];
    expect(await lint(`${provider}${keys.map((k) => `${k}: {}`).join("\n")}\n`)).toEqual([]);
  });

  it.each(["http", "tcp", "udp", "tls", "serversTransports", "routers", "services", "middlewares"])(
    "calls %s dynamic configuration that Traefik ignores here",
    async (key) => {
      expect(await lint(`${provider}${key}: {}\n`)).toEqual([
        {
          severity: "warning",
          code: "static-dynamic-key",
          message: `"${key}" is dynamic configuration; Traefik ignores it in the static file`,
          file: "traefik.yml",
          pointer: `/${key}`,
          line: 3,
          column: 1,
          hint: "move it into the dynamic file (for phoenix-mesh: routes, middlewares or backend_tls in phoenix-mesh.yaml)",
        },
      ]);
    },
  );

  it("calls a key Traefik does not know unknown, with no hint to invent", async () => {
    expect(await lint(`${provider}entrypoint: {}\n`)).toEqual([
      {
        severity: "warning",
        code: "static-unknown-key",
        message: '"entrypoint" is not a Traefik v3 static configuration key',
        file: "traefik.yml",
        pointer: "/entrypoint",
        line: 3,
        column: 1,
      },
    ]);
  });

  it("reports each missing entryPoint and resolver once, however many routers use it", async () => {
    const router = {
      rule: "Host(`a`)",
      service: "s",
      entryPoints: ["websecure", "web"],
      tls: { certResolver: "step" },
    };
    const dynamic = { http: { routers: { a: router, b: router } } };
    const found = await lint(`entryPoints:\n  web: {address: ':80'}\n${provider}`, dynamic);
    expect(found).toEqual([
      {
        severity: "error",
        code: "static-entrypoint-missing",
        message:
          'router "a" (and maybe others) uses entryPoint "websecure", which traefik.yml does not define (defined: web)',
        file: "traefik.yml",
        pointer: "/entryPoints",
        line: 1,
        column: 1,
        hint: "add entryPoints.websecure to traefik.yml, or set entry_points in phoenix-mesh.yaml",
      },
      {
        severity: "error",
        code: "static-resolver-missing",
        message:
          'router "a" uses certResolver "step", which traefik.yml does not define (Traefik only logs this)',
        file: "traefik.yml",
        pointer: "/certificatesResolvers",
        line: 1,
        column: 1,
        hint: "add certificatesResolvers.step to traefik.yml, or change tls.cert_resolver in phoenix-mesh.yaml",
      },
    ]);
  });

  it("says there is no file provider, pointing at providers when there is one", async () => {
    expect(await lint("entryPoints: {}\nproviders:\n  docker: {}\n")).toEqual([
      {
        severity: "error",
        code: "static-no-file-provider",
        message: "there is no file provider, so Traefik never reads the rendered file",
        file: "traefik.yml",
        pointer: "/providers",
        line: 2,
        column: 1,
        hint: "add providers.file.directory: /etc/traefik/dynamic and providers.file.watch: true",
      },
    ]);
  });

  it("says an empty file provider reads nothing", async () => {
    expect(await lint("providers:\n  file: {watch: true}\n")).toEqual([
      {
        severity: "error",
        code: "static-empty-file-provider",
        message:
          "providers.file is empty: it names neither a directory nor a filename, so Traefik reads no file",
        file: "traefik.yml",
        pointer: "/providers/file",
        line: 2,
        column: 3,
        hint: "add providers.file.directory: /etc/traefik/dynamic and providers.file.watch: true",
      },
    ]);
  });

  it("warns that filename is ignored beside directory, and checks filename by its base name", async () => {
    expect(
      await lint("providers:\n  file:\n    directory: /d\n    filename: /d/x.yml\n    watch: true\n"),
    ).toEqual([
      {
        severity: "warning",
        code: "static-directory-and-filename",
        message:
          'providers.file sets both directory and filename; Traefik uses the directory and ignores filename "/d/x.yml"',
        file: "traefik.yml",
        pointer: "/providers/file/filename",
        line: 4,
        column: 5,
        hint: "remove filename",
      },
    ]);
    expect(
      await lint("providers:\n  file: {filename: /etc/traefik/dynamic_conf.yml, watch: true}\n"),
    ).toEqual([]);
    expect(await lint("providers:\n  file: {filename: /etc/traefik/other.yml, watch: true}\n")).toEqual([
      {
        severity: "error",
        code: "static-filename-mismatch",
        message:
          'providers.file.filename is "/etc/traefik/other.yml" but the rendered file is "dynamic_conf.yml"',
        file: "traefik.yml",
        pointer: "/providers/file/filename",
        line: 2,
        column: 10,
        hint: "rename the output or point filename at it",
      },
    ]);
    expect(await lint("providers:\n  file: {filename: dynamic_conf.yml, watch: true}\n")).toEqual([]);
  });

  it("refuses an output a directory provider would skip, by its extension in any case", async () => {
    expect(await lint(provider, {}, "dynamic_conf.YAML")).toEqual([]);
    expect(await lint(provider, {}, "dynamic_conf.toml")).toEqual([]);
    expect(await lint(provider, {}, "dynamic_conf.yml.bak")).toEqual([
      {
        severity: "error",
        code: "static-extension",
        message:
          'the file provider reads only .yml, .yaml and .toml files from a directory; "dynamic_conf.yml.bak" would be ignored',
        file: "traefik.yml",
        pointer: "/providers/file/directory",
        line: 2,
        column: 10,
      },
    ]);
    // With filename, Traefik reads the file whatever its name.
    expect(
      await lint(
        "providers:\n  file: {filename: /d/dynamic_conf.json, watch: true}\n",
        {},
        "dynamic_conf.json",
      ),
    ).toEqual([]);
  });
});

it("takes watch given as text as Traefik does (strconv.ParseBool), and warns for anything else", async () => {
  const { lintStaticConfig } = await import("../../src/domain/traefik/static-lint.js");
  const lint = (watch: string) =>
    lintStaticConfig({
      text: `providers:\n  file: {directory: /d, watch: ${watch}}\n`,
      file: "t.yml",
      dynamic: {},
      outputName: "d.yml",
    }).map((d) => d.code);
  for (const on of ['"true"', "'TRUE'", '"t"', '"1"', "1", "true"]) expect(lint(on), on).toEqual([]);
  for (const off of ['"yes"', "false", '"on"', "2", "0"]) expect(lint(off), off).toEqual(["static-no-watch"]);
});
