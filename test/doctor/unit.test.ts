import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkUnit, fixUnit, parseUnit, sendsHup } from "../../src/domain/doctor/unit.js";
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

  // The forms kill(1) (procps and util-linux), pkill(1), killall(1) and systemctl kill take, as
  // units write them: systemd's command prefixes, full paths, sh -c.
  it.each([
    "/usr/bin/pkill -HUP traefik",
    "/bin/kill -HUP $MAINPID",
    "/bin/kill -s HUP $MAINPID",
    "/bin/kill -s SIGHUP $MAINPID",
    "/bin/kill -sHUP $MAINPID",
    "/bin/kill --signal HUP $MAINPID",
    "/bin/kill --signal=SIGHUP $MAINPID",
    "/bin/kill -1 $MAINPID",
    "/bin/kill -n 1 $MAINPID",
    "/bin/kill -SIGHUP $MAINPID",
    "-/bin/kill -hup $MAINPID",
    "pkill --signal HUP traefik",
    "pkill --signal=HUP -x traefik",
    "killall -HUP traefik",
    "killall -s HUP traefik",
    "/bin/systemctl kill -s HUP traefik.service",
    "/bin/systemctl kill --signal=SIGHUP traefik.service",
    "/bin/sh -c 'kill -HUP $MAINPID'",
  ])("sees that ExecReload=%s sends SIGHUP", (command) => {
    expect(sendsHup(command)).toBe(true);
    expect(
      statuses(`[Service]\nExecStart=/usr/local/bin/traefik\nExecReload=${command}\nRestart=always\n`)[
        "unit.exec-reload"
      ],
    ).toBe("warning");
  });

  it.each([
    "/bin/kill -TERM $MAINPID",
    "/bin/kill -s USR1 $MAINPID",
    "/usr/bin/pkill -u 1 traefik",
    "/bin/systemctl restart traefik",
    "/usr/local/bin/traefik healthcheck",
    "/bin/kill -15 $MAINPID",
  ])("sees that ExecReload=%s sends no SIGHUP", (command) => {
    expect(sendsHup(command)).toBe(false);
  });

  it("reads `Key = value` with spaces as systemd does, and --fix edits those lines in place", () => {
    const unit =
      "[Unit]\nDescription=Traefik\n\n[Service]\nType = notify\nExecStart = /usr/local/bin/traefik --configfile=/etc/traefik/traefik.yml\nExecReload = /bin/kill -s HUP $MAINPID\nRestart = on-failure\n\n[Install]\nWantedBy=multi-user.target\n";
    expect(statuses(unit)).toEqual({
      "unit.exec-reload": "warning",
      "unit.restart": "error",
      "unit.type": "ok",
    });
    const fixed = fixUnit(parseUnit(unit), v3)!;
    expect(fixed).toContain(
      "# ExecReload = /bin/kill -s HUP $MAINPID  (removed by phoenix-mesh doctor --fix",
    );
    expect(fixed.match(/^Restart\s*=/gm)).toEqual(["Restart="]);
    expect(fixed).toContain("Restart=always");
    expect(fixed).toContain("Type = notify");
    expect(statuses(fixed)).toEqual({ "unit.exec-reload": "ok", "unit.restart": "ok", "unit.type": "ok" });
    expect(fixUnit(parseUnit(fixed), v3)).toBeUndefined();
  });
});
