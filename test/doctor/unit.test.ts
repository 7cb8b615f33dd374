import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkUnit, fixUnit, parseUnit } from "../../src/domain/doctor/unit.js";
import { PHOENIX_FIXTURES } from "../support/fixtures.js";

const PHOENIX_UNIT = readFileSync(join(PHOENIX_FIXTURES, "traefik.service"), "utf8");
const v3 = { version: "v3.6.12", apiError: undefined, fileProviderAlive: true };
const statuses = (text: string, facts = v3) =>
  Object.fromEntries(checkUnit(parseUnit(text), facts).map((f) => [f.check, f.status]));

describe("the systemd unit", () => {
  it("warns about Phoenix's pkill -HUP reload on a v3 with a healthy file provider", () => {
    expect(statuses(PHOENIX_UNIT)).toEqual({
      "unit.exec-reload": "warning",
      "unit.restart": "ok",
      "unit.type": "warning",
    });
  });

  it("calls the same reload an error when the file provider is dead, or on Traefik v2", () => {
    expect(statuses(PHOENIX_UNIT, { ...v3, fileProviderAlive: false })["unit.exec-reload"]).toBe("error");
    expect(statuses(PHOENIX_UNIT, { ...v3, version: "v2.11.3" })["unit.exec-reload"]).toBe("error");
  });

  it("calls Restart=on-failure with a SIGHUP reload an error: systemd does not restart after a death by SIGHUP", () => {
    expect(statuses(PHOENIX_UNIT.replace("Restart=always", "Restart=on-failure"))["unit.restart"]).toBe(
      "error",
    );
  });

  it("follows drop-ins as systemctl cat prints them (an empty ExecReload= resets it)", () => {
    const cat = `# /etc/systemd/system/traefik.service\n${PHOENIX_UNIT}\n# /etc/systemd/system/traefik.service.d/override.conf\n[Service]\nExecReload=\nType=notify\n`;
    expect(statuses(cat)).toEqual({ "unit.exec-reload": "ok", "unit.restart": "ok", "unit.type": "ok" });
  });

  it("fixes Phoenix's unit into one that passes, keeping everything else", () => {
    const fixed = fixUnit(parseUnit(`# /etc/systemd/system/traefik.service\n${PHOENIX_UNIT}`), v3)!;
    expect(statuses(fixed)).toEqual({ "unit.exec-reload": "ok", "unit.restart": "ok", "unit.type": "ok" });
    expect(fixed).toContain("ExecStart=/usr/local/bin/traefik --configfile=/etc/traefik/traefik.yml");
    expect(fixed).toContain(
      "# ExecReload=/usr/bin/pkill -HUP traefik  (removed by phoenix-mesh doctor --fix",
    );
    expect(fixed).not.toMatch(/^# \/etc\/systemd/);
    expect(fixUnit(parseUnit(fixed), v3)).toBeUndefined();
  });
});
