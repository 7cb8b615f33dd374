import { describe, expect, it } from "vitest";
import { shellQuote } from "../../src/core/text/shell-quote.js";
import { sshArgv, sshExitArgv } from "../../src/adapters/targets/host.js";
import { pct } from "../../src/adapters/targets/pct-commands.js";
import { reloadArgv, checkReloadSupported } from "../../src/adapters/targets/reload.js";
import { parseTargetUrl } from "../../src/adapters/targets/target-url.js";

describe("deploy target URLs", () => {
  it.each([
    [
      "pct://102/etc/traefik/dynamic/dynamic_conf.yml",
      { kind: "pct", ctid: "102", path: "/etc/traefik/dynamic/dynamic_conf.yml" },
    ],
    [
      "ssh://root@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml",
      {
        kind: "ssh",
        user: "root",
        host: "pve.lan",
        port: undefined,
        ctid: "102",
        path: "/etc/traefik/dynamic/dynamic_conf.yml",
      },
    ],
    [
      "ssh://pve.lan:2222/pct/102/etc/traefik/dynamic/x.yaml",
      {
        kind: "ssh",
        user: undefined,
        host: "pve.lan",
        port: 2222,
        ctid: "102",
        path: "/etc/traefik/dynamic/x.yaml",
      },
    ],
    [
      "file:///etc/traefik/dynamic/dynamic_conf.yml",
      { kind: "dir", path: "/etc/traefik/dynamic/dynamic_conf.yml" },
    ],
  ])("parses %s", (url, spec) => {
    expect(parseTargetUrl(url)).toEqual(spec);
  });

  it.each([
    ["pct://abc/etc/x.yml", /container id/],
    ["pct://102/etc/traefik/dynamic/dynamic_conf", /only reads .yml, .yaml and .toml/],
    ["ssh://root@pve/102/etc/x.yml", /\/pct\/<container id>/],
    ["file://host/etc/x.yml", /local path/],
    ["http://x/etc/x.yml", /unknown scheme/],
    // Nothing that could reach ssh as an option, or break a line (regression: the user part was not checked).
    ["ssh://-oProxyCommand=touch%20x@pve/pct/102/etc/x.yml", /not a user name/],
    ["ssh://-oProxyCommand=x@pve/pct/102/etc/x.yml", /not a user name/],
    ["ssh://root@-pve/pct/102/etc/x.yml", /not a host name/],
    ["ssh://root:secret@pve/pct/102/etc/x.yml", /no password/],
    ["ssh://root@pve/pct/102/etc/x.yml\nssh://evil/pct/1/x.yml", /whitespace or a control character/],
    ["pct://102/etc/traefik/dynamic/a%0Ab.yml", /control character/],
  ])("rejects %s with a message that says what to write", (url, message) => {
    expect(() => parseTargetUrl(url)).toThrow(message);
  });
});

describe("argv for pct, ssh and reload", () => {
  it("uses pct's real syntax", () => {
    expect(pct.push("102", "/tmp/f", "/etc/traefik/dynamic/.x.staged", "0644")).toEqual([
      "pct",
      "push",
      "102",
      "/tmp/f",
      "/etc/traefik/dynamic/.x.staged",
      "--perms",
      "0644",
    ]);
    expect(pct.pull("102", "/etc/x.yml", "/tmp/y")).toEqual(["pct", "pull", "102", "/etc/x.yml", "/tmp/y"]);
    expect(pct.exec("102", ["mv", "-f", "a", "b"])).toEqual([
      "pct",
      "exec",
      "102",
      "--",
      "mv",
      "-f",
      "a",
      "b",
    ]);
  });

  it("quotes every word that crosses SSH for the remote shell", () => {
    const argv = sshArgv(
      { user: "root", host: "pve.lan", port: 2222, extraOptions: ["-i", "/k"], controlDir: "/c" },
      ["pct", "exec", "102", "--", "mv", "a b", "it's;rm -rf /", "$(x)"],
    );
    expect(argv.slice(-5)).toEqual([
      "-l",
      "root",
      "--",
      "pve.lan",
      "pct exec 102 -- mv 'a b' 'it'\\''s;rm -rf /' '$(x)'",
    ]);
    expect(argv).toContain("BatchMode=yes");
    expect(argv.slice(argv.indexOf("-p"), argv.indexOf("-p") + 2)).toEqual(["-p", "2222"]);
  });

  it("closes the shared connection with the same host, port, user and options that opened it", () => {
    const options = {
      user: "root",
      host: "pve.lan",
      port: 2222,
      extraOptions: ["-i", "/k"],
      controlDir: "/c",
    };
    const open = sshArgv(options, ["true"]);
    expect(sshExitArgv(options)).toEqual([
      ...open.slice(0, open.indexOf("--")),
      "-O",
      "exit",
      "--",
      "pve.lan",
    ]);
  });

  it("quotes so that sh reads back exactly the original words", async () => {
    const { execFileSync } = await import("node:child_process");
    const words = ["plain", "a b", "it's", "$(echo no)", "`x`", "a\nb", "", "*", "~root"];
    const out = execFileSync("sh", ["-c", `printf '%s\\0' ${words.map(shellQuote).join(" ")}`]).toString();
    expect(out.split("\0").slice(0, -1)).toEqual(words);
  });

  it("reloads by watch (nothing), SIGHUP or restart, and refuses SIGHUP on Traefik v2", () => {
    expect(reloadArgv("watch")).toBeUndefined();
    expect(reloadArgv("sighup")).toEqual(["pkill", "-HUP", "-x", "traefik"]);
    expect(reloadArgv("restart")).toEqual(["systemctl", "restart", "traefik"]);
    expect(() => checkReloadSupported("sighup", "v2.11.0")).toThrow(/no SIGHUP handler/);
    expect(() => checkReloadSupported("sighup", "v3.6.12")).not.toThrow();
  });
});
