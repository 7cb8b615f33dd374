/**
 * doctor's reading of Traefik's static configuration: is the deploy target a file Traefik reads,
 * and can verify reach the API? Inputs shaped as Phoenix's own traefik.yml (providers.file.directory
 * /etc/traefik/dynamic, watch: true, api.insecure on the `traefik` entryPoint).
 */
import { describe, expect, it } from "vitest";
import { checkStaticConfig } from "../../src/domain/doctor/static-config.js";
import type { TraefikFacts } from "../../src/domain/doctor/facts.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";

const LIVE = "/etc/traefik/dynamic/dynamic_conf.yml";
const reachable: TraefikFacts = { version: "v3.6.12", apiError: undefined, fileProviderAlive: true };
const entryPoints = "entryPoints:\n  web: {address: ':80'}\n  websecure: {address: ':443'}\n";
const api = "api: {insecure: true, dashboard: true}\n";

function check(
  text: string,
  options: { livePath?: string; facts?: TraefikFacts; path?: string; dynamic?: DynamicConfig } = {},
) {
  return checkStaticConfig({
    text,
    path: options.path ?? "/etc/traefik/traefik.yml",
    livePath: options.livePath ?? LIVE,
    dynamic: options.dynamic ?? {},
    facts: options.facts ?? reachable,
  });
}
const byCheck = (findings: ReturnType<typeof check>, id: string) => findings.filter((f) => f.check === id);

describe("is the deploy target a file Traefik reads?", () => {
  it("is fine when the target sits in the watched folder (with or without a trailing slash)", () => {
    for (const dir of ["/etc/traefik/dynamic", "/etc/traefik/dynamic/", "/etc/traefik/dynamic//"]) {
      const findings = check(`${entryPoints}${api}providers:\n  file: {directory: ${dir}, watch: true}\n`);
      expect(byCheck(findings, "static.target-watched")).toEqual([
        {
          check: "static.target-watched",
          status: "ok",
          message: `the deploy target is in the watched folder ${dir}`,
        },
      ]);
      expect(findings.filter((f) => f.status !== "ok")).toEqual([]);
    }
  });

  it("is an error, with both ways out, when the target is in another folder", () => {
    const findings = check(
      `${entryPoints}${api}providers:\n  file: {directory: /etc/traefik/conf.d, watch: true}\n`,
    );
    expect(byCheck(findings, "static.target-watched")).toEqual([
      {
        check: "static.target-watched",
        status: "error",
        message: `the deploy target ${LIVE} is not in the watched folder /etc/traefik/conf.d, so Traefik never reads it`,
        fix: "deploy to /etc/traefik/conf.d/dynamic_conf.yml, or point providers.file.directory at /etc/traefik/dynamic",
      },
    ]);
  });

  it("does not take a sub-folder of the watched folder for the folder (Traefik does not recurse into the target's parent)", () => {
    const findings = check(
      `${entryPoints}${api}providers:\n  file: {directory: /etc/traefik, watch: true}\n`,
    );
    expect(byCheck(findings, "static.target-watched")[0]?.status).toBe("error");
  });

  it("is fine when providers.file.filename is the target itself", () => {
    const findings = check(`${entryPoints}${api}providers:\n  file: {filename: ${LIVE}, watch: true}\n`);
    expect(byCheck(findings, "static.target-watched")).toEqual([
      {
        check: "static.target-watched",
        status: "ok",
        message: `the deploy target is in the watched file /etc/traefik/dynamic`,
      },
    ]);
  });

  it("is an error when providers.file.filename names another file", () => {
    const other = "/etc/traefik/dynamic/other.yml";
    const findings = check(`${entryPoints}${api}providers:\n  file: {filename: ${other}, watch: true}\n`, {
      livePath: "/etc/traefik/dynamic/other2.yml",
    });
    expect(byCheck(findings, "static.target-watched")).toEqual([
      {
        check: "static.target-watched",
        status: "error",
        message: `providers.file.filename is ${other}, not the deploy target /etc/traefik/dynamic/other2.yml`,
        fix: `set providers.file.filename: /etc/traefik/dynamic/other2.yml, or deploy to ${other}`,
      },
    ]);
  });

  it("judges by the directory when both are set, as Traefik does", () => {
    const findings = check(
      `${entryPoints}${api}providers:\n  file: {directory: /etc/traefik/dynamic, filename: /elsewhere/x.yml, watch: true}\n`,
    );
    expect(byCheck(findings, "static.target-watched")).toMatchObject([{ status: "ok" }]);
    expect(byCheck(findings, "static.directory-and-filename")).toMatchObject([{ status: "warning" }]);
  });

  it("says nothing of the target when there is no file provider or an empty one (the lint's error says it)", () => {
    for (const providers of [
      "providers: {}\n",
      "providers:\n  file:\n",
      "providers:\n  file: {watch: true}\n",
    ]) {
      const findings = check(`${entryPoints}${api}${providers}`);
      expect(byCheck(findings, "static.target-watched")).toEqual([]);
      expect(findings.filter((f) => f.status === "error").map((f) => f.check)).toEqual([
        expect.stringMatching(/^static\.(no-file-provider|empty-file-provider)$/),
      ]);
    }
  });
});

describe("can verify reach the API?", () => {
  const providers = "providers:\n  file: {directory: /etc/traefik/dynamic, watch: true}\n";

  it("is an error, with the setting to add, when the API is off (no key, or a key with nothing after it)", () => {
    for (const text of [`${entryPoints}${providers}`, `${entryPoints}api:\n${providers}`]) {
      expect(byCheck(check(text), "static.api")).toEqual([
        {
          check: "static.api",
          status: "error",
          message: "the API is not enabled: verify and deploy cannot see what Traefik loaded",
          fix: "add `api: {insecure: true}` (it listens on the `traefik` entryPoint, :8080; keep that port internal)",
        },
      ]);
    }
  });

  it("is fine when the API is on and answered", () => {
    expect(byCheck(check(`${entryPoints}${api}${providers}`), "static.api")).toEqual([
      { check: "static.api", status: "ok", message: "the API is enabled and answers" },
    ]);
  });

  it("blames the address or firewall when an insecure API did not answer", () => {
    const facts = { ...reachable, apiError: "connect ECONNREFUSED 127.0.0.1:8080" };
    expect(byCheck(check(`${entryPoints}${api}${providers}`, { facts }), "static.api")).toEqual([
      {
        check: "static.api",
        status: "error",
        message: "the API is enabled but could not be reached: connect ECONNREFUSED 127.0.0.1:8080",
        fix: "check the address given to --api (the `traefik` entryPoint, :8080 by default) and the firewall",
      },
    ]);
  });

  it("points at api.insecure when a secure API did not answer (it is served only through a router)", () => {
    const facts = { ...reachable, apiError: "timed out" };
    for (const apiText of ["api: {dashboard: true}\n", "api: {insecure: false}\n"]) {
      expect(byCheck(check(`${entryPoints}${apiText}${providers}`, { facts }), "static.api")[0]?.fix).toBe(
        "set api.insecure: true (served on the `traefik` entryPoint), or route to api@internal and pass that URL as --api",
      );
    }
  });
});

describe("the lint's findings, as doctor shows them", () => {
  it("names each with static.<what>, keeps its severity and fix, and says where it is", () => {
    const findings = check(
      `${entryPoints}${api}providers:\n  file: {directory: /etc/traefik/dynamic}\nhttp: {}\n`,
    );
    expect(byCheck(findings, "static.no-watch")).toEqual([
      {
        check: "static.no-watch",
        status: "warning",
        message:
          "providers.file.watch is off: changes to the file take effect only on SIGHUP or restart (/etc/traefik/traefik.yml:6)",
        fix: "set providers.file.watch: true",
      },
    ]);
    expect(byCheck(findings, "static.dynamic-key")).toMatchObject([
      {
        status: "warning",
        message: expect.stringMatching(
          /^"http" is dynamic configuration; .*\(\/etc\/traefik\/traefik\.yml:7\)$/,
        ),
      },
    ]);
  });

  it("places a finding about a missing section at the top of the file", () => {
    const dynamic: DynamicConfig = {
      http: { routers: { app: { rule: "Host(`app.lan`)", service: "app", entryPoints: ["websecure"] } } },
    };
    const findings = check(`${api}providers:\n  file: {directory: /etc/traefik/dynamic, watch: true}\n`, {
      dynamic,
    });
    expect(byCheck(findings, "static.entrypoint-missing")).toEqual([
      {
        check: "static.entrypoint-missing",
        status: "error",
        message:
          'router "app" (and maybe others) uses entryPoint "websecure", which /etc/traefik/traefik.yml does not define (defined: none) (/etc/traefik/traefik.yml:1)',
        fix: "add entryPoints.websecure to /etc/traefik/traefik.yml, or set entry_points in phoenix-mesh.yaml",
      },
    ]);
  });

  it("keeps an error an error, with its place", () => {
    const findings = check(
      `${entryPoints}${api}providers:\n  file: {directory: /etc/traefik/dynamic, watch: true}\n`,
      {
        livePath: "/etc/traefik/dynamic/dynamic_conf.json",
      },
    );
    expect(byCheck(findings, "static.extension")).toMatchObject([{ status: "error" }]);
    expect(byCheck(findings, "static.extension")[0]?.message).toMatch(
      / would be ignored \(\/etc\/traefik\/traefik\.yml:\d+\)$/,
    );
  });

  it("stops at the parse error of a file it cannot read: no finding about the API or the target", () => {
    const findings = check("entryPoints:\n  web: {address: ':80'\n");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: "static.yaml", status: "error" });
    expect(findings[0]?.message).toMatch(/^not valid YAML: .*\(\/etc\/traefik\/traefik\.yml:\d+\)$/);
  });
});
