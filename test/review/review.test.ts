import { describe, expect, it } from "vitest";
import { diffConfigs } from "../../src/domain/diff/semantic.js";
import { buildPrBody } from "../../src/domain/review/pr-body.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";
import { runCli } from "../support/cli.js";
import { tempDir, writeFiles } from "../support/fixtures.js";
import { readMarkdown } from "../support/markdown.js";
import { config, review } from "../support/review.js";

describe("what a changed host row says", () => {
  it("names each aspect that changed: port, scheme, address, transport, middlewares", () => {
    const before = config({
      a: { url: "http://10.0.0.5:8081" },
      b: { url: "http://10.0.0.6:80", middlewares: ["x"] },
    });
    const after = config(
      {
        a: { url: "https://10.0.0.5:8082", transport: "tls" },
        b: { url: "http://10.0.0.7", middlewares: ["y"] },
      },
      { serversTransports: { tls: { rootCAs: ["/ca.crt"] } } },
    );
    const hosts = diffConfigs(before, after).hosts;
    expect(hosts.find((h) => h.host === "a.internal.lan")?.what).toEqual([
      "scheme http → https",
      "port 8081 → 8082",
      "transport none → tls",
    ]);
    // http://10.0.0.7 is port 80: the same port as before, so only the address changes.
    expect(hosts.find((h) => h.host === "b.internal.lan")?.what).toEqual([
      "address 10.0.0.6 → 10.0.0.7",
      "middleware +y",
      "middleware −x",
    ]);
  });

  it("reports a middleware redefined under the same name (regression: an ipAllowList opened to 0.0.0.0/0 was 'no routing changes')", async () => {
    const lan = { ipAllowList: { sourceRange: ["10.0.0.0/24"] } };
    const world = { ipAllowList: { sourceRange: ["0.0.0.0/0"] } };
    const before = config(
      { a: { url: "http://10.0.0.5:80", middlewares: ["lan-only"] } },
      { middlewares: { "lan-only": lan } },
    );
    const after = config(
      { a: { url: "http://10.0.0.5:80", middlewares: ["lan-only"] } },
      { middlewares: { "lan-only": world } },
    );
    const diff = diffConfigs(before, after);
    expect(diff.hosts).toMatchObject([
      { host: "a.internal.lan", change: "changed", what: ["middleware lan-only redefined"] },
    ]);
    const dir = await tempDir();
    const yaml = (c: DynamicConfig) => JSON.stringify(c);
    await writeFiles(dir, { "old.yml": yaml(before), "new.yml": yaml(after) });
    const run = await runCli(["diff", "--exit-code", `${dir}/old.yml`, `${dir}/new.yml`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("~ a.internal.lan");
  });

  it("orders rows by risk, then naturally (svc-2 before svc-10)", () => {
    const before = config({
      "svc-10": { url: "http://10.0.0.10:80" },
      "svc-2": { url: "http://10.0.0.2:80" },
      gone: { url: "http://10.0.0.9:80" },
    });
    const after = config({
      "svc-10": { url: "http://10.0.0.10:81" },
      "svc-2": { url: "http://10.0.0.2:81" },
      "new-1": { url: "http://10.0.0.11:80" },
    });
    const r = review(before, after);
    expect([...r.plan.removed, ...r.plan.changed, ...r.plan.added].map((x) => x.host)).toEqual([
      "gone.internal.lan",
      "svc-2.internal.lan",
      "svc-10.internal.lan",
      "new-1.internal.lan",
    ]);
    expect(r.title).toBe("routes: −gone ~svc-2 ~svc-10 and 1 more (+1 ~2 −1)");
    const body = buildPrBody(r, "f.yml");
    expect(body.indexOf("### 🔴 Removed (1)")).toBeLessThan(body.indexOf("### 🟡 Changed (2)"));
    expect(body.indexOf("### 🟡 Changed (2)")).toBeLessThan(body.indexOf("### 🟢 Added (1)"));
  });
});

describe("the title", () => {
  it("names up to three hosts and counts the rest correctly", () => {
    const one = review(config({}), config({ grafana: { url: "http://10.0.0.160:3000" } }));
    expect(one.title).toBe("routes: +grafana");
    expect(one.summary).toBe("1 host added, 0 changed, 0 removed");
    const many = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`h${i}`, { url: `http://10.0.1.${i}:80` }]),
    );
    expect(review(config({}), config(many)).title).toBe("routes: +h0 +h1 +h2 and 9 more (+12)");
  });

  it("stays within GitHub's 256 characters whatever the names", () => {
    const long = "a".repeat(60);
    const names = Object.fromEntries(
      [1, 2, 3, 4].map((i) => [`${long}${i}`, { url: `http://10.0.0.${i}:80` }]),
    );
    const title = review(config({}), config(names)).title;
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title).toMatch(/^routes: \+a{39}… \+a{39}… \+a{39}… and 1 more \(\+4\)$/);
  });
});

describe("the warnings", () => {
  const https = (transport: string) => ({ url: "https://10.0.0.111:9443", transport });

  it("say what Traefik really checks of each HTTPS backend (regression: 'trusted' with verification off)", () => {
    const after = config(
      { portainer: https("portainer-tls"), agent: https("agent-tls"), bare: { url: "https://10.0.0.8:443" } },
      {
        serversTransports: {
          "portainer-tls": { rootCAs: ["/etc/step-ca/ssl/phoenix_root_ca.crt"] },
          "agent-tls": { insecureSkipVerify: true },
        },
      },
    );
    const body = buildPrBody(review(config({}), after), "f.yml");
    expect(body).toContain(
      "🔒 HTTPS backends whose certificate must chain to `/etc/step-ca/ssl/phoenix_root_ca.crt` and name the address in the backend URL (`portainer-tls`): `portainer.internal.lan`.",
    );
    expect(body).toContain(
      "⚠️ HTTPS backends with certificate verification **DISABLED** (`agent-tls`: insecureSkipVerify): `agent.internal.lan`.",
    );
    expect(body).toContain(
      "🔒 HTTPS backends with **no serversTransport** (Traefik trusts only the system's CAs): `bare.internal.lan`.",
    );
    expect(body).not.toMatch(/trusted/);
  });

  it("mention only transports that are new or changed: a port bump behind an unchanged transport says nothing of TLS", () => {
    const transports = { serversTransports: { "portainer-tls": { insecureSkipVerify: true } } };
    const before = config({ portainer: https("portainer-tls") }, transports);
    const after = config(
      { portainer: { ...https("portainer-tls"), url: "https://10.0.0.111:9444" } },
      transports,
    );
    const body = buildPrBody(review(before, after), "f.yml");
    expect(body).toContain("`port 9443 → 9444`");
    expect(body).not.toContain("DISABLED");
    const widened = config(
      { portainer: https("portainer-tls") },
      { serversTransports: { "portainer-tls": {} } },
    );
    expect(buildPrBody(review(widened, before), "f.yml")).toContain("**DISABLED**");
  });

  it("list every render warning: the first five, the rest folded", () => {
    const warnings = Array.from(
      { length: 12 },
      (_, i) => `phoenix-mesh.yaml:${i + 1}:3: warning ${i + 1} <b>not html</b>`,
    );
    const body = buildPrBody(
      review(config({}), config({ a: { url: "http://10.0.0.5:80" } }), warnings),
      "f.yml",
    );
    expect(body).toContain("- 📝 phoenix-mesh.yaml:5:3: warning 5 \\<b\\>not html\\</b\\>");
    expect(body).toContain("<details><summary>7 more render warnings</summary>");
    expect(body).toContain("- 📝 phoenix-mesh.yaml:12:3: warning 12");
    expect(readMarkdown(body).problems).toEqual([]);
  });
});
