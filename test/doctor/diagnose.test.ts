/**
 * doctor's verdict from what it gathered: the Traefik in Phoenix's LXC 102 as Phoenix sets it up
 * (its traefik.service, traefik.yml with providers.file.directory /etc/traefik/dynamic), then each
 * fact changed on its own.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose, staticFromUnitFlags, staticPathFromUnit } from "../../src/domain/doctor/diagnose.js";
import type { Gathered } from "../../src/domain/doctor/gathered.js";
import { PHOENIX_FIXTURES } from "../support/fixtures.js";

const LIVE = "/etc/traefik/dynamic/dynamic_conf.yml";
const UNIT = readFileSync(join(PHOENIX_FIXTURES, "traefik.service"), "utf8");
const STATIC = {
  path: "/etc/traefik/traefik.yml",
  text: "entryPoints:\n  web: {address: ':80'}\n  websecure: {address: ':443'}\napi: {insecure: true}\nproviders:\n  file: {directory: /etc/traefik/dynamic, watch: true}\n",
};
const MARKER = "phoenix-mesh-revision-0123456789ab";
const live = {
  http: {
    routers: { portainer: { rule: "Host(`portainer.lan`)", service: "portainer", entryPoints: ["web"] } },
    services: { portainer: { loadBalancer: { servers: [{ url: "http://10.0.0.99:9000" }] } } },
    middlewares: {
      [MARKER]: { headers: { customResponseHeaders: { "X-Phoenix-Mesh-Revision": "0123456789ab" } } },
    },
  },
};

function gathered(over: Partial<Gathered> = {}): Gathered {
  return {
    facts: { version: "v3.6.12", apiError: undefined, fileProviderAlive: true },
    routers: [{ name: "portainer@file", provider: "file", status: "enabled" }],
    servedRevisions: ["0123456789ab"],
    missingFiles: [],
    live,
    unit: { text: UNIT, path: "/etc/systemd/system/traefik.service" },
    dir: { exists: true, writable: true, others: [{ name: "dynamic_conf.yml", config: live }] },
    inotify: { maxUserWatches: 524288, maxUserInstances: 1024 },
    backends: [],
    ...over,
  };
}
/** diagnose, in container 102 unless `ctid` says otherwise (null: a local folder, no container). */
const run = (
  g: Gathered,
  staticConfig: { path: string; text: string | undefined } = STATIC,
  ctid: string | null = "102",
) => diagnose(g, LIVE, staticConfig, { ctid: ctid ?? undefined });
const find = (findings: ReturnType<typeof run>, check: string) => findings.filter((f) => f.check === check);

describe("doctor's verdict", () => {
  it("on Phoenix's own set-up finds no error, only the unit's reload and type to change", () => {
    const findings = run(gathered());
    expect(findings.filter((f) => f.status === "error")).toEqual([]);
    expect(findings.filter((f) => f.status === "warning").map((f) => f.check)).toEqual([
      "unit.exec-reload",
      "unit.type",
    ]);
    expect(find(findings, "traefik.version")).toEqual([
      {
        check: "traefik.version",
        status: "ok",
        message: "Traefik v3.6.12: SIGHUP re-reads file providers, as long as the file provider started",
      },
    ]);
    expect(find(findings, "traefik.file-provider")).toEqual([
      {
        check: "traefik.file-provider",
        status: "ok",
        message: "the file provider serves the dynamic folder",
      },
    ]);
    expect(find(findings, "served.revision")).toEqual([
      {
        check: "served.revision",
        status: "ok",
        message: "Traefik serves revision 0123456789ab, the one in the live file",
      },
    ]);
    expect(find(findings, "live.routers")).toMatchObject([{ status: "ok" }]);
    expect(find(findings, "inotify.limits")).toMatchObject([{ status: "ok" }]);
    expect(find(findings, "static.api")).toMatchObject([{ status: "ok" }]);
  });

  it("without the API: the version and live state are unknown, and routers are not judged", () => {
    const facts = {
      version: undefined,
      apiError: "connect ECONNREFUSED 127.0.0.1:8080",
      fileProviderAlive: undefined,
    };
    const findings = run(gathered({ facts, routers: [], servedRevisions: undefined }));
    expect(find(findings, "traefik.version")).toEqual([
      {
        check: "traefik.version",
        status: "error",
        message:
          "Traefik's API could not be reached (connect ECONNREFUSED 127.0.0.1:8080), so its version and live state are unknown",
        fix: "pass --api http://<traefik>:8080 and make sure api is enabled",
      },
    ]);
    expect(find(findings, "traefik.file-provider")).toEqual([]);
    expect(find(findings, "live.routers")).toEqual([]);
    expect(find(findings, "served.revision")).toEqual([]);
    const noReason = run(gathered({ facts: { ...facts, apiError: undefined } }));
    expect(find(noReason, "traefik.version")[0]?.message).toContain("could not be reached (?)");
  });

  it("warns that SIGHUP kills Traefik v2", () => {
    const findings = run(
      gathered({ facts: { version: "v2.11.3", apiError: undefined, fileProviderAlive: true } }),
    );
    expect(find(findings, "traefik.version")).toEqual([
      {
        check: "traefik.version",
        status: "warning",
        message:
          "Traefik v2.11.3: SIGHUP terminates v2 (no handler); changes must come through the file watcher",
        fix: "keep providers.file.watch: true and no ExecReload; consider upgrading to v3",
      },
    ]);
  });

  it("calls a dead file provider an error, with what to read and run on the Proxmox host", () => {
    const facts = { version: "v3.6.12", apiError: undefined, fileProviderAlive: false };
    expect(find(run(gathered({ facts })), "traefik.file-provider")).toEqual([
      {
        check: "traefik.file-provider",
        status: "error",
        message:
          "the dynamic folder holds configuration files but Traefik serves no @file router or middleware: its file provider failed (a folder missing at start, or inotify watches exhausted)",
        fix: "read why — on the Proxmox host: pct exec 102 -- journalctl -u traefik --grep 'Cannot start the provider|unable to read directory|too many open files' -n 20 — fix that cause (create the folder, or raise fs.inotify.max_user_instances on the Proxmox host), then on the Proxmox host: pct exec 102 -- systemctl restart traefik",
      },
    ]);
    expect(find(run(gathered({ facts }), STATIC, null), "traefik.file-provider")[0]?.fix).toMatch(
      /^read why — journalctl -u traefik .* then systemctl restart traefik$/,
    );
  });

  it("warns when no unit is found, and when systemctl hung and drop-ins were not read", () => {
    expect(find(run(gathered({ unit: undefined })), "unit.found")).toEqual([
      {
        check: "unit.found",
        status: "warning",
        message:
          "no systemd unit for traefik found (systemctl cat traefik, /etc/systemd/system/traefik.service)",
        fix: "if Traefik runs under systemd, check the unit's name",
      },
    ]);
    expect(run(gathered({ unit: undefined })).some((f) => f.check.startsWith("unit.exec"))).toBe(false);
    const hung = {
      text: UNIT,
      path: "/etc/systemd/system/traefik.service",
      systemctlHung: "no answer in 5 s",
    };
    expect(find(run(gathered({ unit: hung })), "unit.systemctl")).toEqual([
      {
        check: "unit.systemctl",
        status: "warning",
        message:
          "systemctl cat traefik did not answer (no answer in 5 s): the unit was read from /etc/systemd/system/traefik.service without its drop-ins",
        fix: "check systemd in the container (systemctl status); a hung systemd also stops reloads and restarts",
      },
    ]);
    expect(
      find(run(gathered({ unit: { ...hung, path: undefined } })), "unit.systemctl")[0]?.message,
    ).toContain("the unit was read from its file without its drop-ins");
    expect(find(run(gathered()), "unit.systemctl")).toEqual([]);
  });

  it("calls a missing static configuration an error and still looks at the folder", () => {
    const findings = run(gathered(), { path: "/etc/traefik/traefik.yml", text: undefined });
    expect(find(findings, "static.found")).toEqual([
      {
        check: "static.found",
        status: "error",
        message: "Traefik's static configuration /etc/traefik/traefik.yml was not found in the container",
        fix: "pass --static-path with the file Traefik is started with (--configfile)",
      },
    ]);
    expect(find(findings, "static.api")).toEqual([]);
    expect(find(findings, "dir.exists")).toMatchObject([{ status: "ok" }]);
  });

  it("gives the folder's fixes as commands for the Proxmox host", () => {
    const dir = {
      exists: true,
      writable: true,
      others: [
        { name: "dynamic_conf.yml", config: live },
        { name: "notes.yml", config: undefined, syntaxError: { message: "bad indent", line: 2, column: 3 } },
      ],
    };
    expect(find(run(gathered({ dir })), "dir.broken-file")[0]?.fix).toBe(
      "fix it, or move it out of /etc/traefik/dynamic and its subfolders: on the Proxmox host: pct exec 102 -- mv /etc/traefik/dynamic/notes.yml /root/",
    );
  });

  it("reads the folder as Traefik does when the static file names one file (filename), and as a folder otherwise", () => {
    const dir = {
      exists: true,
      writable: true,
      others: [
        { name: "dynamic_conf.yml", config: live },
        { name: "z.yml", config: live },
      ],
    };
    const byFile = {
      path: STATIC.path,
      text: STATIC.text.replace("directory: /etc/traefik/dynamic", `filename: ${LIVE}`),
    };
    expect(find(run(gathered({ dir }), byFile), "dir.collision")).toEqual([]);
    expect(find(run(gathered({ dir }), byFile), "dir.other-file")[0]?.message).toMatch(
      /^providers\.file\.filename: /,
    );
    expect(find(run(gathered({ dir })), "dir.collision")).toMatchObject([{ status: "error" }]);
    const both = {
      path: STATIC.path,
      text: STATIC.text.replace("watch: true", `filename: ${LIVE}, watch: true`),
    };
    expect(find(run(gathered({ dir }), both), "dir.collision")).toMatchObject([{ status: "error" }]);
    // No static file: Traefik's file provider could be either; doctor reads the folder as a folder.
    expect(
      find(run(gathered({ dir }), { path: STATIC.path, text: undefined }), "dir.collision"),
    ).toMatchObject([{ status: "error" }]);
    const toml = { path: "/etc/traefik/traefik.toml", text: `[providers.file]\nfilename = "${LIVE}"\n` };
    expect(find(run(gathered({ dir }), toml), "dir.collision")).toEqual([]);
  });

  it("says which revision Traefik serves when it is not the live file's", () => {
    const stale = find(
      run(gathered({ servedRevisions: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"] })),
      "served.revision",
    );
    expect(stale).toEqual([
      {
        check: "served.revision",
        status: "error",
        message:
          "the live file holds revision 0123456789ab, but Traefik serves revision aaaaaaaaaaaa, bbbbbbbbbbbb: it has not loaded the file (a file in the folder it cannot parse, or a provider that stopped)",
        fix: "see the folder's findings here, and Traefik's log (journalctl -u traefik)",
      },
    ]);
    expect(find(run(gathered({ servedRevisions: [] })), "served.revision")[0]?.message).toContain(
      "but Traefik serves no phoenix-mesh revision:",
    );
  });

  it("says nothing of revisions for a live file without a marker, or with no live file", () => {
    const unmarked = { http: { routers: live.http.routers, services: live.http.services } };
    expect(find(run(gathered({ live: unmarked })), "served.revision")).toEqual([]);
    expect(find(run(gathered({ live: undefined })), "served.revision")).toEqual([]);
  });

  it("calls each file the configuration names but the container lacks an error", () => {
    const missingFiles = [
      { path: "/etc/traefik/certs/portainer.crt", where: "tls.certificates[0].certFile" },
    ];
    expect(find(run(gathered({ missingFiles })), "files.exist")).toEqual([
      {
        check: "files.exist",
        status: "error",
        message:
          "/etc/traefik/certs/portainer.crt (tls.certificates[0].certFile) does not exist in the container: Traefik loads the file anyway and fails each TLS connection that needs it",
        fix: "put the file there (on the Proxmox host: pct exec 102 -- ls -l /etc/traefik/certs to see what is), or fix the path in the configuration",
      },
    ]);
  });

  it("includes the live routers' and backends' findings", () => {
    const routers = [
      { name: "portainer@file", provider: "file", status: "disabled", error: ["the service does not exist"] },
    ];
    expect(find(run(gathered({ routers })), "live.routers")).toMatchObject([{ status: "error" }]);
    const backends = [
      {
        context: { route: "portainer", url: "https://10.0.0.99:9443", transport: null },
        seen: { kind: "unreachable" as const, error: "timeout" },
      },
    ];
    expect(find(run(gathered({ backends })), "backend.tls.portainer")).toMatchObject([{ status: "warning" }]);
    expect(
      find(run(gathered({ inotify: { maxUserWatches: 10, maxUserInstances: 1 } })), "inotify.limits"),
    ).toMatchObject([{ status: "error" }]);
  });
});

describe("the static configuration a unit names", () => {
  const unit = (execStart: string) => `[Service]\nExecStart=${execStart}\n`;

  it("takes Traefik's flag with one dash too, and skips an empty value", () => {
    expect(staticPathFromUnit(unit("/usr/bin/traefik -configfile=/etc/t.yml"))).toBe("/etc/t.yml");
    expect(staticPathFromUnit(unit("/usr/bin/traefik --configfile= --log.level=DEBUG"))).toBe(
      "/etc/traefik/traefik.yml",
    );
    expect(staticPathFromUnit(unit("/usr/bin/traefik --configfile"))).toBe("/etc/traefik/traefik.yml");
    expect(staticPathFromUnit(unit("/usr/bin/traefik --configfiles=/x.yml"))).toBe(
      "/etc/traefik/traefik.yml",
    );
    expect(staticPathFromUnit(undefined)).toBe("/etc/traefik/traefik.yml");
    expect(staticPathFromUnit("[Service]\nType=simple\n")).toBe("/etc/traefik/traefik.yml");
  });

  it("reads flags as Traefik does: keys in any case, true/false as booleans, a bare flag as true", () => {
    const found = staticFromUnitFlags(
      unit(
        "/usr/bin/traefik --entrypoints.web.address=:80 --CertificatesResolvers.step.acme.caServer=https://ca.lan/acme/acme/directory --providers.file.watch=false --api.dashboard --log.level=DEBUG --debug --serverstransport.insecureSkipVerify=true --hostresolver.cnameFlattening=true",
      ),
    );
    expect(found?.path).toBe("the unit (ExecStart flags)");
    expect(JSON.parse(found!.text)).toEqual({
      entryPoints: { web: { address: ":80" } },
      certificatesResolvers: { step: { acme: { caServer: "https://ca.lan/acme/acme/directory" } } },
      providers: { file: { watch: false } },
      api: { dashboard: true },
      log: { level: "DEBUG" },
      serversTransport: { insecureSkipVerify: true },
      hostResolver: { cnameFlattening: true },
    });
  });

  it("merges flags into one tree, a later scalar replacing an earlier one", () => {
    const found = staticFromUnitFlags(
      unit(
        "/usr/bin/traefik --api=true --api.insecure=true --providers.file.directory=/a --providers.file.directory=/b",
      ),
    );
    expect(JSON.parse(found!.text)).toEqual({
      api: { insecure: true },
      providers: { file: { directory: "/b" } },
    });
  });

  it("prefers flags to the environment, as Traefik's loaders do", () => {
    const found = staticFromUnitFlags(
      "[Service]\nExecStart=/usr/bin/traefik --providers.file.directory=/flags\nEnvironment=TRAEFIK_PROVIDERS_FILE_DIRECTORY=/env\n",
    );
    expect(JSON.parse(found!.text)).toEqual({ providers: { file: { directory: "/flags" } } });
  });

  it("reads quoted values and lower-case names from Environment=, and skips one-word ones", () => {
    const found = staticFromUnitFlags(
      '[Service]\nExecStart=/usr/bin/traefik\nEnvironment="TRAEFIK_ENTRYPOINTS_WEB_ADDRESS=:80" TRAEFIK_DEBUG=true traefik_api_insecure=true TRAEFIK_LOG_LEVEL="INFO"\n',
    );
    expect(JSON.parse(found!.text)).toEqual({
      entryPoints: { web: { address: ":80" } },
      api: { insecure: true },
      log: { level: "INFO" },
    });
  });

  it("makes nothing up from a unit with neither", () => {
    expect(staticFromUnitFlags(undefined)).toBeUndefined();
    expect(staticFromUnitFlags(unit("/usr/bin/traefik --debug"))).toBeUndefined();
    expect(
      staticFromUnitFlags("[Service]\nExecStart=/usr/bin/traefik\nEnvironment=HOME=/root\n"),
    ).toBeUndefined();
  });
});
