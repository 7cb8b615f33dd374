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

describe("the watched folder's state", () => {
  it("is one error, with the command that fixes it, when the folder is missing (nothing else can be known)", () => {
    for (const [ctid, prefix] of [
      [undefined, ""],
      ["102", "on the Proxmox host: pct exec 102 -- "],
    ] as const)
      expect(
        checkDynamicDir(dir, live, { exists: false, writable: false, others: [] }, ours, "directory", ctid),
      ).toEqual([
        {
          check: "dir.exists",
          status: "error",
          message: `the dynamic folder ${dir} does not exist; a file provider watching it fails at start and takes SIGHUP handling with it`,
          fix: `create it and restart Traefik: ${prefix}sh -c 'mkdir -p ${dir} && systemctl restart traefik'`,
        },
      ]);
  });

  it("says the folder exists and is writable, or that the deploy cannot write it", () => {
    expect(checkDynamicDir(dir, live, { exists: true, writable: true, others: [] }, ours)).toEqual([
      { check: "dir.exists", status: "ok", message: `${dir} exists` },
      { check: "dir.writable", status: "ok", message: `${dir} is writable` },
    ]);
    expect(checkDynamicDir(dir, live, { exists: true, writable: false, others: [] }, ours)[1]).toEqual({
      check: "dir.writable",
      status: "error",
      message: `${dir} is not writable for the deploy`,
      fix: `check its owner and mode: chmod u+w ${dir}`,
    });
  });

  it("with providers.file.filename, counts one other file as one, and says nothing when the live file is alone", () => {
    const one = check([{ name: "dynamic_conf.yml", config: ours }, { name: "other.yml" }], "filename");
    expect(one.at(-1)).toEqual({
      check: "dir.other-file",
      status: "ok",
      message: "providers.file.filename: Traefik reads only dynamic_conf.yml, not the 1 other file beside it",
    });
    expect(check([{ name: "dynamic_conf.yml", config: ours }], "filename").map((f) => f.check)).toEqual([
      "dir.exists",
      "dir.writable",
    ]);
  });
});

describe("the other files Traefik reads beside the live one", () => {
  const leftover = (name: string) => check([{ name: "dynamic_conf.yml", config: ours }, { name }]).at(-1);

  // The names editors, package managers and half-finished writes leave (vim's .swp and ~, dpkg's
  // .old/.new, a hand-made .bak copy, `cp x.yml x.yml.yml`, a dotfile from an atomic write).
  it.each([
    ".dynamic_conf.yml.swp.yml",
    ".staging.yml",
    "dynamic_conf.yml~",
    "dynamic_conf.tmp.yml",
    "dynamic_conf.bak.yaml",
    "dynamic_conf.orig.toml",
    "dynamic_conf.swp.yml",
    "dynamic_conf.new.yml",
    "dynamic_conf.old.yml",
    "dynamic_conf.yml.yml",
    "routes.toml.yaml",
  ])("calls %s a leftover Traefik loads (a warning, with the command that moves it)", (name) => {
    expect(leftover(name)).toEqual({
      check: "dir.leftover",
      status: "warning",
      message: `${name} looks like a leftover of a half-finished write, and Traefik loads it`,
      fix: `move it out of ${dir}: mv ${dir}/${name} /root/`,
    });
  });

  it.each(["middlewares.yml", "tmp.yml", "old-routes.yaml", "bak.toml", "my.new-routes.yml", "x.yml.d.yml"])(
    "takes %s for a file of its own",
    (name) => {
      expect(leftover(name)).toEqual({
        check: "dir.other-file",
        status: "ok",
        message: `${name} is also loaded; it defines nothing the rendered file does`,
      });
    },
  );

  it("calls an old copy of the rendered file in a subfolder an error, read first or not", () => {
    const before = check([{ name: "a/dynamic_conf.yml" }, { name: "dynamic_conf.yml", config: ours }]).at(-1);
    expect(before).toEqual({
      check: "dir.leftover",
      status: "error",
      message: `${dir}/a/dynamic_conf.yml is an old copy of the rendered file in a subfolder, and Traefik reads subfolders too: it is read first, so its routes win over the live file's`,
      fix: `move it out of ${dir}: mv ${dir}/a/dynamic_conf.yml /root/`,
    });
    const after = check([{ name: "dynamic_conf.yml", config: ours }, { name: "z/dynamic_conf.yml" }]).at(-1);
    expect(after?.message).toBe(
      `${dir}/z/dynamic_conf.yml is an old copy of the rendered file in a subfolder, and Traefik reads subfolders too`,
    );
  });

  it("knows a renamed copy in a subfolder by its revision marker, and a file at the top by nothing", () => {
    const marked = { http: { middlewares: { "phoenix-mesh-revision-0123abcd": { headers: {} } } } };
    expect(
      check([
        { name: "dynamic_conf.yml", config: ours },
        { name: "old/routes.yml", config: marked },
      ]).at(-1),
    ).toMatchObject({
      check: "dir.leftover",
      status: "error",
    });
    expect(
      check([
        { name: "dynamic_conf.yml", config: ours },
        { name: "routes.yml", config: marked },
      ]).at(-1),
    ).toMatchObject({
      check: "dir.other-file",
      status: "ok",
    });
    const other = { http: { middlewares: { "my-revision-0123": { headers: {} } } } };
    expect(
      check([
        { name: "dynamic_conf.yml", config: ours },
        { name: "old/routes.yml", config: other },
      ]).at(-1),
    ).toMatchObject({
      check: "dir.other-file",
    });
  });

  it("lists every clash, of each kind, and says which file Traefik serves", () => {
    const ourFile = {
      http: {
        routers: { portainer: { rule: "Host(`p.lan`)", service: "portainer" } },
        services: { portainer: { loadBalancer: { servers: [{ url: "http://10.0.0.99:9000" }] } } },
        middlewares: { secure: { headers: {} } },
        serversTransports: { "portainer-tls": { insecureSkipVerify: false } },
      },
    };
    const findings = checkDynamicDir(
      dir,
      live,
      {
        exists: true,
        writable: true,
        others: [
          { name: "dynamic_conf.yml", config: ourFile },
          { name: "z.yml", config: ourFile },
        ],
      },
      ourFile,
    );
    expect(findings.at(-1)).toEqual({
      check: "dir.collision",
      status: "error",
      message:
        'z.yml also defines router portainer, service portainer, middleware secure, serversTransport portainer-tls: Traefik reads dynamic_conf.yml first and serves its definition, with only "already configured, skipping" in its log',
      fix: "remove those from z.yml, or rename the routes",
    });
  });

  it("says another file wins when the live file is not there yet", () => {
    expect(check([{ name: "z.yml", config: ours }]).at(-1)?.message).toContain(
      "Traefik reads z.yml first and serves its definition instead of dynamic_conf.yml's",
    );
  });

  it("does not call a same-named object of another kind a clash", () => {
    const service = {
      http: { services: { portainer: { loadBalancer: { servers: [{ url: "http://x:1" }] } } } },
    };
    expect(
      check([
        { name: "dynamic_conf.yml", config: ours },
        { name: "z.yml", config: service },
      ]).at(-1)?.check,
    ).toBe("dir.other-file");
  });

  it("with no rendered file to compare, reports other files without clashes", () => {
    const findings = checkDynamicDir(
      dir,
      live,
      { exists: true, writable: true, others: [{ name: "z.yml", config: ours }] },
      undefined,
    );
    expect(findings.at(-1)?.check).toBe("dir.other-file");
  });
});
