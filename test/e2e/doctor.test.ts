/**
 * doctor against the stand-in LXC 102 (the Phoenix static configs and unit inside it) and the real
 * Traefik watching its dynamic folder.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, afterEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import {
  EXAMPLE_REPO,
  PHOENIX_FIXTURES,
  PORTS_CONVENTION,
  SERVICE_CONVENTION,
  tempDir,
} from "../support/fixtures.js";
import { createTestCa, startHttpsBackend } from "./support/backends.js";
import { busyboxMissing, createStandInHost, type StandInHost } from "./support/container.js";
import { waitFor } from "./support/ports.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const TARGET = "pct://102/etc/traefik/dynamic/dynamic_conf.yml";
const CLEAN_UNIT =
  "[Unit]\nDescription=Traefik\n\n[Service]\nType=notify\nExecStart=/usr/local/bin/traefik --configfile=/etc/traefik/traefik.yml\nRestart=always\nRestartSec=2\n\n[Install]\nWantedBy=multi-user.target\n";

/** A systemctl for the stand-in container: `cat` prints the unit as systemctl does; the rest is logged. */
const SYSTEMCTL = `#!/bin/sh
echo "$*" >> /var/log/systemctl.log
case "$1" in
  cat) [ -f /etc/systemd/system/$2.service ] || exit 1; echo "# /etc/systemd/system/$2.service"; cat /etc/systemd/system/$2.service
       for d in /etc/systemd/system/$2.service.d/*.conf; do [ -f "$d" ] && { echo; echo "# $d"; cat "$d"; }; done; exit 0 ;;
  daemon-reload|restart) exit 0 ;;
  *) exit 1 ;;
esac
`;

describeWithTraefik(
  "doctor",
  (bin) => {
    let host: StandInHost;
    let traefik: RunningTraefik | undefined;

    async function container(staticConfig: string, unit: string): Promise<void> {
      host = await createStandInHost();
      await Promise.all(
        ["etc/systemd/system", "var/log", "proc/sys/fs/inotify"].map((d) =>
          mkdir(host.path(d), { recursive: true }),
        ),
      );
      await writeFile(host.path("etc/traefik/traefik.yml"), staticConfig);
      await writeFile(host.path("etc/systemd/system/traefik.service"), unit);
      await writeFile(host.path("bin/systemctl"), SYSTEMCTL);
      await chmod(host.path("bin/systemctl"), 0o755);
      // The container's view of the kernel's limits (a real LXC has /proc mounted).
      await writeFile(host.path("proc/sys/fs/inotify/max_user_watches"), "65536\n");
      await writeFile(host.path("proc/sys/fs/inotify/max_user_instances"), "128\n");
    }

    /**
     * Puts the example's rendered file live and waits until Traefik serves it. Its guests move to
     * loopback (10.0.0.111 → 127.0.0.111: doctor connects to HTTPS backends, and tests never send
     * traffic off this machine), Portainer answers there with the certificate Phoenix gives it
     * (its IP only), and Phoenix's root CA is where the file's transport expects it.
     */
    async function liveFile(
      t: RunningTraefik,
      portainer: { ips?: string[]; dns?: string[]; noCa?: boolean } = {},
    ): Promise<void> {
      const ca = await createTestCa();
      const backend = await startHttpsBackend(
        "portainer",
        "127.0.0.111",
        await ca.issue({
          cn: "portainer.internal.example.lan",
          ips: portainer.ips ?? ["127.0.0.111"],
          ...(portainer.dns === undefined ? {} : { dns: portainer.dns }),
        }),
      );
      if (portainer.noCa !== true) {
        await mkdir(host.path("etc/step-ca/ssl"), { recursive: true });
        await writeFile(host.path("etc/step-ca/ssl/phoenix_root_ca.crt"), await readFile(ca.caCert, "utf8"));
      }
      const text = (await readFile(join(EXAMPLE_REPO, "traefik/dynamic/dynamic_conf.yml"), "utf8"))
        .replace(/\b10\.0\.0\.(\d+)/g, "127.0.0.$1")
        .replace("https://127.0.0.111:9443", `https://127.0.0.111:${backend.port}`);
      await writeFile(join(host.dynamicDir, "dynamic_conf.yml"), text);
      const revision = /# revision: (\w+)/.exec(text)![1]!;
      await waitFor("the file to load", async () =>
        (await (await fetch(`${t.api}/api/http/middlewares`)).text()).includes(revision),
      );
    }

    const doctor = (...args: string[]) =>
      runCli(["doctor", "--target", TARGET, "--api", traefik!.api, "--json", ...args], { env: host.env });
    const findings = (stdout: string) =>
      Object.fromEntries(
        (JSON.parse(stdout) as { findings: { check: string; status: string }[] }).findings
          .filter((f) => f.status !== "ok")
          .map((f) => [f.check, f.status]),
      );

    /** One finding of a --json report, by its check id. */
    const finding = (stdout: string, check: string) =>
      (JSON.parse(stdout) as { findings: { check: string; message: string; fix?: string }[] }).findings.find(
        (f) => f.check === check,
      );
    /** The example's static config and a clean unit in the container, with Traefik watching it. */
    async function cleanSetup(): Promise<RunningTraefik> {
      await container(await readFile(join(EXAMPLE_REPO, "traefik/traefik.yml"), "utf8"), CLEAN_UNIT);
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      return traefik;
    }

    beforeEach(() => {
      traefik = undefined;
    });
    afterEach(async () => {
      await traefik?.stop();
    });

    it.each([
      [
        "2025-10-20",
        PORTS_CONVENTION,
        { "unit.exec-reload": "warning", "unit.type": "warning", "static.dynamic-key": "warning" },
      ],
      [
        "2025-11-04",
        SERVICE_CONVENTION,
        {
          "unit.exec-reload": "warning",
          "unit.type": "warning",
          "static.dynamic-key": "warning",
          "static.directory-and-filename": "warning",
        },
      ],
    ])("finds in Phoenix's %s setup what it deserves, and nothing else", async (_, fixture, expected) => {
      await container(
        await readFile(join(fixture, "traefik.yml"), "utf8"),
        await readFile(join(PHOENIX_FIXTURES, "traefik.service"), "utf8"),
      );
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      await liveFile(traefik);
      const run = await doctor();
      expect(findings(run.stdout), run.stdout).toEqual(expected);
      expect(run.code).toBe(1);
      // Warnings only: the summary is a warning, not an error (regression: "error: 1 errors").
      expect(run.stderr).toMatch(/^warning: \d+ warnings? in LXC 102/m);
      expect(run.stderr).not.toMatch(/^error:/m);
    });

    it("calls pkill -HUP an error when Traefik's file provider failed to start", async () => {
      await container(
        await readFile(join(SERVICE_CONVENTION, "traefik.yml"), "utf8"),
        await readFile(join(PHOENIX_FIXTURES, "traefik.service"), "utf8"),
      );
      // Traefik starts while the dynamic folder is missing: its file provider fails for good.
      const dynamicDir = host.dynamicDir;
      await rm(dynamicDir, { recursive: true });
      traefik = await startTraefik(bin, { dynamicDir, createDynamicDir: false });
      await mkdir(dynamicDir);
      await writeFile(
        join(dynamicDir, "dynamic_conf.yml"),
        await readFile(join(EXAMPLE_REPO, "traefik/dynamic/dynamic_conf.yml"), "utf8"),
      );
      expect(traefik.process.output()).toMatch(/Cannot start the provider|unable to read directory/);
      const run = await doctor();
      expect(run.code).toBe(8);
      expect(findings(run.stdout)).toMatchObject({
        "unit.exec-reload": "error",
        "traefik.file-provider": "error",
      });
    }, 30_000);

    it("finds nothing to warn about in a clean setup", async () => {
      await container(await readFile(join(EXAMPLE_REPO, "traefik/traefik.yml"), "utf8"), CLEAN_UNIT);
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      await liveFile(traefik);
      const run = await doctor();
      expect(findings(run.stdout), run.stdout).toEqual({});
      expect(run.code).toBe(0);
    });

    it("reports a CA file the transport trusts but the container lacks (Traefik answers 500), with the command that copies Phoenix's", async () => {
      await cleanSetup();
      await liveFile(traefik!, { noCa: true });
      const run = await doctor();
      expect(run.code).toBe(8);
      const f = finding(run.stdout, "backend.tls.portainer");
      expect(f?.message).toContain(
        "trusts /etc/step-ca/ssl/phoenix_root_ca.crt, which does not exist in the container",
      );
      expect(f?.fix).toBe(
        "copy Phoenix's root CA there, on the Proxmox host: pct push 102 /mnt/pve/quickOS/lxc-persistent-data/103/ssl/phoenix_root_ca.crt /etc/step-ca/ssl/phoenix_root_ca.crt",
      );
    });

    it("explains a backend certificate Traefik would refuse, naming its SANs and the fix", async () => {
      await cleanSetup();
      // A Docker host's certificate (its FQDN only) where the route reaches it by IP.
      await liveFile(traefik!, { ips: [], dns: ["drphoenix.internal.example.lan"] });
      const run = await doctor();
      expect(run.code).toBe(8);
      const f = finding(run.stdout, "backend.tls.portainer");
      expect(f?.message).toContain(
        'certificate names DNS:drphoenix.internal.example.lan, but Traefik checks "127.0.0.111" (the address in the URL)',
      );
      expect(f?.fix).toContain(
        "backend_tls.routes.portainer: { server_name: drphoenix.internal.example.lan }",
      );
    });

    it("--fix turns Phoenix's unit into one that passes, keeps a backup, reloads systemd, and does not restart Traefik", async () => {
      const phoenixUnit = await readFile(join(PHOENIX_FIXTURES, "traefik.service"), "utf8");
      await container(await readFile(join(EXAMPLE_REPO, "traefik/traefik.yml"), "utf8"), phoenixUnit);
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      await liveFile(traefik);
      const run = await doctor("--fix");
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(findings(run.stdout)).toEqual({});
      const report = JSON.parse(run.stdout) as { changes: string[] };
      const backup = /original kept at (\S+)\)/.exec(report.changes[0]!)![1]!;
      expect(await readFile(host.path(backup), "utf8")).toBe(phoenixUnit);
      expect(await readFile(host.path("var/log/systemctl.log"), "utf8")).toMatch(/daemon-reload\n/);
      expect(await readFile(host.path("var/log/systemctl.log"), "utf8")).not.toMatch(/restart/);
      expect(run.stderr).toMatch(/Traefik was not restarted/);
    });

    it("reports another file that redefines our routers, and a router Traefik disabled with its reason", async () => {
      await container(await readFile(join(EXAMPLE_REPO, "traefik/traefik.yml"), "utf8"), CLEAN_UNIT);
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      await liveFile(traefik);
      await writeFile(
        join(host.dynamicDir, "other.yml"),
        'http:\n  routers:\n    "portainer": {rule: "Host(`x.lan`)", service: "portainer"}\n    "broken": {rule: "Host(`b.lan`)", service: "missing"}\n',
      );
      await waitFor(
        "other.yml to load",
        async () => (await (await fetch(`${traefik!.api}/api/http/routers`)).text()).includes("broken@file"),
        10_000,
      );
      const run = await doctor();
      expect(run.code).toBe(8);
      expect(findings(run.stdout)).toMatchObject({ "dir.collision": "error", "live.routers": "error" });
      expect(run.stdout).toContain(
        'router broken@file is disabled: the service \\"missing@file\\" does not exist',
      );
    });

    it("says LXC 102 is not running (exit 4), and claims nothing about what is inside it", async () => {
      await cleanSetup();
      await liveFile(traefik!);
      await writeFile(join(host.root, "102/stopped"), "");
      const run = await doctor();
      expect(run.code).toBe(4);
      const report = JSON.parse(run.stdout) as { findings: { check: string; status: string }[] };
      expect(report.findings.map((f) => [f.check, f.status])).toEqual([
        ["target.reachable", "error"],
        ["traefik.version", "ok"],
      ]);
      expect(finding(run.stdout, "target.reachable")?.fix).toBe(
        "start it on the Proxmox host: pct start 102",
      );
    });

    it("says pct is missing when it is not the Proxmox host (exit 4)", async () => {
      await cleanSetup();
      await liveFile(traefik!);
      const noPct = await tempDir();
      const run = await runCli(["doctor", "--target", TARGET, "--api", traefik!.api], {
        env: { ...host.env, PATH: noPct },
      });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("`pct` is not installed here: this is not the Proxmox host");
      expect(run.stderr).not.toMatch(/no systemd unit|was not found in the container|does not exist/);
    });

    it("calls a neighbour file Traefik cannot parse an error, and Traefik indeed stops loading changes", async () => {
      await cleanSetup();
      await liveFile(traefik!);
      await writeFile(join(host.dynamicDir, "notes.yml"), "http:\n  routers:\n    a: {rule: Host(`a.lan`)\n");
      const run = await doctor();
      expect(run.code).toBe(8);
      expect(finding(run.stdout, "dir.broken-file")?.message).toMatch(
        /notes\.yml:\d+:\d+ cannot be parsed .*Traefik refuses the whole folder, so no change to dynamic_conf\.yml is loaded/,
      );
      // The claim, checked against Traefik: a new revision of the live file is never served.
      const live = join(host.dynamicDir, "dynamic_conf.yml");
      await writeFile(
        live,
        (await readFile(live, "utf8")).replace(/revision-(\w+)/g, "revision-0123456789ab"),
      );
      await new Promise((r) => setTimeout(r, 2500)); // a full provider throttle window: nothing may load
      expect(await (await fetch(`${traefik!.api}/api/http/middlewares`)).text()).not.toContain(
        "0123456789ab",
      );
      const after = await doctor();
      expect(finding(after.stdout, "served.revision")?.message).toMatch(
        /^the live file holds revision 0123456789ab, but Traefik serves revision \w{12}: it has not loaded the file/,
      );
    }, 30_000);

    it("finds an old copy in a subfolder that Traefik reads first and serves instead of the live file", async () => {
      await cleanSetup();
      await liveFile(traefik!);
      const live = await readFile(join(host.dynamicDir, "dynamic_conf.yml"), "utf8");
      // A backup folder that sorts before the live file, holding an older render with another backend.
      await mkdir(join(host.dynamicDir, "backup"));
      await writeFile(
        join(host.dynamicDir, "backup/dynamic_conf.yml"),
        live
          .replace(/revision-(\w+)/g, "revision-00000000aaaa")
          .replace(/127\.0\.0\.111:\d+/, "127.0.0.99:9443"),
      );
      // Traefik watches only the folder itself: the copy is read at the next reload (the next
      // deploy, or a restart). Deploy a new revision of the live file.
      const livePath = join(host.dynamicDir, "dynamic_conf.yml");
      await writeFile(`${livePath}.tmp`, live.replace(/revision-(\w+)/g, "revision-11111111bbbb"));
      await rename(`${livePath}.tmp`, livePath);
      await waitFor("the copy to load", async () =>
        (await (await fetch(`${traefik!.api}/api/http/middlewares`)).text()).includes("00000000aaaa"),
      );
      expect(traefik!.process.output()).toMatch(/already configured, skipping/);
      const run = await doctor();
      expect(run.code).toBe(8);
      expect(finding(run.stdout, "dir.leftover")?.message).toContain(
        "backup/dynamic_conf.yml is an old copy of the rendered file in a subfolder, and Traefik reads subfolders too: it is read first, so its routes win over the live file's",
      );
    }, 30_000);

    it("bounds every look into the container: a hanging systemctl is a finding, not a hung doctor", async () => {
      await cleanSetup();
      await liveFile(traefik!);
      const run = await runCli(
        ["doctor", "--target", TARGET, "--api", traefik!.api, "--json", "--step-timeout", "1"],
        { env: { ...host.env, PCT_STANDIN_BLOCK: "systemctl" } },
      );
      expect(run.code).toBe(1);
      expect(finding(run.stdout, "unit.systemctl")?.message).toMatch(
        /^systemctl cat traefik did not answer \(pct: no answer within 1000 ms\): the unit was read from \/etc\/systemd\/system\/traefik\.service without its drop-ins$/,
      );
      expect(findings(run.stdout)).toEqual({ "unit.systemctl": "warning" });
    }, 30_000);

    it("--fix on a unit with drop-ins adds one of its own that applies last, and a second --fix --restart says it restarts nothing", async () => {
      const phoenixUnit = await readFile(join(PHOENIX_FIXTURES, "traefik.service"), "utf8");
      await container(await readFile(join(EXAMPLE_REPO, "traefik/traefik.yml"), "utf8"), phoenixUnit);
      // override.conf: the drop-in `systemctl edit traefik` writes.
      await mkdir(host.path("etc/systemd/system/traefik.service.d"), { recursive: true });
      await writeFile(
        host.path("etc/systemd/system/traefik.service.d/override.conf"),
        "[Service]\nRestart = on-failure\n",
      );
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      await liveFile(traefik);
      const before = await doctor();
      expect(findings(before.stdout)).toMatchObject({
        "unit.restart": "error",
        "unit.exec-reload": "warning",
      });

      const run = await doctor("--fix");
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(findings(run.stdout)).toEqual({});
      // The unit and the user's drop-in are untouched; ours sorts after theirs.
      expect(await readFile(host.path("etc/systemd/system/traefik.service"), "utf8")).toBe(phoenixUnit);
      const ours = await readFile(
        host.path("etc/systemd/system/traefik.service.d/zz-phoenix-mesh.conf"),
        "utf8",
      );
      expect(ours).toContain("[Service]\nExecReload=\nRestart=always\nType=notify\n");

      const again = await doctor("--fix", "--restart");
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        changes: [],
        notes: ["the unit needs no fix; Traefik was not restarted (--restart restarts only after a fix)"],
      });
      expect(await readFile(host.path("var/log/systemctl.log"), "utf8")).not.toMatch(/restart/);
    });

    it("reads a TOML static config named by a quoted --configfile, a `Key = value` unit with kill -s HUP, and fixes it", async () => {
      // Shaped as Traefik's traefik.sample.toml (v3.6.12) with the example's entryPoints, API and
      // file provider; the unit as systemd.syntax(7) allows it (spaces around "=").
      const toml = `[global]\n  checkNewVersion = false\n  sendAnonymousUsage = false\n[entryPoints]\n  [entryPoints.web]\n    address = ":80"\n  [entryPoints.traefik]\n    address = ":8080"\n[api]\n  insecure = true\n[ping]\n  entryPoint = "traefik"\n[providers.file]\n  directory = "/etc/traefik/dynamic"\n  watch = true\n`;
      const unit =
        '[Unit]\nDescription=Traefik\n\n[Service]\nType = notify\nExecStart = /usr/local/bin/traefik --configfile="/etc/traefik/traefik.toml"\nExecReload = /bin/kill -s HUP $MAINPID\nRestart = on-failure\n\n[Install]\nWantedBy=multi-user.target\n';
      await container("# not this one\n", unit);
      await writeFile(host.path("etc/traefik/traefik.toml"), toml);
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      await liveFile(traefik);
      const run = await doctor();
      expect(findings(run.stdout), run.stdout).toEqual({
        "unit.exec-reload": "warning",
        "unit.restart": "error",
      });
      const fixed = await doctor("--fix");
      expect(fixed.code, fixed.stderr).toBe(0);
      const text = await readFile(host.path("etc/systemd/system/traefik.service"), "utf8");
      expect(text).toContain(
        "# ExecReload = /bin/kill -s HUP $MAINPID  (removed by phoenix-mesh doctor --fix",
      );
      expect(text.match(/^Restart\s*=.*$/gm)).toEqual(["Restart=always"]);
    });

    it("with providers.file.filename, a neighbour redefining our router is not a collision: Traefik never reads it", async () => {
      const staticYaml = (await readFile(join(EXAMPLE_REPO, "traefik/traefik.yml"), "utf8")).replace(
        "directory: /etc/traefik/dynamic",
        "filename: /etc/traefik/dynamic/dynamic_conf.yml",
      );
      await container(staticYaml, CLEAN_UNIT);
      // In filename mode the file must exist when Traefik starts (else its provider fails for good).
      await writeFile(join(host.dynamicDir, "dynamic_conf.yml"), "http: {}\n");
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir, filename: "dynamic_conf.yml" });
      await liveFile(traefik);
      await writeFile(
        join(host.dynamicDir, "other.yml"),
        'http:\n  routers:\n    "portainer": {rule: "Host(`x.lan`)", service: "portainer"}\n    "other": {rule: "Host(`o.lan`)", service: "portainer"}\n',
      );
      // The claim, checked against Traefik: it serves our portainer router, and never other.yml's.
      await liveFile(traefik);
      expect(traefik.process.output()).not.toMatch(/already configured/);
      const routers = await (await fetch(`${traefik.api}/api/http/routers`)).text();
      expect(routers).not.toContain("other@file");
      const run = await doctor();
      expect(findings(run.stdout), run.stdout).toEqual({});
      expect(finding(run.stdout, "dir.other-file")?.message).toContain("Traefik reads only dynamic_conf.yml");
    });
  },
  [busyboxMissing],
);
