/**
 * Pure: validated inventory → route specs, supporting both conventions found in real Phoenix
 * inventories (see shared fixtures' README):
 *  - explicit `traefik_service: {name, port, …}` on an LXC or VM — wins when present;
 *  - the remediation plan's: an LXC with `ports: ["host:container"]` is routed at
 *    `<lxc name>.<domain>` to its first container port; the VM with `portainer_role: "primary"`
 *    at `portainer_api.portainer_hostname` on `network.portainer_server_port`, over HTTPS.
 * Templates (`is_template: true`) are skipped.
 */
import type { Diagnostic } from "../../core/diagnostics.js";
import { parseGuestAddress } from "../model/address.js";
import type { GuestRef, RouteSpec } from "../model/route.js";
import { describeGuest } from "../model/route.js";
import type { RawInventory } from "./files.js";
import type { GuestFields, HypervisorFields, LxcFile, VmFile } from "./types.js";

export interface Discovery {
  routes: RouteSpec[];
  diagnostics: Diagnostic[];
}

interface GuestEntry {
  ref: GuestRef;
  fields: GuestFields;
  file: string;
  pointer: string;
}

export function discoverRoutes(inventory: RawInventory, domain: string): Discovery {
  const hypervisor = inventory.hypervisor.value as unknown as HypervisorFields;
  const lxcs = inventory.lxc.value as unknown as LxcFile;
  const vms = inventory.vm.value as unknown as VmFile;
  const guests: GuestEntry[] = [
    ...Object.entries(lxcs.lxc_configs).map(([ctid, fields]) => ({
      ref: { kind: "lxc" as const, id: ctid, name: fields.name },
      fields,
      file: inventory.lxc.path,
      pointer: `/lxc_configs/${ctid}`,
    })),
    ...vms.vms.map((fields, i) => ({
      ref: { kind: "vm" as const, id: String(fields.vmid), name: fields.name },
      fields,
      file: inventory.vm.path,
      pointer: `/vms/${i}`,
    })),
  ];

  const routes: RouteSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const primaries = guests.filter(
    (g) => g.ref.kind === "vm" && g.fields.portainer_role === "primary" && g.fields.is_template !== true,
  );
  for (const guest of guests) {
    if (guest.fields.is_template === true) continue;
    const found = discoverGuest(
      guest,
      domain,
      hypervisor,
      inventory.hypervisor.path,
      primaries.length,
      diagnostics,
    );
    if (found !== undefined) routes.push(found);
  }
  return { routes, diagnostics };
}

function discoverGuest(
  guest: GuestEntry,
  domain: string,
  hypervisor: HypervisorFields,
  hypervisorFile: string,
  primaryCount: number,
  diagnostics: Diagnostic[],
): RouteSpec | undefined {
  const { fields, ref } = guest;
  const explicit = fields.traefik_service;
  let spec: Omit<RouteSpec, "backend"> & { scheme: "http" | "https"; port: number };

  if (explicit !== undefined) {
    spec = {
      name: explicit.name,
      hosts: (explicit.hosts ?? [`${explicit.name}.${domain}`]).map((h) => h.toLowerCase()),
      scheme: explicit.scheme ?? (ref.kind === "vm" ? "https" : "http"),
      port: explicit.port,
      entryPoints: explicit.entry_points,
      middlewares: explicit.middlewares ?? [],
      guest: ref,
      convention: "traefik_service",
      tls:
        explicit.backend_tls === undefined
          ? undefined
          : {
              serverName: explicit.backend_tls.server_name,
              rootCas: explicit.backend_tls.root_cas,
              insecureSkipVerify: explicit.backend_tls.insecure_skip_verify,
              pointer: `${guest.pointer}/traefik_service/backend_tls`,
            },
      origin: {
        file: guest.file,
        pointer: `${guest.pointer}/traefik_service`,
        namePointer: `${guest.pointer}/traefik_service/name`,
        hostPointers:
          explicit.hosts === undefined
            ? [`${guest.pointer}/traefik_service/name`]
            : explicit.hosts.map((_, i) => `${guest.pointer}/traefik_service/hosts/${i}`),
      },
    };
  } else if (ref.kind === "lxc" && fields.ports !== undefined && fields.ports.length > 0) {
    const first = fields.ports[0] ?? "";
    const containerPort = Number(first.split(":")[1]?.split("/")[0]);
    spec = {
      name: fields.name,
      hosts: [`${fields.name}.${domain}`.toLowerCase()],
      scheme: "http",
      port: containerPort,
      entryPoints: undefined,
      middlewares: [],
      guest: ref,
      convention: "ports",
      tls: undefined,
      origin: {
        file: guest.file,
        pointer: `${guest.pointer}/ports/0`,
        namePointer: `${guest.pointer}/name`,
        hostPointers: [`${guest.pointer}/name`],
      },
    };
    if (!(containerPort >= 1 && containerPort <= 65535)) {
      diagnostics.push({
        severity: "error",
        code: "port-range",
        message: `${describeGuest(ref)}: container port in ports[0] "${first}" must be between 1 and 65535`,
        file: guest.file,
        pointer: spec.origin.pointer,
      });
      return undefined;
    }
  } else if (ref.kind === "vm" && fields.portainer_role === "primary") {
    const hostname = hypervisor.portainer_api?.portainer_hostname;
    const port = hypervisor.network?.portainer_server_port;
    const missing = [
      hostname === undefined ? "portainer_api.portainer_hostname" : undefined,
      port === undefined ? "network.portainer_server_port" : undefined,
    ].filter((m) => m !== undefined);
    if (missing.length > 0) {
      diagnostics.push({
        severity: "error",
        code: "portainer-incomplete",
        message: `${describeGuest(ref)} is the Portainer primary, but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing from ${hypervisorFile}`,
        file: guest.file,
        pointer: `${guest.pointer}/portainer_role`,
        hint: `add ${missing.join(" and ")} to ${hypervisorFile}, or give the VM an explicit traefik_service: {"name": "portainer", "port": 9443}`,
      });
      return undefined;
    }
    if (primaryCount > 1) {
      diagnostics.push({
        severity: "error",
        code: "portainer-ambiguous",
        message: `${describeGuest(ref)}: ${primaryCount} VMs have portainer_role "primary"; only one can own ${hostname}`,
        file: guest.file,
        pointer: `${guest.pointer}/portainer_role`,
        hint: `keep "primary" on one VM, or give each an explicit traefik_service`,
      });
      return undefined;
    }
    spec = {
      name: (hostname ?? "").split(".")[0] ?? "portainer",
      hosts: [(hostname ?? "").toLowerCase()],
      scheme: "https",
      port: port ?? 0,
      entryPoints: undefined,
      middlewares: [],
      guest: ref,
      convention: "portainer_role",
      tls: undefined,
      origin: {
        file: guest.file,
        pointer: `${guest.pointer}/portainer_role`,
        namePointer: `${guest.pointer}/portainer_role`,
        hostPointers: [`${guest.pointer}/portainer_role`],
      },
    };
  } else {
    return undefined;
  }

  const address = parseGuestAddress(fields.network_config?.ip);
  if (!address.ok) {
    diagnostics.push({
      severity: "error",
      code: address.reason === "invalid" ? "address-invalid" : "address-not-static",
      message: `${describeGuest(ref)} is routed (${spec.convention}) but ${address.detail}`,
      file: guest.file,
      pointer:
        fields.network_config === undefined
          ? guest.pointer
          : `${guest.pointer}/network_config${fields.network_config.ip === undefined ? "" : "/ip"}`,
      hint:
        address.reason === "invalid"
          ? 'write an address such as "10.0.0.141/24" or "fd00::141/64"'
          : 'give it a static address (network_config.ip such as "10.0.0.141/24"), or remove its route',
    });
    return undefined;
  }
  const { scheme, port, ...rest } = spec;
  return { ...rest, backend: { kind: "url", scheme, address: address.address, port, path: "" } };
}
