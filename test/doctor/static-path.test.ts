/** doctor finds Traefik's static configuration as Traefik and systemd read the unit, in YAML or TOML. */
import { describe, expect, it } from "vitest";
import { staticFromUnitFlags, staticPathFromUnit } from "../../src/domain/doctor/diagnose.js";
import { checkStaticConfig } from "../../src/domain/doctor/static-config.js";

// ExecStart as units write it: Traefik's contrib/systemd/traefik.service uses
// --configFile=/etc/traefik/traefik.toml; Phoenix's uses --configfile=/etc/traefik/traefik.yml.
const unit = (execStart: string) => `[Unit]\nDescription=Traefik\n[Service]\nExecStart=${execStart}\n`;
const v3 = { version: "v3.6.12", apiError: undefined, fileProviderAlive: true };

describe("the static configuration's path", () => {
  it.each([
    ["/usr/local/bin/traefik --configfile=/etc/traefik/traefik.yml", "/etc/traefik/traefik.yml"],
    ["/usr/local/bin/traefik --configFile=/etc/traefik/traefik.toml", "/etc/traefik/traefik.toml"],
    ['/usr/local/bin/traefik --configfile="/etc/traefik/traefik.yml"', "/etc/traefik/traefik.yml"],
    ["/usr/local/bin/traefik --configfile='/etc/traefik/traefik.yml'", "/etc/traefik/traefik.yml"],
    ["/usr/local/bin/traefik --configFile /opt/traefik/static.yaml", "/opt/traefik/static.yaml"],
    ['/usr/local/bin/traefik --configfile "/etc/traefik/my conf.yml"', "/etc/traefik/my conf.yml"],
    ["/usr/local/bin/traefik", "/etc/traefik/traefik.yml"],
  ])("ExecStart=%s → %s", (execStart, path) => {
    expect(staticPathFromUnit(unit(execStart))).toBe(path);
  });

  it("takes the ExecStart a drop-in sets last", () => {
    const text = `${unit("/usr/local/bin/traefik --configfile=/etc/traefik/traefik.yml")}\n# /etc/systemd/system/traefik.service.d/override.conf\n[Service]\nExecStart=\nExecStart=/usr/local/bin/traefik --configfile=/etc/traefik/other.yml\n`;
    expect(staticPathFromUnit(text)).toBe("/etc/traefik/other.yml");
  });
});

describe("a TOML static configuration", () => {
  const check = (text: string, path = "/etc/traefik/traefik.toml") =>
    checkStaticConfig({
      text,
      path,
      livePath: "/etc/traefik/dynamic/dynamic_conf.yml",
      dynamic: {},
      facts: v3,
    });

  // Shaped as Traefik's own traefik.sample.toml at v3.6.12 (nested [entryPoints.web] tables,
  // [api], [ping]), with the file provider of Traefik's docs in place of its docker provider.
  const SAMPLE_TOML =
    '[global]\n  checkNewVersion = true\n  sendAnonymousUsage = true\n[entryPoints]\n  [entryPoints.web]\n    address = ":80"\n  [entryPoints.websecure]\n    address = ":443"\n[log]\n[api]\n[ping]\n[providers.file]\n  directory = "/etc/traefik/dynamic"\n  watch = true\n';

  it("is read as TOML, not refused as YAML, and raises no error", () => {
    const findings = check(SAMPLE_TOML);
    expect(findings.filter((f) => f.status === "error")).toEqual([]);
    expect(findings.filter((f) => /not valid/.test(f.message))).toEqual([]);
  });

  it("names the folder a TOML file watches when the target is elsewhere", () => {
    const findings = check('[providers.file]\ndirectory = "/etc/traefik/conf.d"\nwatch = true\n');
    expect(findings.find((f) => f.check === "static.target-watched")).toMatchObject({ status: "error" });
  });

  it("reports a broken TOML file with its line, as TOML", () => {
    const findings = check('[providers.file]\ndirectory = "/etc/traefik/dynamic\nwatch = true\n');
    expect(findings.some((f) => /not valid TOML/.test(f.message))).toBe(true);
  });
});

describe("a static configuration given as ExecStart flags", () => {
  it("is read as Traefik reads it when no static file exists", () => {
    const found = staticFromUnitFlags(
      "# /etc/systemd/system/traefik.service\n[Service]\nExecStart=/usr/local/bin/traefik --entryPoints.web.address=:80 --providers.file.directory=/etc/traefik/dynamic --providers.file.watch --api.insecure=true\n",
    );
    expect(found?.path).toBe("/etc/systemd/system/traefik.service (ExecStart flags)");
    expect(JSON.parse(found!.text)).toEqual({
      entryPoints: { web: { address: ":80" } },
      providers: { file: { directory: "/etc/traefik/dynamic", watch: true } },
      api: { insecure: true },
    });
    const findings = checkStaticConfig({
      text: found!.text,
      path: found!.path,
      livePath: "/etc/traefik/dynamic/dynamic_conf.yml",
      dynamic: {},
      facts: v3,
    });
    expect(findings.filter((f) => f.status === "error")).toEqual([]);
  });

  it("is not made up from a unit that has only --configfile", () => {
    expect(
      staticFromUnitFlags(unit("/usr/local/bin/traefik --configfile=/etc/traefik/traefik.yml")),
    ).toBeUndefined();
  });
});

it("reads TRAEFIK_* variables from Environment= when ExecStart has no flags", () => {
  const found = staticFromUnitFlags(
    '[Service]\nExecStart=/usr/local/bin/traefik\nEnvironment=TRAEFIK_PROVIDERS_FILE_DIRECTORY=/etc/traefik/dynamic "TRAEFIK_PROVIDERS_FILE_WATCH=true"\nEnvironment=TRAEFIK_ENTRYPOINTS_WEB_ADDRESS=:80\n',
  );
  expect(found?.path).toBe("the unit (TRAEFIK_* in Environment=)");
  expect(JSON.parse(found!.text)).toEqual({
    providers: { file: { directory: "/etc/traefik/dynamic", watch: true } },
    entryPoints: { web: { address: ":80" } },
  });
});
