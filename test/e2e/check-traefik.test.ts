/** `check --traefik BIN`: the pinned Traefik, started on loopback by the command itself, judges the files. */
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { expect, it } from "vitest";
import { judgeWithTraefik } from "../../src/adapters/traefik-binary/judge.js";
import { runCli } from "../support/cli.js";
import { tempDir, writeFiles } from "../support/fixtures.js";
import { describeWithTraefik } from "./support/traefik.js";

describeWithTraefik("check --traefik", (bin) => {
  it("reports Traefik's own verdict: exit 0 for a file it loads, 2 with its words for one it disables", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "traefik.yml": "entryPoints:\n  web: {address: ':80'}\n  dns: {address: ':53/udp'}\n",
      "good.toml":
        '[http.routers.app]\nrule = "Host(`app.lan`)"\nservice = "app"\n[[http.services.app.loadBalancer.servers]]\nurl = "http://127.0.0.1:9"\n[udp.routers.dns]\nservice = "dns"\n[[udp.services.dns.loadBalancer.servers]]\naddress = "127.0.0.1:53"\n',
      "bad/a.yml": "http:\n  routers:\n    app:\n      rule: Host(`app.lan`)\n      service: missing\n",
      "bad/b.yml":
        "tcp:\n  routers:\n    db:\n      rule: HostSNI(`*.lan`)\n      service: pg\n      tls: {}\n  services:\n    pg:\n      loadBalancer: {servers: [{address: '127.0.0.1:9'}]}\n",
    });
    const good = await runCli(["check", "good.toml", "--static", "traefik.yml", "--traefik", bin, "--json"], {
      cwd: dir,
    });
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      ok: true,
      judge: expect.stringMatching(/^Traefik v3\.6\.12/),
    });

    const bad = await runCli(["check", "bad", "--traefik", bin], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${join("bad", "a.yml")}: Traefik disables router "app": the service "missing@file" does not exist`,
    );
    expect(bad.stderr).toMatch(
      /bad\/b\.yml: Traefik disables TCP router "db": .*"\*\.lan" is not a valid hostname/,
    );
  });

  it("says so when Traefik refuses a file outright, naming the file", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "typo.yml": "http:\n  middlewares:\n    strip:\n      stripPrefix:\n        prefixs: [/api]\n",
    });
    const run = await runCli(["check", "typo.yml", "--traefik", bin], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("typo.yml: Traefik refuses the files: field not found, node: prefixs");
  });

  it("explains a binary that is not there", async () => {
    const dir = await tempDir();
    await writeFiles(dir, { "d.yml": "http: {}\n" });
    const run = await runCli(["check", "d.yml", "--traefik", "/nonexistent/traefik"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot run /nonexistent/traefik");
  });
});

describeWithTraefik("check --traefik's judge, when its ports are taken", (bin) => {
  const file = {
    path: "d.yml",
    text: "http:\n  routers:\n    r: {rule: 'Host(`a.lan`)', service: s}\n  services:\n    s: {loadBalancer: {servers: [{url: 'http://127.0.0.1:9'}]}}\n",
  };
  const onlyWeb = new Map([["web", "tcp" as const]]);

  it("tries once more on fresh ports when another process took one between choice and start", async () => {
    const taken = await listen();
    try {
      let calls = 0;
      const facts = await judgeWithTraefik({
        binary: bin,
        files: [file],
        entryPoints: onlyWeb,
        choosePorts: async (n) => (++calls === 1 ? Array(n).fill(taken.port) : freshPorts(n)),
      });
      expect(calls).toBe(2);
      expect(facts.rawdata["routers"]?.["r@file"]).toMatchObject({ status: "enabled" });
    } finally {
      await taken.close();
    }
  });

  it("gives Traefik's own reason, from its log, when the second try fails too", async () => {
    const taken = await listen();
    try {
      const judged = judgeWithTraefik({
        binary: bin,
        files: [file],
        entryPoints: onlyWeb,
        choosePorts: (n) => Promise.resolve(Array(n).fill(taken.port) as number[]),
      });
      await expect(judged).rejects.toThrow(
        /Traefik exited before reading the files: .*address already in use/,
      );
    } finally {
      await taken.close();
    }
  });
});

async function listen(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function freshPorts(n: number): Promise<number[]> {
  const held = await Promise.all(Array.from({ length: n }, listen));
  await Promise.all(held.map((h) => h.close()));
  return held.map((h) => h.port);
}
