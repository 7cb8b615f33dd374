/** deploy over SSH to the Proxmox host (a real sshd on loopback), then pct there (the stand-in). */
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SERVICE_CONVENTION } from "../support/fixtures.js";
import { createTestCa } from "./support/backends.js";
import { busyboxMissing, createStandInHost, type StandInHost } from "./support/container.js";
import { getWithHost } from "./support/http.js";
import { freePort } from "./support/ports.js";
import { sshdMissing, startSshd, type RunningSshd } from "./support/sshd.js";
import { inventoryWithStandIns, renderToTemp } from "./support/standins.js";
import { describeWithTraefik, startTraefik, type RunningTraefik } from "./support/traefik.js";

const DOMAIN = "internal.thinkheads.ai";
const LIVE = "/etc/traefik/dynamic/dynamic_conf.yml";

describeWithTraefik(
  "deploy over ssh + pct",
  (bin) => {
    let host: StandInHost;
    let traefik: RunningTraefik;
    let sshd: RunningSshd;
    let file: string;

    beforeEach(async () => {
      const ca = await createTestCa();
      host = await createStandInHost();
      traefik = await startTraefik(bin, { dynamicDir: host.dynamicDir });
      sshd = await startSshd(host.root);
      const { inventory } = await inventoryWithStandIns(SERVICE_CONVENTION, DOMAIN, ca);
      file = await renderToTemp(inventory, DOMAIN, ca.caCert);
    });
    afterEach(async () => {
      await Promise.all([traefik.stop(), sshd.stop()]);
    });

    const deploy = (port: number, sshOptions: string) =>
      runCli(
        [
          "deploy",
          "--target",
          `ssh://root@127.0.0.1:${port}/pct/102${LIVE}`,
          "--api",
          traefik.api,
          "--file",
          file,
          "--timeout",
          "8",
          "--json",
        ],
        {
          env: { ...process.env, PHOENIX_MESH_SSH_OPTIONS: sshOptions },
        },
      );
    const pctLog = async () => readFile(join(host.root, "pct.log"), "utf8").catch(() => "");

    it("deploys through sshd and pct on the host, and the routes answer", async () => {
      const run = await deploy(sshd.port, sshd.clientOptions);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        operation: "deployed",
        target: expect.stringContaining("on root@127.0.0.1"),
      });
      expect(await readFile(host.path(LIVE), "utf8")).toBe(await readFile(file, "utf8"));
      expect((await getWithHost(traefik.web, `granite-3b.${DOMAIN}`)).status).toBe(200);
      // The shared ssh connection is closed when the deploy ends, not left for ControlPersist.
      const masters = spawnSync("pgrep", ["-f", "phoenix-mesh-ssh-"], { encoding: "utf8" }).stdout.trim();
      expect(masters).toBe("");
      // The same two calls as on the host (the script survives the remote shell's quoting intact).
      const calls = (await pctLog()).split("\n").filter((l) => l !== "" && !/^\d+ EXIT /.test(l));
      expect(calls.map((l) => / phoenix-mesh (swap|release) /.exec(l)?.[1])).toEqual(["swap", "release"]);
    });

    it("refuses a host whose key does not match known_hosts, changing nothing", async () => {
      await writeFile(host.path(LIVE), "http: {}\n");
      const run = await deploy(sshd.port, sshd.wrongHostKeyOptions);
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(
        /ssh to root@127.0.0.1:\d+ failed: .*(REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed)/s,
      );
      expect(run.stderr).toMatch(/host key of 127.0.0.1 is unknown or has changed.*nothing was changed/);
      expect(await pctLog()).toBe("");
      expect(await readFile(host.path(LIVE), "utf8")).toBe("http: {}\n");
    });

    it("fails clearly when SSH is refused, changing nothing", async () => {
      const run = await deploy(await freePort(), sshd.clientOptions);
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/ssh to root@127.0.0.1:\d+ failed: .*Connection refused/);
      expect(await pctLog()).toBe("");
    });
  },
  [busyboxMissing, sshdMissing],
);
