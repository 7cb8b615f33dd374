/** The watched folder as Traefik's file provider reads it (pkg/provider/file, loadFileConfigFromDirectory). */
import { describe, expect, it } from "vitest";
import { checkDynamicDir, traefikReadOrder } from "../../src/domain/doctor/dynamic-dir.js";

const ours = { http: { routers: { portainer: { rule: "Host(`p.lan`)", service: "portainer" } } } };
const dir = "/etc/traefik/dynamic";
const live = `${dir}/dynamic_conf.yml`;
type Other = {
  name: string;
  config?: object;
  syntaxError?: { message: string; line: number; column: number };
};

/** checkDynamicDir on a folder holding `others` (the live file among them, or not). */
const check = (others: Other[], mode: "directory" | "filename" = "directory", ctid?: string) =>
  checkDynamicDir(
    dir,
    live,
    { exists: true, writable: true, others: others.map((o) => ({ config: undefined, ...o })) },
    ours,
    mode,
    ctid,
  );

describe("the watched folder", () => {
  it("is read depth first, each folder's entries in name order (os.ReadDir), subfolders and hidden ones included", () => {
    expect(
      traefikReadOrder([
        "z.yml",
        "dynamic_conf.yml",
        "backup/dynamic_conf.yml",
        ".hidden/a.yml",
        "a/b/c.toml",
        "a.yml",
      ]),
    ).toEqual([
      ".hidden/a.yml",
      "a/b/c.toml",
      "a.yml",
      "backup/dynamic_conf.yml",
      "dynamic_conf.yml",
      "z.yml",
    ]);
  });

  it("names which file Traefik serves when two define the same router", () => {
    const before = check([
      { name: "a.yml", config: ours },
      { name: "dynamic_conf.yml", config: ours },
    ]);
    expect(before.find((f) => f.check === "dir.collision")?.message).toContain(
      "Traefik reads a.yml first and serves its definition instead of dynamic_conf.yml's",
    );
    const after = check([
      { name: "dynamic_conf.yml", config: ours },
      { name: "z.yml", config: ours },
    ]);
    expect(after.find((f) => f.check === "dir.collision")?.message).toContain(
      "Traefik reads dynamic_conf.yml first",
    );
  });

  it("with providers.file.filename, other files are not read: no collision, no broken-file error", () => {
    const findings = check(
      [
        { name: "dynamic_conf.yml", config: ours },
        { name: "other.yml", config: ours },
        { name: "notes.yml", syntaxError: { message: "bad", line: 1, column: 1 } },
      ],
      "filename",
    );
    expect(findings.filter((f) => f.status !== "ok")).toEqual([]);
    expect(findings.find((f) => f.check === "dir.other-file")?.message).toContain(
      "reads only dynamic_conf.yml, not the 2 other files",
    );
  });

  it("calls a file Traefik cannot parse an error that blocks every change, with where it breaks", () => {
    const findings = check(
      [{ name: "notes.yml", syntaxError: { message: "unexpected end", line: 3, column: 7 } }],
      "directory",
      "102",
    );
    expect(findings.find((f) => f.check === "dir.broken-file")).toMatchObject({
      status: "error",
      message: expect.stringContaining(`${dir}/notes.yml:3:7 cannot be parsed (unexpected end)`),
      // A command to paste on the Proxmox host, not one that only works inside the container.
      fix: expect.stringContaining(
        "on the Proxmox host: pct exec 102 -- mv /etc/traefik/dynamic/notes.yml /root/",
      ),
    });
  });
});
