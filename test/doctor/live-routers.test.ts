/**
 * The routers Traefik loaded from files (its API names them `<name>@file`, provider "file"), and
 * the ones it disabled, each with Traefik's own reason. Routers of other providers are not
 * phoenix-mesh's to judge.
 */
import { describe, expect, it } from "vitest";
import { checkLiveRouters } from "../../src/domain/doctor/live-routers.js";

describe("checkLiveRouters", () => {
  it("is fine when every @file router is enabled, and counts them", () => {
    const findings = checkLiveRouters([
      { name: "a@file", provider: "file", status: "enabled" },
      { name: "b@file", status: "enabled" },
      { name: "c@file", provider: "file" },
      { name: "dashboard@internal", provider: "internal", status: "disabled", error: ["x"] },
    ]);
    expect(findings).toEqual([
      { check: "live.routers", status: "ok", message: "3 @file routers, all enabled" },
    ]);
  });

  it("names each disabled or failing @file router with Traefik's reason, and how to fix it", () => {
    const findings = checkLiveRouters([
      { name: "ok@file", provider: "file", status: "enabled" },
      {
        name: "off@file",
        provider: "file",
        status: "disabled",
        error: ['the service "nowhere@file" does not exist'],
      },
      { name: "warned", provider: "file", status: "warning", error: ["a", "b"] },
      { name: "errs@file", status: "enabled", error: ['entryPoint "websecure" doesn\'t exist'] },
      { name: "silent@file", status: "disabled" },
      { name: "other@docker", provider: "docker", status: "disabled", error: ["not ours"] },
    ]);
    expect(findings.map((f) => [f.check, f.status, f.message])).toEqual([
      ["live.routers", "error", 'router off@file is disabled: the service "nowhere@file" does not exist'],
      ["live.routers", "error", "router warned is warning: a; b"],
      ["live.routers", "error", 'router errs@file is enabled: entryPoint "websecure" doesn\'t exist'],
      ["live.routers", "error", "router silent@file is disabled: no reason given"],
    ]);
    for (const f of findings) expect(f.fix).toContain("render and deploy");
  });

  it("has nothing from files to judge when Traefik lists none", () => {
    expect(checkLiveRouters([])).toEqual([
      { check: "live.routers", status: "ok", message: "0 @file routers, all enabled" },
    ]);
  });
});
