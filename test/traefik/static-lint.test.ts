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
