import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkUnit, fixUnit, parseUnit, sendsHup, unitNeedsFix } from "../../src/domain/doctor/unit.js";
import type { TraefikFacts } from "../../src/domain/doctor/facts.js";
import { PHOENIX_FIXTURES } from "../support/fixtures.js";

const PHOENIX_UNIT = readFileSync(join(PHOENIX_FIXTURES, "traefik.service"), "utf8");
const v3: TraefikFacts = { version: "v3.6.12", apiError: undefined, fileProviderAlive: true };
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

describe("each unit finding, in full", () => {
  const findings = (text: string, facts: Partial<TraefikFacts> = {}) =>
    checkUnit(parseUnit(text), { ...v3, ...facts });
  const service = (lines: string) => `[Service]\nExecStart=/usr/local/bin/traefik\n${lines}`;

  it("on Phoenix's unit and Traefik v3: the reload warns, names pkill's reach, and gives the fix", () => {
    expect(findings(PHOENIX_UNIT)).toEqual([
      {
        check: "unit.exec-reload",
        status: "warning",
        message:
          "ExecReload=/usr/bin/pkill -HUP traefik reloads Traefik v3.6.12 only while its file provider runs; if that provider ever fails to start, a reload kills Traefik, and pkill signals every process named traefik, not just this unit's",
        fix: "remove ExecReload and let the file watcher reload (providers.file.watch: true); or run phoenix-mesh doctor --fix",
      },
      {
        check: "unit.restart",
        status: "ok",
        message: "Restart=always: systemd brings Traefik back whatever ends it",
      },
      {
        check: "unit.type",
        status: "warning",
        message:
          "Type=simple: systemd considers Traefik started before it listens; Traefik v3.6.12 supports Type=notify",
        fix: "set Type=notify (and optionally WatchdogSec=) in the unit",
      },
    ]);
  });

  it("names killall as killall, and says nothing of other processes for kill $MAINPID", () => {
    expect(findings(service("ExecReload=/usr/bin/killall -HUP traefik\n"))[0]?.message).toContain(
      "a reload kills Traefik, and killall signals every process named traefik",
    );
    expect(findings(service("ExecReload=/bin/kill -HUP $MAINPID\n"))[0]?.message).toBe(
      "ExecReload=/bin/kill -HUP $MAINPID reloads Traefik v3.6.12 only while its file provider runs; if that provider ever fails to start, a reload kills Traefik",
    );
  });

  it("is fine without ExecReload, or with one that sends no SIGHUP (listing them)", () => {
    expect(findings(service("Restart=always\nType=notify\n"))).toEqual([
      {
        check: "unit.exec-reload",
        status: "ok",
        message: "no ExecReload: changes are picked up by the file watcher",
      },
      {
        check: "unit.restart",
        status: "ok",
        message: "Restart=always: systemd brings Traefik back whatever ends it",
      },
      { check: "unit.type", status: "ok", message: "Type=notify: systemd knows when Traefik is ready" },
    ]);
    expect(findings(service("ExecReload=/bin/true\nExecReload=/bin/kill -USR1 $MAINPID\n"))[0]).toEqual({
      check: "unit.exec-reload",
      status: "ok",
      message: "ExecReload does not send SIGHUP (/bin/true; /bin/kill -USR1 $MAINPID)",
    });
  });

  it("finds a SIGHUP in any of several ExecReload lines", () => {
    expect(findings(service("ExecReload=/bin/true\nExecReload=/bin/kill -HUP $MAINPID\n"))[0]?.status).toBe(
      "warning",
    );
  });

  it("calls the reload an error on Traefik v2, with its version", () => {
    expect(findings(PHOENIX_UNIT, { version: "v2.11.3" })[0]).toEqual({
      check: "unit.exec-reload",
      status: "error",
      message:
        "ExecReload=/usr/bin/pkill -HUP traefik sends SIGHUP, which terminates Traefik v2.11.3 (it has no SIGHUP handler)",
      fix: "remove ExecReload (Traefik's file watcher reloads), then systemctl daemon-reload; or run phoenix-mesh doctor --fix",
    });
  });

  it("calls the reload an error when the file provider is dead", () => {
    expect(findings(PHOENIX_UNIT, { version: "v3.6.12", fileProviderAlive: false })[0]).toEqual({
      check: "unit.exec-reload",
      status: "error",
      message:
        "ExecReload=/usr/bin/pkill -HUP traefik sends SIGHUP, but Traefik's file provider is not running, and without it SIGHUP terminates Traefik",
      fix: "fix the file provider (see the findings below), and remove ExecReload; or run phoenix-mesh doctor --fix",
    });
  });

  it("only warns, and judges no Type, when the version is unknown", () => {
    const f = findings(PHOENIX_UNIT, { version: undefined });
    expect(f[0]).toEqual({
      check: "unit.exec-reload",
      status: "warning",
      message:
        "ExecReload=/usr/bin/pkill -HUP traefik sends SIGHUP; whether that reloads or kills depends on the Traefik version, which could not be read",
      fix: "make the API reachable (--api) and run doctor again",
    });
    expect(f.map((x) => x.check)).toEqual(["unit.exec-reload", "unit.restart"]);
    expect(findings(PHOENIX_UNIT, { version: "v2.11.3" }).map((x) => x.check)).toEqual([
      "unit.exec-reload",
      "unit.restart",
    ]);
  });

  it.each(["on-failure", "on-abnormal"])(
    "calls Restart=%s an error with a SIGHUP reload, a warning without",
    (restart) => {
      expect(findings(service(`ExecReload=/bin/kill -HUP $MAINPID\nRestart=${restart}\n`))[1]).toEqual({
        check: "unit.restart",
        status: "error",
        message: `Restart=${restart} does not restart Traefik after a death by SIGHUP (systemd counts it as a clean exit), which ExecReload can cause`,
        fix: "set Restart=always (and RestartSec=2); or run phoenix-mesh doctor --fix",
      });
      expect(findings(service(`Restart=${restart}\n`))[1]).toEqual({
        check: "unit.restart",
        status: "warning",
        message: `Restart=${restart} does not restart Traefik after a death by SIGHUP (systemd counts it as a clean exit)`,
        fix: "set Restart=always (and RestartSec=2); or run phoenix-mesh doctor --fix",
      });
    },
  );

  it("warns that Traefik stays down with no Restart (systemd's default, no) or on-success", () => {
    for (const [lines, shown] of [
      ["", "no"],
      ["Restart=on-success\n", "on-success"],
      ["Restart=always\nRestart=no\n", "no"],
    ] as const)
      expect(findings(service(lines))[1]).toEqual({
        check: "unit.restart",
        status: "warning",
        message: `Restart=${shown}: Traefik stays down after any crash`,
        fix: "set Restart=always (and RestartSec=2); or run phoenix-mesh doctor --fix",
      });
  });

  it("takes the last Type, systemd's default simple when none", () => {
    expect(findings(service("Type=notify\nType=exec\n"))[2]?.message).toMatch(/^Type=exec: /);
    expect(findings(service(""))[2]?.message).toMatch(/^Type=simple: /);
  });
});

describe("parseUnit", () => {
  it("reads only [Service], skips # and ; comments, and keeps the first file systemctl cat names", () => {
    const unit = parseUnit(
      "# /etc/systemd/system/traefik.service\n[Unit]\nRestart=no\n[Service]\n; Restart=no\n# Restart=no\nRestart=always\n  ExecStart = /usr/local/bin/traefik  \n# /etc/systemd/system/traefik.service.d/override.conf\n[Service]\nRestartSec=2\n[Install]\nRestart=no\n",
    );
    expect(unit.path).toBe("/etc/systemd/system/traefik.service");
    expect(Object.fromEntries(unit.service)).toEqual({
      Restart: ["always"],
      ExecStart: ["/usr/local/bin/traefik"],
      RestartSec: ["2"],
    });
  });

  it("has no path for a unit file read directly, and ignores lines that are not assignments", () => {
    const unit = parseUnit("[Service]\nnot an assignment\n9Key=1\nExecStart=/x\n");
    expect(unit.path).toBeUndefined();
    expect([...unit.service.keys()]).toEqual(["ExecStart"]);
  });
});

describe("sendsHup, beyond the signal tools", () => {
  it.each([
    "/bin/echo -HUP",
    "/usr/local/bin/traefik -1",
    "/bin/systemctl reload-or-restart -s HUP traefik",
    "/bin/kill -s",
    "/bin/kill -s TERM -HUPX",
  ])("sees no SIGHUP in %s", (command) => {
    expect(sendsHup(command)).toBe(false);
  });

  it.each([
    "skill -HUP traefik",
    "/bin/kill -n1 $MAINPID",
    "+/bin/kill -sighup $MAINPID",
    "@/bin/kill -HUP $MAINPID",
    "/bin/kill -- -HUP",
  ])("sees SIGHUP in %s", (command) => {
    expect(sendsHup(command)).toBe(true);
  });
});

describe("fixUnit", () => {
  it("adds what is missing at the end of [Service], before its blank lines", () => {
    const text =
      "[Unit]\nDescription=Traefik\n\n[Service]\nExecStart=/usr/local/bin/traefik\n\n\n[Install]\nWantedBy=multi-user.target\n";
    expect(fixUnit(parseUnit(text), v3)).toBe(
      "[Unit]\nDescription=Traefik\n\n[Service]\nExecStart=/usr/local/bin/traefik\nRestart=always\nType=notify\n\n\n[Install]\nWantedBy=multi-user.target\n",
    );
  });

  it("adds them at the end when [Service] is last", () => {
    expect(fixUnit(parseUnit("[Service]\nExecStart=/usr/local/bin/traefik"), v3)).toBe(
      "[Service]\nExecStart=/usr/local/bin/traefik\nRestart=always\nType=notify",
    );
  });

  it("leaves Type alone when Traefik is not known to be v3", () => {
    for (const version of ["v2.11.3", undefined])
      expect(
        fixUnit(parseUnit("[Service]\nExecStart=/usr/local/bin/traefik\nType=simple\n"), { ...v3, version }),
      ).toBe("[Service]\nExecStart=/usr/local/bin/traefik\nType=simple\nRestart=always\n");
  });

  it("changes nothing outside [Service], and nothing in a unit that is already right", () => {
    const right =
      "[Unit]\nRestart=no\n[Service]\nType=notify\nExecStart=/usr/local/bin/traefik\nRestart=always\n";
    expect(fixUnit(parseUnit(right), v3)).toBeUndefined();
    expect(fixUnit(parseUnit("[Unit]\nDescription=Traefik\n"), v3)).toBeUndefined();
  });

  it("keeps a comment that only looks like systemctl cat's header when it is not the first line", () => {
    const text =
      "[Service]\n# /etc/systemd/system/traefik.service\nExecStart=/x\nRestart=always\nType=notify\nExecReload=/bin/kill -HUP $MAINPID\n";
    expect(fixUnit(parseUnit(text), v3)).toBe(
      "[Service]\n# /etc/systemd/system/traefik.service\nExecStart=/x\nRestart=always\nType=notify\n# ExecReload=/bin/kill -HUP $MAINPID  (removed by phoenix-mesh doctor --fix: SIGHUP can kill Traefik; the file watcher reloads)\n",
    );
  });

  it("keeps an ExecReload that sends no SIGHUP", () => {
    const text =
      "[Service]\nExecStart=/x\nExecReload=/bin/kill -USR1 $MAINPID\nRestart=always\nType=notify\n";
    expect(fixUnit(parseUnit(text), v3)).toBeUndefined();
  });
});

describe("the unit, at the edges of its reading", () => {
  it("looks for the signal only after the tool, not in an earlier command", () => {
    expect(sendsHup("/bin/echo -HUP; /bin/kill -TERM $MAINPID")).toBe(false);
    expect(sendsHup("/bin/kill -s XHUP $MAINPID")).toBe(false);
    expect(sendsHup("/bin/systemctl kill --signal=SIGHUP traefik")).toBe(true);
  });

  it("keeps a # inside a value (systemd has no inline comments)", () => {
    expect(parseUnit("[Service]\nDescription=Traefik #1\n").service.get("Description")).toEqual([
      "Traefik #1",
    ]);
  });

  it("needs a fix exactly when checkUnit finds fault", () => {
    expect(unitNeedsFix(parseUnit(PHOENIX_UNIT), v3)).toBe(true);
    expect(unitNeedsFix(parseUnit("[Service]\nExecStart=/x\nRestart=always\nType=notify\n"), v3)).toBe(false);
  });

  it("fixes indented settings and puts what it adds before blank lines that hold spaces", () => {
    expect(fixUnit(parseUnit("[Service]\n  Restart=no\n  ExecStart=/x\n   \n[Install]\n"), v3)).toBe(
      "[Service]\nRestart=always\n  ExecStart=/x\nType=notify\n   \n[Install]\n",
    );
  });

  it("leaves an ExecReload outside [Service] alone", () => {
    const text =
      "[Unit]\nExecReload=/bin/kill -HUP $MAINPID\n[Service]\nExecStart=/x\nRestart=always\nType=notify\n";
    expect(fixUnit(parseUnit(text), v3)).toBeUndefined();
  });
});
