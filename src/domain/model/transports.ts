/**
 * Pure: which serversTransport each HTTPS backend gets.
 *
 * The default follows Go and Traefik: no `serverName`, so Traefik checks the backend's
 * certificate against the address in the backend URL. That is what Phoenix's certificates are
 * made for: Portainer's comes from `step ca certificate <fqdn> … --san <vm ip>`, and the step CLI
 * puts only the --san values into the certificate, so it names the VM's IP and nothing else
 * (bin/managers/portainer-manager.sh in SirHeads/Testing-ideas). Phoenix's own generator uses one
 * transport with its root CA and no serverName for the same reason.
 *
 * Where one default cannot fit every guest, a route says more, most specific first:
 *   backend_tls.routes.<route name> in phoenix-mesh.yaml  (the operator's word)
 *   > traefik_service.backend_tls in the inventory, or routes[].backend_tls
 *   > backend_tls in phoenix-mesh.yaml                    (the default)
 * `server_name` and `insecure_skip_verify` replace the default's; `root_cas` add to it. Routes
 * whose settings come out the same share one transport.
 */
import { isIP } from "node:net";
import type { Diagnostic } from "../../core/diagnostics.js";
import { routeId } from "./dns.js";
import type { BackendTls, RouteTls } from "./options.js";
import { describeGuest, type RouteSpec } from "./route.js";
import type { TransportModel } from "./template-model.js";

/** The transport every HTTPS backend shares when nothing more specific is said. */
export const SHARED_TRANSPORT = "phoenix-mesh-backend-tls";

export interface TransportPlan {
  transports: TransportModel[];
  transportOf: Map<RouteSpec, string>;
  diagnostics: Diagnostic[];
}

type Settings = Omit<TransportModel, "id">;

export function planTransports(
  routes: readonly RouteSpec[],
  global: BackendTls | undefined,
  configFile: string | undefined,
): TransportPlan {
  const diagnostics: Diagnostic[] = [];
  const settingsFile = configFile ?? "the settings file";
  const groups = new Map<string, { settings: Settings; routes: RouteSpec[] }>();
  const https = routes.filter((r) => r.backend.kind === "url" && r.backend.scheme === "https");
  for (const r of https) {
    const override = global?.routes[r.name];
    const own = mergeRouteTls(r.tls, override);
    if (global === undefined && own === undefined) {
      diagnostics.push(missingBackendTls(r, configFile));
      continue;
    }
    const settings: Settings = {
      serverName: own?.serverName ?? global?.serverName ?? null,
      rootCAs: unique([...(global?.rootCas ?? []), ...(own?.rootCas ?? [])]),
      insecureSkipVerify: own?.insecureSkipVerify ?? global?.insecureSkipVerify ?? false,
    };
    const where =
      override !== undefined
        ? { file: settingsFile, pointer: `/backend_tls/routes/${escapePointer(r.name)}` }
        : r.tls !== undefined
          ? { file: r.origin.file, pointer: r.tls.pointer }
          : { file: settingsFile, pointer: "/backend_tls" };
    diagnostics.push(...checkTls(r, settings, where));
    const key = JSON.stringify(settings);
    const group = groups.get(key) ?? { settings, routes: [] };
    group.routes.push(r);
    groups.set(key, group);
  }
  for (const name of Object.keys(global?.routes ?? {})) {
    if (https.some((r) => r.name === name)) continue;
    const plain = routes.some((r) => r.name === name);
    diagnostics.push({
      severity: "warning",
      code: "backend-tls-unused",
      message: plain
        ? `backend_tls.routes.${name} has no effect: route "${name}" is not an HTTPS backend`
        : `backend_tls.routes.${name} names no route (routes are named by traefik_service.name, the guest's name, or routes[].name)`,
      file: settingsFile,
      pointer: `/backend_tls/routes/${escapePointer(name)}`,
    });
  }

  const defaultKey =
    global === undefined
      ? undefined
      : JSON.stringify({
          serverName: global.serverName ?? null,
          rootCAs: unique(global.rootCas),
          insecureSkipVerify: global.insecureSkipVerify,
        } satisfies Settings);
  const transports: TransportModel[] = [];
  const transportOf = new Map<RouteSpec, string>();
  for (const [key, group] of groups) {
    const first = group.routes.map((r) => routeId(r.name)).sort()[0] ?? "backend";
    const id = key === defaultKey ? SHARED_TRANSPORT : `${first}-tls`;
    transports.push({ id, ...group.settings });
    for (const r of group.routes) transportOf.set(r, id);
  }
  transports.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { transports, transportOf, diagnostics };
}

function mergeRouteTls(
  inventory: RouteTls | undefined,
  settings: RouteTls | undefined,
): RouteTls | undefined {
  if (inventory === undefined && settings === undefined) return undefined;
  return {
    serverName: settings?.serverName ?? inventory?.serverName,
    rootCas: [...(inventory?.rootCas ?? []), ...(settings?.rootCas ?? [])],
    insecureSkipVerify: settings?.insecureSkipVerify ?? inventory?.insecureSkipVerify,
  };
}

/** Warnings a reviewer must see: verification off, and name/address pairings that need a certificate made for them. */
function checkTls(r: RouteSpec, t: Settings, where: { file: string; pointer: string }): Diagnostic[] {
  if (r.backend.kind !== "url") return [];
  const who = r.guest === undefined ? `route "${r.name}"` : describeGuest(r.guest);
  const host = r.hosts[0] ?? r.name;
  const address = r.backend.address;
  if (t.insecureSkipVerify)
    return [
      {
        severity: "warning",
        code: "backend-tls-insecure",
        message: `${who}: Traefik will NOT verify the certificate of ${host}'s backend (insecure_skip_verify); anything that can answer on ${address}:${r.backend.port} can impersonate it`,
        ...where,
        hint: "acceptable for a backend with a self-signed certificate it makes itself (the Portainer agent); otherwise trust its CA with root_cas",
      },
    ];
  if (t.serverName === null) return [];
  const addressIsIp = isIP(address) !== 0;
  const nameIsIp = isIP(t.serverName) !== 0;
  if (addressIsIp === nameIsIp) return [];
  return [
    {
      severity: "warning",
      code: "backend-tls-name-kind",
      message: addressIsIp
        ? `${who}: the backend is addressed by IP (${address}) but its certificate is checked for the name "${t.serverName}": this works only if the certificate names "${t.serverName}" (Phoenix's Portainer certificate names only the VM's IP)`
        : `${who}: the backend is addressed by name (${address}) but its certificate is checked for the IP ${t.serverName}: this works only if the certificate holds that IP`,
      ...where,
      hint: "leave server_name out to check the certificate against the address in the URL, as Traefik does by default",
    },
  ];
}

function missingBackendTls(r: RouteSpec, configFile: string | undefined): Diagnostic {
  const who = r.guest === undefined ? `route "${r.name}"` : describeGuest(r.guest);
  return {
    severity: "error",
    code: "backend-tls-missing",
    message: `${who} is an HTTPS backend (${r.hosts[0] ?? r.name}), but no backend_tls is configured, so Traefik cannot trust its certificate and would answer 500`,
    file: r.origin.file,
    pointer: r.origin.pointer,
    hint: `add to ${configFile ?? "the settings file (phoenix-mesh.yaml)"}:\n      backend_tls:\n        root_cas: [/etc/step-ca/ssl/phoenix_root_ca.crt]   # the CA that signed the guest's certificate, as a path inside the Traefik container (Phoenix's step-ca root)`,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
