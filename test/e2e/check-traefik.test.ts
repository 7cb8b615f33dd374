/** `check --traefik BIN`: the pinned Traefik, started on loopback by the command itself, judges the files. */
import { join } from "node:path";
import { expect, it } from "vitest";
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
