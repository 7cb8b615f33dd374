/**
 * Property: any inventory the validator accepts renders YAML that parses, passes the Traefik
 * schema, and has every reference resolved — whatever names, ports and addresses it holds.
 */
import fc from "fast-check";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/adapters/io/load-templates.js";
import { templateEngine, type TemplateEngine } from "../../src/domain/render/handlebars.js";
import { runRenderPipeline } from "../../src/domain/render/pipeline.js";
import type { TemplateSet } from "../../src/domain/render/template-set.js";
import { readDynamicShape } from "../../src/domain/traefik/dynamic-schema.js";
import { resolveSettings } from "../../src/adapters/settings/resolve.js";
import { checkReferences } from "../../src/domain/traefik/check-dynamic.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";

let templates: TemplateSet;
let engine: TemplateEngine;
beforeAll(async () => {
  templates = await loadTemplates(undefined);
  engine = await templateEngine(templates);
});

// Names: mostly DNS-like, sometimes hostile (quotes, backticks, newlines, `||`, unicode, dots).
const label = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,8}[a-zA-Z0-9]$/);
const hostile = fc.constantFrom(
  'a"b',
  "a`b",
  "a\nb",
  "a || b",
  "ä",
  "a:b",
  "-a",
  "a.",
  "a..b",
  "{{x}}",
  "",
  "a b",
  "A_b",
);
const name = fc.oneof(
  { weight: 14, arbitrary: label },
  { weight: 1, arbitrary: fc.tuple(label, label).map(([a, b]) => `${a}.${b}`) },
  { weight: 1, arbitrary: hostile },
);
const port = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 65535 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 70000, "8080", 1.5, -1) },
);
const ip = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `10.${a}.${b}.${c}/24`),
  },
  { weight: 1, arbitrary: fc.constantFrom("dhcp", "fd00::1/64", "10.0.0.300/24", "nonsense", "::1") },
);
const guest = fc.record(
  {
    name,
    is_template: fc.boolean(),
    network_config: fc.record({ ip }, { requiredKeys: [] }),
    ports: fc.array(
      fc
        .tuple(fc.integer({ min: 0, max: 70000 }), fc.integer({ min: 0, max: 70000 }))
        .map(([h, c]) => `${h}:${c}`),
      { maxLength: 2 },
    ),
    traefik_service: fc.record(
      {
        name,
        port,
        scheme: fc.constantFrom("http", "https"),
        hosts: fc.array(
          fc.tuple(label, label).map(([a, b]) => `${a}.${b}.lan`),
          { minLength: 1, maxLength: 2 },
        ),
      },
      { requiredKeys: ["name", "port"] },
    ),
  },
  { requiredKeys: ["name"] },
);
const inventory = fc.record({
  lxcs: fc.array(guest, { maxLength: 8 }),
  vms: fc.array(fc.tuple(guest, fc.constantFrom(undefined, "primary", "agent")), { maxLength: 4 }),
  domain: fc.constantFrom("example.lan", "internal.example.lan", "Lab.Example.COM"),
});

/** The render pipeline on an inventory given as values, with settings as phoenix-mesh.yaml holds them. */
function render(hypervisor: unknown, lxcConfigs: unknown, vms: unknown, settings?: Record<string, unknown>) {
  const source = (path: string, value: unknown) => ({ path, text: JSON.stringify(value, null, 2) });
  return runRenderPipeline({
    inventory: {
      hypervisor: source("h.json", hypervisor),
      lxc: source("l.json", { lxc_configs: lxcConfigs }),
      vm: source("v.json", { vms }),
    },
    settings: resolveSettings({
      flags: {},
      env: {},
      file: settings === undefined ? undefined : { path: "/x/pm.yaml", content: settings },
      cwd: "/x",
    }).settings,
    settingsSource: undefined,
    engine,
    templates,
    staticConfig: undefined,
    outputName: "dynamic_conf.yml",
    outputLabel: "out.yml",
    tool: { name: "phoenix-mesh", version: "0.0.0" },
  });
}

describe("render, for any inventory", () => {
  it("produces valid, fully referenced Traefik configuration whenever it accepts the input", () => {
    let accepted = 0;
    let routed = 0;
    fc.assert(
      fc.property(inventory, ({ lxcs, vms, domain }) => {
        const lxcConfigs = Object.fromEntries(lxcs.map((g, i) => [String(100 + i), g]));
        const vmList = vms.map(([g, role], i) => ({
          vmid: 1000 + i,
          ...g,
          ...(role === undefined ? {} : { portainer_role: role }),
        }));
        const outcome = render(
          {
            domain_name: domain,
            network: { portainer_server_port: 9443 },
            portainer_api: { portainer_hostname: `portainer.${domain}`, admin_password: "s3cret!" },
          },
          lxcConfigs,
          vmList,
          { backend_tls: { root_cas: ["/ca.crt"] } },
        );
        if (!outcome.ok) {
          // Rejected input is explained: at least one error, each with a file and a message.
          expect(outcome.diagnostics.some((d) => d.severity === "error")).toBe(true);
          for (const d of outcome.diagnostics) expect(d.message.length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        if (outcome.model.routers.length > 0) routed++;
        expect(outcome.text).not.toContain("s3cret!");
        const parsed = parse(outcome.text, { uniqueKeys: true }) as DynamicConfig; // the strict, slow parser
        expect(readDynamicShape(parsed).problems).toEqual([]);
        expect(checkReferences(parsed).filter((d) => d.severity === "error")).toEqual([]);
        for (const router of outcome.model.routers) {
          for (const host of router.hosts)
            expect(parsed.http?.routers?.[router.id]?.rule).toContain(`Host(\`${host}\`)`);
        }
      }),
      // A fixed seed keeps CI reproducible; PHOENIX_MESH_FC_SEED explores others.
      { numRuns: 300, seed: Number(process.env["PHOENIX_MESH_FC_SEED"] ?? 20261125) },
    );
    // The property is only worth something if many generated inventories are accepted and routed.
    expect(accepted).toBeGreaterThan(50);
    expect(routed).toBeGreaterThan(30);
  });

  // Over-rejection would pass the property above unnoticed (a rejection only has to explain
  // itself): inventories valid by the rules themselves must all render, every guest routed.
  it("accepts every valid inventory: IPv4 with or without a prefix, IPv6, names at the length limits, any port", () => {
    const v4 = fc
      .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.option(fc.integer({ min: 0, max: 32 })))
      .map(([a, b, c, p]) => `10.${a}.${b}.${c}${p === null ? "" : `/${p}`}`);
    const v6 = fc
      .tuple(fc.integer({ min: 1, max: 0xffff }), fc.option(fc.integer({ min: 0, max: 128 })))
      .map(([h, p]) => `fd00::${h.toString(16)}${p === null ? "" : `/${p}`}`);
    const longLabel = fc.integer({ min: 1, max: 61 }).map((n) => `z${"9".repeat(n)}`); // up to 62, as a suffix
    const valid = fc.record({
      guests: fc.uniqueArray(
        fc.record({
          label: fc.oneof(label, longLabel),
          ip: fc.oneof(v4, v6),
          port: fc.integer({ min: 1, max: 65535 }),
          vm: fc.boolean(),
        }),
        { minLength: 1, maxLength: 8, selector: (g) => g.label.toLowerCase() },
      ),
      domain: fc.constantFrom("example.lan", "internal.example.lan", "Lab.Example.COM"),
    });
    fc.assert(
      fc.property(valid, ({ guests, domain }) => {
        const entry = (g: (typeof guests)[number]) => ({
          name: g.label,
          network_config: { ip: g.ip },
          traefik_service: { name: g.label, port: g.port, scheme: "http" },
        });
        const lxcs = guests.filter((g) => !g.vm);
        const vms = guests.filter((g) => g.vm);
        const outcome = render(
          { domain_name: domain },
          Object.fromEntries(lxcs.map((g, i) => [String(100 + i), entry(g)])),
          vms.map((g, i) => ({ vmid: 1000 + i, ...entry(g) })),
        );
        expect(outcome.ok ? [] : outcome.diagnostics.map((d) => d.message)).toEqual([]);
        if (!outcome.ok) return;
        expect(outcome.model.routers.map((r) => r.name).sort()).toEqual(guests.map((g) => g.label).sort());
        for (const g of guests) {
          const address = g.ip.split("/")[0]!.toLowerCase();
          const host = address.includes(":") ? `[${address}]` : address;
          expect(outcome.text).toContain(`"http://${host}:${g.port}"`);
        }
      }),
      { numRuns: 200, seed: Number(process.env["PHOENIX_MESH_FC_SEED"] ?? 20261202) },
    );
  });
});
