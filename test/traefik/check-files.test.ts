/**
 * A folder of dynamic files judged together, as Traefik's directory provider reads it
 * (pkg/provider/file at the pinned tag, loadFileConfigFromDirectory): each file parsed on its
 * own, then merged in reading order; a name a later file defines again is skipped with a warning
 * ("already configured, skipping"), the first definition kept; TLS certificates, a list, are
 * joined; one file that cannot be read makes Traefik refuse the whole folder. Each problem is
 * reported at the line of the file that defines the object.
 */
import { describe, expect, it } from "vitest";
import { checkFiles } from "../../src/domain/traefik/check-files.js";

/** One object of every named section Traefik's directory provider merges by name. */
const SECTIONS: [section: string, kind: string, body: (v: string) => string][] = [
  ["http", "routers", (v) => `{rule: "Host(\`${v}.lan\`)", service: svc}`],
  ["http", "services", (v) => `{loadBalancer: {servers: [{url: "http://127.0.0.${v === "a" ? 1 : 2}:80"}]}}`],
  ["http", "middlewares", (v) => `{headers: {customRequestHeaders: {X-From: "${v}"}}}`],
  ["http", "serversTransports", (v) => `{serverName: "${v}.lan"}`],
  ["tcp", "routers", (v) => `{rule: "HostSNI(\`${v}.lan\`)", service: tsvc, tls: {}}`],
  ["tcp", "services", (v) => `{loadBalancer: {servers: [{address: "127.0.0.${v === "a" ? 1 : 2}:5432"}]}}`],
  ["tcp", "middlewares", (v) => `{ipAllowList: {sourceRange: ["10.0.${v === "a" ? 1 : 2}.0/24"]}}`],
  ["tcp", "serversTransports", (v) => `{dialTimeout: "${v === "a" ? 1 : 2}s"}`],
  ["udp", "routers", () => `{service: usvc}`],
  ["udp", "services", (v) => `{loadBalancer: {servers: [{address: "127.0.0.${v === "a" ? 1 : 2}:53"}]}}`],
  ["tls", "options", (v) => `{minVersion: ${v === "a" ? "VersionTLS12" : "VersionTLS13"}}`],
  ["tls", "stores", () => `{}`],
];

/** A file that defines `name` in every section, each body marked with `v`. */
function everySection(name: string, v: string): string {
  const bySection = new Map<string, string[]>();
  for (const [section, kind, body] of SECTIONS)
    bySection.set(section, [...(bySection.get(section) ?? []), `  ${kind}:\n    ${name}: ${body(v)}`]);
  return [...bySection].map(([section, kinds]) => `${section}:\n${kinds.join("\n")}`).join("\n") + "\n";
}

describe("a folder merged as Traefik merges it", () => {
  it("keeps the first definition of a name in every section, and warns at the later one's line", () => {
    const a = { path: "a.yml", text: everySection("dup", "a") };
    const b = { path: "b.yml", text: everySection("dup", "b") };
    const checked = checkFiles([a, b]);
    const duplicates = checked.diagnostics.filter((d) => d.code === "duplicate");
    expect(duplicates.map((d) => d.pointer)).toEqual(SECTIONS.map(([s, k]) => `/${s}/${k}/dup`));
    const lines = b.text.split("\n");
    for (const d of duplicates) {
      expect(d.severity).toBe("warning");
      expect(d.file).toBe("b.yml");
      expect(d.message).toContain("already configured in a.yml");
      expect(d.hint).toBeDefined();
      // The line that defines the name again, under its own section.
      expect(lines[d.line! - 1]).toMatch(/^ {4}dup: /);
    }
    // Each section has the one object, a.yml's.
    expect(checked.objects).toBe(SECTIONS.length);
    const merged = checked.config as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    for (const [section, kind] of SECTIONS) expect(Object.keys(merged[section]![kind]!)).toEqual(["dup"]);
    expect(merged["http"]!["routers"]!["dup"]!["rule"]).toBe("Host(`a.lan`)");
    expect(merged["tls"]!["options"]!["dup"]!["minVersion"]).toBe("VersionTLS12");
  });

  it("merges different names from each file, with no warning", () => {
    const checked = checkFiles([
      { path: "a.yml", text: everySection("one", "a") },
      { path: "b.yml", text: everySection("two", "b") },
    ]);
    expect(checked.diagnostics.filter((d) => d.code === "duplicate")).toEqual([]);
    expect(checked.objects).toBe(2 * SECTIONS.length);
  });

  it("joins the TLS certificates of every file, in reading order", () => {
    const cert = (n: string) =>
      `tls:\n  certificates:\n    - {certFile: /certs/${n}.crt, keyFile: /certs/${n}.key}\n`;
    const checked = checkFiles([
      { path: "a.yml", text: cert("a") },
      { path: "b.yml", text: cert("b") },
      { path: "c.yml", text: "http:\n  middlewares:\n    m: {stripPrefix: {prefixes: [/x]}}\n" },
    ]);
    const tls = (checked.config as { tls?: { certificates?: { certFile: string }[] } }).tls;
    expect(tls?.certificates?.map((c) => c.certFile)).toEqual(["/certs/a.crt", "/certs/b.crt"]);
    // No certificates anywhere: no empty list in their place.
    const none = checkFiles([
      { path: "c.yml", text: "http:\n  middlewares:\n    m: {stripPrefix: {prefixes: [/x]}}\n" },
    ]);
    expect((none.config as { tls?: unknown }).tls).toBeUndefined();
  });

  it.each([
    [1, "file"],
    [2, "folder"],
  ])(
    "refuses everything when one of %i file(s) cannot be read, as Traefik refuses the whole %s",
    (count, word) => {
      const files = [
        { path: "bad.yml", text: "http:\n  routers: [\n" },
        { path: "good.yml", text: everySection("x", "a") },
      ].slice(0, count);
      const checked = checkFiles(files);
      expect(checked.config).toBeUndefined();
      expect(checked.objects).toBe(0);
      const unreadable = checked.diagnostics.filter((d) => d.code === "file-unreadable");
      expect(unreadable).toHaveLength(1);
      expect(unreadable[0]!.severity).toBe("error");
      expect(unreadable[0]!.message).toContain(`refuses the whole ${word}`);
    },
  );
});

describe("where a problem is reported", () => {
  it("at the line of the file that defines the object, not the first file", () => {
    const a = {
      path: "a.yml",
      text: 'http:\n  routers:\n    fine: {rule: "Host(`a.lan`)", service: svc}\n  services:\n    svc: {loadBalancer: {servers: [{url: "http://127.0.0.1:80"}]}}\n',
    };
    const b = {
      path: "b.yml",
      text: '# a comment\nhttp:\n  routers:\n    broken:\n      rule: "Host(`b.lan`)"\n      service: nowhere\n',
    };
    const errors = checkFiles([a, b]).diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "b.yml", line: 6, pointer: "/http/routers/broken/service" });
    expect(errors[0]!.message).toContain("nowhere");
  });

  it("at the key as the file spells it, whatever its case (Traefik reads keys without regard to case)", () => {
    const file = {
      path: "c.yml",
      text: 'HTTP:\n  Routers:\n    r:\n      Rule: "Host(`c.lan`)"\n      Service: nowhere\n',
    };
    const errors = checkFiles([file]).diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "c.yml", line: 5 });
  });

  it("with its hint when it has one, and none made up when it has none", () => {
    const file = {
      path: "d.yml",
      text: [
        "http:",
        "  routers:",
        '    r: {rule: "Host(`d.lan`)", service: s, middlewares: [nope]}',
        "  services:",
        '    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:80"}], serversTransport: gone}}',
        "",
      ].join("\n"),
    };
    const byPointer = Object.fromEntries(
      checkFiles([file]).diagnostics.map((d) => [d.pointer, { line: d.line, hint: d.hint, file: d.file }]),
    );
    expect(byPointer["/http/routers/r/middlewares/0"]).toEqual({
      line: 3,
      file: "d.yml",
      hint: expect.stringContaining("nope@file"),
    });
    expect(byPointer["/http/services/s/loadBalancer/serversTransport"]).toEqual({
      line: 5,
      file: "d.yml",
      hint: undefined,
    });
    expect(
      "hint" in checkFiles([file]).diagnostics.find((d) => d.pointer?.endsWith("serversTransport"))!,
    ).toBe(false);
  });

  it("with what to do about a name defined twice", () => {
    const a = {
      path: "a.yml",
      text: 'http:\n  middlewares:\n    m: {headers: {customRequestHeaders: {X-A: "1"}}}\n',
    };
    const b = {
      path: "b.yml",
      text: 'http:\n  middlewares:\n    m: {headers: {customRequestHeaders: {X-B: "1"}}}\n',
    };
    expect(checkFiles([a, b]).diagnostics.find((d) => d.code === "duplicate")).toMatchObject({
      message: 'HTTP middleware "m" already configured in a.yml, skipping: Traefik keeps that one',
      hint: "give one of them another name, or remove this one",
      file: "b.yml",
      line: 3,
    });
  });

  it("under keys as the file spells them, into lists too", () => {
    const file = {
      path: "e.yml",
      text: 'http:\n  Routers:\n    r:\n      Rule: "Host(`e.lan`)"\n      Service: nowhere\n      Middlewares: [gone]\n',
    };
    const errors = checkFiles([file]).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.pointer, d.line])).toEqual([
      ["/http/routers/r/service", 5],
      ["/http/routers/r/middlewares/0", 6],
    ]);
  });
});
