/**
 * The host → backend table `render` prints: one row per host, sorted, with the name Traefik
 * checks each HTTPS backend's certificate for (the URL's address, a server_name, or NOT VERIFIED).
 */
import { describe, expect, it } from "vitest";
import { formatRouteTable, formatTable, routeRows } from "../../src/domain/render/route-table.js";
import type { RouterModel, TemplateModel } from "../../src/domain/model/template-model.js";

const router = (over: Partial<RouterModel>): RouterModel => ({
  id: "r",
  name: "r",
  hosts: [],
  rule: "",
  entryPoints: ["websecure"],
  middlewares: [],
  service: "r",
  tls: null,
  guest: null,
  convention: "traefik_service",
  ...over,
});

// Portainer (VM 8001, HTTPS, Phoenix's root CA), a Grafana LXC over plain HTTP, an agent with its
// own certificate (verification off), an IPv6 guest, and a route from the settings.
const model = {
  routers: [
    router({
      id: "portainer",
      hosts: ["portainer.lan"],
      service: "portainer",
      guest: { kind: "vm", id: "8001", name: "Portainer" },
      convention: "portainer_role",
    }),
    router({
      id: "grafana",
      hosts: ["grafana.lan", "metrics.lan"],
      service: "grafana",
      guest: { kind: "lxc", id: "953", name: "Grafana" },
    }),
    router({
      id: "agent",
      hosts: ["agent.lan"],
      service: "agent",
      guest: { kind: "vm", id: "8002", name: "Agent" },
    }),
    router({ id: "v6", hosts: ["v6.lan"], service: "v6", guest: { kind: "lxc", id: "960", name: "v6" } }),
    router({
      id: "dashboard",
      hosts: ["dash.lan"],
      service: "api@internal",
      entryPoints: ["web", "websecure"],
    }),
  ],
  services: [
    { id: "portainer", url: "https://10.0.0.111:9443", scheme: "https", transport: "portainer-tls" },
    { id: "grafana", url: "http://10.0.0.153:3000", scheme: "http", transport: null },
    { id: "agent", url: "https://10.0.0.112:9001", scheme: "https", transport: "agent-tls" },
    { id: "v6", url: "https://[fd00::141]:8443", scheme: "https", transport: "v6-tls" },
  ],
  transports: [
    {
      id: "portainer-tls",
      serverName: "portainer.internal.thinkheads.ai",
      rootCAs: ["/ca.crt"],
      insecureSkipVerify: false,
    },
    { id: "agent-tls", serverName: null, rootCAs: [], insecureSkipVerify: true },
    { id: "v6-tls", serverName: null, rootCAs: ["/ca.crt"], insecureSkipVerify: false },
  ],
  middlewares: [],
} as unknown as TemplateModel;

describe("routeRows", () => {
  it("gives a row per host, sorted by host, with its backend, transport, certificate check and source", () => {
    expect(routeRows(model)).toEqual([
      {
        host: "agent.lan",
        router: "agent",
        backend: "https://10.0.0.112:9001",
        entryPoints: ["websecure"],
        transport: "agent-tls",
        certificate: "NOT VERIFIED",
        source: "vm 8002 (traefik_service)",
      },
      {
        host: "dash.lan",
        router: "dashboard",
        backend: "api@internal",
        entryPoints: ["web", "websecure"],
        transport: null,
        certificate: null,
        source: "settings",
      },
      {
        host: "grafana.lan",
        router: "grafana",
        backend: "http://10.0.0.153:3000",
        entryPoints: ["websecure"],
        transport: null,
        certificate: null,
        source: "lxc 953 (traefik_service)",
      },
      {
        host: "metrics.lan",
        router: "grafana",
        backend: "http://10.0.0.153:3000",
        entryPoints: ["websecure"],
        transport: null,
        certificate: null,
        source: "lxc 953 (traefik_service)",
      },
      {
        host: "portainer.lan",
        router: "portainer",
        backend: "https://10.0.0.111:9443",
        entryPoints: ["websecure"],
        transport: "portainer-tls",
        certificate: "portainer.internal.thinkheads.ai",
        source: "vm 8001 (portainer_role)",
      },
      {
        host: "v6.lan",
        router: "v6",
        backend: "https://[fd00::141]:8443",
        entryPoints: ["websecure"],
        transport: "v6-tls",
        certificate: "fd00::141",
        source: "lxc 960 (traefik_service)",
      },
    ]);
  });
});

describe("formatRouteTable", () => {
  it("lines up columns two spaces apart, a dash for what is not there, no trailing spaces", () => {
    expect(formatRouteTable(routeRows(model).slice(0, 3))).toBe(
      [
        "HOST         BACKEND                  TLS TRANSPORT  CERT CHECKED FOR  SOURCE",
        "-----------  -----------------------  -------------  ----------------  -------------------------",
        "agent.lan    https://10.0.0.112:9001  agent-tls      NOT VERIFIED      vm 8002 (traefik_service)",
        "dash.lan     api@internal             -              -                 settings",
        "grafana.lan  http://10.0.0.153:3000   -              -                 lxc 953 (traefik_service)",
        "",
      ].join("\n"),
    );
  });

  it("says there are no routes rather than print an empty table", () => {
    expect(formatRouteTable([])).toBe("no routes: no guest in the inventory asks for one\n");
  });

  it("widens a column to its header when every cell is shorter, and takes missing cells as empty", () => {
    expect(formatTable(["NAME", "X"], [["a"], ["bb", "1"]])).toBe("NAME  X\n----  -\na\nbb    1\n");
  });
});
