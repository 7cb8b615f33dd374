/**
 * One settings table: every command's flags come from it, one precedence rule resolves them, and
 * no environment variable name or default is written anywhere else in src/.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { resolveSetting, resolveSettings } from "../../src/adapters/settings/resolve.js";
import { COMMAND_SETTINGS, SETTINGS, type SettingName } from "../../src/adapters/settings/table.js";
import { runCli } from "../support/cli.js";
import { PROJECT_ROOT, tempDir, writeFiles } from "../support/fixtures.js";

/** The help text of one command, as a user sees it. */
async function helpOf(command: string[]): Promise<string> {
  let out = "";
  await main([...command, "--help"], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    env: {},
    cwd: "/",
  });
  return out.replace(/\s+/g, " "); // commander wraps at any word
}

/** A file value for a setting, nested at its dotted key. */
function fileContent(key: string, value: unknown): Record<string, unknown> {
  return key
    .split(".")
    .reverse()
    .reduce<unknown>((v, k) => ({ [k]: v }), value) as Record<string, unknown>;
}

const sample = (name: SettingName, layer: string): string | number => {
  switch (SETTINGS[name].type) {
    case "seconds":
      return { flag: 3, env: 4, file: 5 }[layer] ?? 6;
    case "url":
    case "urls":
      return `http://127.0.0.${{ flag: 1, env: 2, file: 3 }[layer] ?? 4}:8080`;
    case "reload":
      return { flag: "restart", env: "sighup", file: "sighup" }[layer] ?? "watch";
    default:
      return `${layer}-value`;
  }
};

describe("the settings table", () => {
  for (const [command, names] of Object.entries(COMMAND_SETTINGS)) {
    it(`gives ${command} a flag for each of its settings, naming its variable, key and default`, async () => {
      const help = await helpOf(command === "hook" ? ["hook", "install"] : [command]);
      for (const name of names as readonly SettingName[]) {
        const spec = SETTINGS[name] as (typeof SETTINGS)[SettingName] & {
          env?: string;
          file?: string;
          default?: string | number;
          flag?: string;
        };
        const long = /--[a-z-]+/.exec(spec.flag ?? "")?.[0];
        expect(long, `${name} has a flag`).toBeDefined();
        expect(help, `${command} ${long}`).toContain(long);
        if (spec.env !== undefined) expect(help, `${command}: ${spec.env}`).toContain(spec.env);
        if (spec.file !== undefined) expect(help, `${command}: ${spec.file}`).toContain(spec.file);
        if (spec.default !== undefined)
          expect(help, `${command}: default of ${name}`).toContain(`default ${spec.default}`);
      }
    });
  }

  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const spec = SETTINGS[name] as { env?: string; file?: string; flag?: string; default?: unknown };
    it(`resolves ${name} as flag > environment > settings file > default`, () => {
      const layers = {
        flags: spec.flag === undefined ? {} : { [name]: sample(name, "flag") },
        env: spec.env === undefined ? {} : { [spec.env]: String(sample(name, "env")) },
        file:
          spec.file === undefined
            ? undefined
            : { path: "/repo/phoenix-mesh.yaml", content: fileContent(spec.file, sample(name, "file")) },
      };
      const expectFrom = (
        input: { flags: object; env: Record<string, string>; file: typeof layers.file },
        origin: string,
      ) => {
        const got = resolveSetting(name, { ...input, cwd: "/work" });
        expect(got.origin, name).toBe(origin);
        if (SETTINGS[name].type === "path") expect(String(got.value)).toContain(String(sample(name, origin)));
        // The environment is text; the resolver's callers convert it (seconds, counts).
        else if (origin !== "default") expect(String(got.value)).toBe(String(sample(name, origin)));
      };
      if (spec.flag !== undefined) expectFrom(layers, "flag");
      if (spec.env !== undefined) expectFrom({ ...layers, flags: {} }, "env");
      if (spec.file !== undefined) expectFrom({ flags: {}, env: {}, file: layers.file }, "file");
      const none = resolveSetting(name, { flags: {}, env: {}, file: undefined, cwd: "/work" });
      expect(none.origin).toBe("default");
      expect(none.value === undefined, name).toBe(spec.default === undefined);
    });
  }

  it("resolves paths from the settings file against its folder, from flags against the working directory", () => {
    const file = { path: "/repo/conf/phoenix-mesh.yaml", content: { output: "out/dyn.yml" } };
    expect(resolveSetting("output", { flags: {}, env: {}, file, cwd: "/work" }).value).toBe(
      "/repo/conf/out/dyn.yml",
    );
    expect(resolveSetting("output", { flags: { output: "x.yml" }, env: {}, file, cwd: "/work" }).value).toBe(
      "/work/x.yml",
    );
    // The default output lives beside the settings file, like any path the file would give.
    expect(
      resolveSetting("output", { flags: {}, env: {}, file: { ...file, content: {} }, cwd: "/work" }).value,
    ).toBe("/repo/conf/dynamic_conf.yml");
  });

  it("reports a malformed value with where it came from, instead of using it", () => {
    const { problems } = resolveSettings({
      flags: {},
      env: { [SETTINGS.traefikApi.env]: "not-a-url" },
      file: { path: "/r/phoenix-mesh.yaml", content: { deploy: { timeout: -1 } } },
      cwd: "/r",
    });
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining(`${SETTINGS.traefikApi.env} = "not-a-url"`),
      expect.stringContaining("deploy.timeout"),
    ]);
    expect(problems[1]).toMatchObject({ file: "/r/phoenix-mesh.yaml", pointer: "/deploy/timeout" });
  });

  describe("a list of Traefik APIs (several instances serving one file)", () => {
    const apis = (input: Partial<Parameters<typeof resolveSettings>[0]>) =>
      resolveSettings({ flags: {}, env: {}, file: undefined, cwd: "/r", ...input });
    const A = "http://127.0.0.1:8080";
    const B = "http://127.0.0.2:8080";

    it("takes one or several from each layer, the flag given once per instance", () => {
      expect(apis({}).settings.traefikApis).toEqual([]);
      expect(apis({ flags: { traefikApi: [A, B] } }).settings.traefikApis).toEqual([A, B]);
      expect(apis({ env: { PHOENIX_MESH_TRAEFIK_API: A } }).settings.traefikApis).toEqual([A]);
      // Spaces, commas or both between them, and none left over at either end.
      expect(apis({ env: { PHOENIX_MESH_TRAEFIK_API: ` ${A}, ${B},` } }).settings.traefikApis).toEqual([
        A,
        B,
      ]);
      expect(apis({ env: { PHOENIX_MESH_TRAEFIK_API: `${A},${B}` } }).settings.traefikApis).toEqual([A, B]);
      const file = (value: unknown) => ({
        path: "/r/phoenix-mesh.yaml",
        content: { deploy: { traefik_api: value } } as never,
      });
      expect(apis({ file: file(A) }).settings.traefikApis).toEqual([A]);
      expect(apis({ file: file([A, B]) }).settings.traefikApis).toEqual([A, B]);
      // One layer wins whole: a flag's list is not merged with the file's.
      expect(apis({ flags: { traefikApi: [B] }, file: file([A, B]) }).settings.traefikApis).toEqual([B]);
    });

    it("refuses a bad or repeated one, naming it, and keeps none of the list", () => {
      const bad = apis({ flags: { traefikApi: [A, "ftp://x"] } });
      expect(bad.problems.map((p) => p.message)).toEqual([
        `--api = ${JSON.stringify([A, "ftp://x"])}: "ftp://x" (#2): expected an http:// or https:// URL, e.g. http://10.0.0.12:8080`,
      ]);
      expect(bad.settings.traefikApis).toEqual([]);
      const twice = apis({ env: { PHOENIX_MESH_TRAEFIK_API: `${A} ${B} ${A}` } });
      expect(twice.problems.map((p) => p.message)).toEqual([
        `PHOENIX_MESH_TRAEFIK_API = ${JSON.stringify([A, B, A])}: "${A}" is given twice`,
      ]);
      expect(
        apis({ file: { path: "/r/p.yaml", content: { deploy: { traefik_api: [] } } } }).problems[0]?.message,
      ).toContain("expected at least one URL");
      // A list where a setting takes one value.
      expect(apis({ flags: { timeout: ["3"] as never } }).problems[0]?.message).toContain(
        "expected one value, not a list",
      );
    });

    it("checks every --api given on the command line, not only the first", async () => {
      const run = await runCli(["verify", "--api", A, "--api", "not-a-url", "--file", "x.yml"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--api");
    });
  });

  it("refuses a malformed --api at flag parsing, as a usage error (exit 2)", async () => {
    const run = await runCli(["verify", "--api", "not-a-url", "--file", "x.yml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--api");
  });

  it("reads a malformed value from the settings file as a usage error naming file:line", async () => {
    const dir = await tempDir();
    await writeFiles(dir, { "phoenix-mesh.yaml": "deploy:\n  traefik_api: ftp://x\n" });
    const run = await runCli(["verify", "--file", "x.yml"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/phoenix-mesh\.yaml:2:\d+/);
    expect(run.stderr).toContain("/deploy/traefik_api");
  });
});

describe("no setting outside the table", () => {
  async function sources(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) out.push(...(await sources(p)));
      else if (p.endsWith(".ts")) out.push(p);
    }
    return out;
  }

  it("names no environment variable and reads no process environment outside adapters/settings/table.ts", async () => {
    const offenders: string[] = [];
    for (const file of await sources(join(PROJECT_ROOT, "src"))) {
      const rel = relative(PROJECT_ROOT, file);
      if (rel === "src/adapters/settings/table.ts" || rel.startsWith("src/generated/")) continue;
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        if (/^\s*(\*|\/\/)/.test(line)) return; // comments may name them
        // The action's INPUT_* variables are its contract with action.yml, not settings
        // (test/e2e/action.test.ts holds the two together).
        if (rel === "src/action.ts" && line.includes("`INPUT_")) return;
        if (
          /["'`](PHOENIX_MESH_|GITHUB_)[A-Z_]+/.test(line) ||
          (/process\.env\b/.test(line) && rel !== "src/cli.ts" && rel !== "src/action.ts")
        )
          offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        // Reading a variable by name (writing git's GIT_CONFIG_* for a child process is not reading one).
        if (/\benv\[\s*["'`][^\]]+\](?!\s*=(?!=))/.test(line))
          offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("falls back to no setting's default anywhere else in src/", async () => {
    const defaults = Object.values(SETTINGS)
      .map((s) => (s as { default?: unknown }).default)
      .filter((d) => d !== undefined)
      .map(String);
    const offenders: string[] = [];
    for (const file of await sources(join(PROJECT_ROOT, "src"))) {
      const rel = relative(PROJECT_ROOT, file);
      if (rel === "src/adapters/settings/table.ts" || rel.startsWith("src/generated/")) continue;
      const text = await readFile(file, "utf8");
      for (const d of defaults) {
        const literal = d.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
        // A default in use is a fallback: `?? "watch"`, `|| 15`.
        if (new RegExp(`(\\?\\?|\\|\\|)\\s*(["'\`]${literal}["'\`]|${literal}\\b)`).test(text))
          offenders.push(`${rel}: ${d}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

it("documents every environment variable of the table in the README", async () => {
  const readme = await readFile(join(PROJECT_ROOT, "README.md"), "utf8");
  const missing = Object.values(SETTINGS)
    .map((s) => (s as { env?: string }).env)
    .filter((env): env is string => env !== undefined && !readme.includes(`\`${env}\``));
  expect(missing).toEqual([]);
});

describe("PHOENIX_MESH_SSH_OPTIONS", () => {
  const split = (text: string) =>
    resolveSettings({ flags: {}, env: { [SETTINGS.sshOptions.env]: text }, file: undefined, cwd: "/" });
  it("is split the way a shell splits words, quotes honoured (regression: split on spaces)", () => {
    expect(split('-i /root/.ssh/deploy -o "ProxyCommand=ssh -W %h:%p jump"').settings.sshOptions).toEqual([
      "-i",
      "/root/.ssh/deploy",
      "-o",
      "ProxyCommand=ssh -W %h:%p jump",
    ]);
    expect(
      split("-o 'UserKnownHostsFile=/etc/phoenix known_hosts' -o StrictHostKeyChecking=yes").settings
        .sshOptions,
    ).toEqual(["-o", "UserKnownHostsFile=/etc/phoenix known_hosts", "-o", "StrictHostKeyChecking=yes"]);
  });
  it("expands nothing and refuses shell operators", () => {
    expect(split("-i $HOME/key").settings.sshOptions).toEqual(["-i", "$HOME/key"]);
    expect(split("-v; rm -rf /").problems.map((p) => p.message)).toEqual([
      expect.stringContaining("a shell operator (;) is not allowed here"),
    ]);
  });
});
