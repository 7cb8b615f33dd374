/**
 * doctor against the stand-in LXC 102 (the Phoenix static configs and unit inside it) and the real
 * Traefik watching its dynamic folder.
 */
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, afterEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { EXAMPLE_REPO, PHOENIX_FIXTURES, PORTS_CONVENTION, SERVICE_CONVENTION } from "../support/fixtures.js";
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
  cat) [ -f /etc/systemd/system/$2.service ] || exit 1; echo "# /etc/systemd/system/$2.service"; cat /etc/systemd/system/$2.service ;;
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

    /** Puts the example's rendered file live and waits until Traefik serves it. */
    async function liveFile(t: RunningTraefik): Promise<void> {
      const text = await readFile(join(EXAMPLE_REPO, "traefik/dynamic/dynamic_conf.yml"), "utf8");
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
  },
  [busyboxMissing],
);
