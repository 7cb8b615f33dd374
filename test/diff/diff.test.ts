import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/domain/diff/unified.js";
import { runCli } from "../support/cli.js";
import { EXAMPLE_REPO, tempDir } from "../support/fixtures.js";

const EXAMPLE_OUTPUT = join(EXAMPLE_REPO, "traefik/dynamic/dynamic_conf.yml");

describe("diff", () => {
  async function changed(edit: (text: string) => string): Promise<string> {
    const dir = await tempDir();
    await writeFile(join(dir, "new.yml"), edit(await readFile(EXAMPLE_OUTPUT, "utf8")));
    return join(dir, "new.yml");
  }

  it("says host by host what changes, in text", async () => {
    const file = await changed((t) =>
      t
        .replace("10.0.0.141:8000", "10.0.0.99:8000")
        .replace("Host(`ollama-gpu0.internal.example.lan`)", "Host(`ollama.internal.example.lan`)"),
    );
    const run = await runCli(["diff", EXAMPLE_OUTPUT, file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("1 host added, 1 removed, 1 changed");
    expect(run.stdout).toContain(
      "~ granite-embedding.internal.example.lan: http://10.0.0.141:8000 [web] → http://10.0.0.99:8000 [web]",
    );
    expect(run.stdout).toContain("- ollama-gpu0.internal.example.lan: http://10.0.0.155:11434 [web]");
    expect(run.stdout).toContain("+ ollama.internal.example.lan: http://10.0.0.155:11434 [web]");
    expect(run.stdout).toContain("routers: changed ollama-gpu0");
    expect(run.stdout).toContain("services: changed granite-embedding");
  });

  it("prints markdown and json, and --exit-code exits 1 only when routing differs", async () => {
    const file = await changed((t) => t.replace("10.0.0.141:8000", "10.0.0.99:8000"));
    const md = await runCli(["diff", "--format", "markdown", EXAMPLE_OUTPUT, file]);
    // The same review a pull request shows: what changed, where it comes from, no link to a private IP.
    expect(md.stdout).toContain(
      "| `granite-embedding.internal.example.lan` | `address 10.0.0.141 → 10.0.0.99` | `http://10.0.0.99:8000 [web]` | LXC 801 granite-embedding (traefik\\_service) |",
    );
    expect(md.stdout).toContain("**Plan:** 0 to add, 1 to change, 0 to remove · 4 hosts unchanged.");
    const json = JSON.parse((await runCli(["diff", "--format", "json", EXAMPLE_OUTPUT, file])).stdout) as {
      summary: unknown;
    };
    expect(json.summary).toEqual({ added: 0, removed: 0, changed: 1 });
    expect((await runCli(["diff", "--exit-code", EXAMPLE_OUTPUT, file])).code).toBe(1);
    // A new revision marker and reordered keys are no routing change.
    const same = await changed((t) =>
      t.replace(/phoenix-mesh-revision-[0-9a-f]{12}/, "phoenix-mesh-revision-000000000000"),
    );
    const run = await runCli(["diff", "--exit-code", EXAMPLE_OUTPUT, same]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("no routing changes\n");
  });

  it("compares with the committed file at --ref", async () => {
    const dir = await tempDir();
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir });
    git("init", "-q");
    await writeFile(join(dir, "routes.yml"), await readFile(EXAMPLE_OUTPUT, "utf8"));
    git("add", ".");
    git("commit", "-q", "-m", "routes");
    await writeFile(
      join(dir, "routes.yml"),
      (await readFile(EXAMPLE_OUTPUT, "utf8")).replace("10.0.0.141:8000", "10.0.0.99:8000"),
    );
    const run = await runCli(["diff", "--ref", "HEAD", join(dir, "routes.yml")], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("~ granite-embedding.internal.example.lan");
  });

  it("refuses a file that is not a dynamic configuration, with its position", async () => {
    const file = await changed(() => "http:\n  routers: [\n");
    const run = await runCli(["diff", EXAMPLE_OUTPUT, file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/new.yml:\d+:\d+: the output is not valid YAML/);
  });
});

describe("unified diff", () => {
  it("is a patch that turns the old text into the new one (checked with patch(1))", async () => {
    const dir = await tempDir();
    const lines = fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f", "  x: 1", ""), { maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(lines, lines, async (a, b) => {
        const oldText = a.length === 0 ? "" : `${a.join("\n")}\n`;
        const newText = b.length === 0 ? "" : `${b.join("\n")}\n`;
        const diff = unifiedDiff(oldText, newText, { old: "o", new: "n" })!;
        if (oldText === newText) {
          expect(diff).toBe("");
          return;
        }
        await writeFile(join(dir, "file"), oldText);
        await writeFile(join(dir, "p.diff"), diff);
        execFileSync("patch", ["-s", "-f", join(dir, "file"), join(dir, "p.diff")]);
        expect(await readFile(join(dir, "file"), "utf8")).toBe(newText);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it("changes as few lines as can be (as many as diff --minimal), and shows 3 lines of context", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "d", "x"), { maxLength: 40 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const oldText = a.length === 0 ? "" : `${a.join("\n")}\n`;
        const newText = b.length === 0 ? "" : `${b.join("\n")}\n`;
        const ours = unifiedDiff(oldText, newText, { old: "o", new: "n" })!;
        const changed = (diff: string) =>
          diff.split("\n").filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l)).length;
        const dir = mkdtempSync(join(tmpdir(), "minimal-"));
        try {
          writeFileSync(join(dir, "o"), oldText);
          writeFileSync(join(dir, "n"), newText);
          const gnu = spawnSync("diff", ["--minimal", "-u", join(dir, "o"), join(dir, "n")], {
            encoding: "utf8",
          });
          expect(changed(ours)).toBe(changed(gnu.stdout));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it("merges changes up to 6 equal lines apart into one hunk, and splits them at 7", () => {
    const text = (n: number, changed: boolean) =>
      ["A", ...Array.from({ length: n }, (_, i) => `same ${i}`), changed ? "Z" : "B", ""].join("\n");
    const hunks = (n: number) =>
      (
        unifiedDiff(text(n, false).replace("A", "a"), text(n, true).replace("A", "a2"), {
          old: "o",
          new: "n",
        })!.match(/^@@/gm) ?? []
      ).length;
    expect(hunks(6)).toBe(1);
    expect(hunks(7)).toBe(2);
  });

  it("writes hunk ranges as diff -u does: no count for one line, the line before for none", () => {
    expect(unifiedDiff("a\n", "b\n", { old: "o", new: "n" })).toBe("--- o\n+++ n\n@@ -1 +1 @@\n-a\n+b\n");
    expect(unifiedDiff("", "a\nb\n", { old: "o", new: "n" })).toBe("--- o\n+++ n\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(unifiedDiff("x\ny\n", "x\n", { old: "o", new: "n" })).toBe(
      "--- o\n+++ n\n@@ -1,2 +1 @@\n x\n-y\n",
    );
    expect(unifiedDiff("same\n", "same\n", { old: "o", new: "n" })).toBe("");
  });

  it("gives up past its edit budget", () => {
    expect(unifiedDiff("a\nb\nc\n", "x\ny\nz\n", { old: "o", new: "n" }, 3, 5)).toBeUndefined();
    expect(unifiedDiff("a\nb\nc\n", "x\ny\nz\n", { old: "o", new: "n" }, 3, 6)).toBeDefined();
  });
});

it("keeps the line of git's output that says what is wrong (regression: only the last lines were kept)", async () => {
  const { gitReason } = await import("../../src/adapters/git/config-repo.js");
  const out = [
    "fatal: 'origin' does not appear to be a git repository",
    "fatal: Could not read from remote repository.",
    "",
    "Please make sure you have the correct access rights",
    "and the repository exists.",
  ].join("\n");
  expect(gitReason(out)).toBe(
    "fatal: 'origin' does not appear to be a git repository fatal: Could not read from remote repository.",
  );
  expect(gitReason("one\ntwo\nthree\nfour")).toBe("two three four");
});

describe("diff reads every part of a dynamic file", () => {
  async function diffOf(before: string, after: string, ...args: string[]) {
    const dir = await tempDir();
    await writeFile(join(dir, "old.yml"), before);
    await writeFile(join(dir, "new.yml"), after);
    return runCli(["diff", join(dir, "old.yml"), join(dir, "new.yml"), ...args]);
  }

  const tcp = (address: string) =>
    `tcp:\n  routers:\n    db:\n      rule: HostSNI(\`db.lan\`)\n      service: pg\n      tls: {passthrough: true}\n  services:\n    pg:\n      loadBalancer:\n        servers:\n          - address: ${address}\n`;

  it("sees a TCP backend change (regression: 'no routing changes')", async () => {
    const run = await diffOf(tcp("10.0.0.6:5432"), tcp("10.0.0.7:5432"), "--exit-code");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "~ tcp://db.lan: 10.0.0.6:5432 [] (tls passthrough) → 10.0.0.7:5432 [] (tls passthrough)",
    );
    expect(run.stdout).toContain("tcp.services: changed pg");
  });

  it("sees UDP routes and TLS options", async () => {
    const udp = (port: number) =>
      `udp:\n  routers:\n    dns:\n      service: dns\n  services:\n    dns:\n      loadBalancer:\n        servers:\n          - address: 10.0.0.13:${port}\ntls:\n  options:\n    modern:\n      minVersion: VersionTLS1${port === 53 ? 2 : 3}\n`;
    const run = await diffOf(udp(53), udp(5353));
    expect(run.stdout).toContain("~ udp://[dns]: 10.0.0.13:53 [] → 10.0.0.13:5353 []");
    expect(run.stdout).toContain("tls.options: changed modern");
  });

  it("compares every router of a host, a path router and a weight included (regression: only the first router per host)", async () => {
    const file = (weight: number, apiPort: number) => `http:
  routers:
    app:
      rule: Host("app.lan")
      service: canary
    app-api:
      rule: Host(\`app.lan\`) && PathPrefix(\`/api\`)
      service: api
  services:
    canary:
      weighted:
        services: [{name: api, weight: ${weight}}]
    api:
      loadBalancer: {servers: [{url: "http://10.0.0.5:${apiPort}"}]}
`;
    const run = await diffOf(file(1, 80), file(3, 81));
    expect(run.stdout).toContain("0 hosts added, 0 removed, 2 changed");
    expect(run.stdout).toContain("~ app.lan: api×1 [] → api×3 []");
    expect(run.stdout).toContain("~ app.lan/api: http://10.0.0.5:80 [] → http://10.0.0.5:81 []");
  });
});
