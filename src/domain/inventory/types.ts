/** The shape of the inventory fields phoenix-mesh reads, once the schemas have accepted them. */
export interface TraefikServiceField {
  name: string;
  port: number;
  scheme?: "http" | "https";
  hosts?: string[];
  entry_points?: string[];
  middlewares?: string[];
  backend_tls?: { server_name?: string; root_cas?: string[]; insecure_skip_verify?: boolean };
}

export interface GuestFields {
  name: string;
  is_template?: boolean;
  portainer_role?: string;
  network_config?: { ip?: string };
  ports?: string[];
  traefik_service?: TraefikServiceField;
}

export interface VmFields extends GuestFields {
  vmid: number;
}

export interface HypervisorFields {
  domain_name?: string;
  network?: { portainer_server_port?: number };
  portainer_api?: { portainer_hostname?: string };
}

export interface LxcFile {
  lxc_configs: Record<string, GuestFields>;
}

export interface VmFile {
  vms: VmFields[];
}

/** Guest fields read by discovery; everything else in a guest is checked for syntax but never built. */
const GUEST_FIELDS = new Set([
  "name",
  "vmid",
  "is_template",
  "portainer_role",
  "network_config",
  "ports",
  "traefik_service",
]);

/**
 * Which members of each inventory file are built into values (see KeepMember in json/parse.ts).
 * The hypervisor config keeps three fields, so its password hashes, keys and the Portainer admin
 * password never even enter memory as values.
 */
export const CONSUMED = {
  hypervisor: (path: readonly string[]): boolean => {
    const [top, sub] = path;
    if (top === "domain_name") return true;
    if (top === "network") return sub === undefined || sub === "portainer_server_port";
    if (top === "portainer_api") return sub === undefined || sub === "portainer_hostname";
    return false;
  },
  lxc: (path: readonly string[]): boolean =>
    path[0] === "lxc_configs" && (path.length <= 2 || GUEST_FIELDS.has(path[2] ?? "")),
  vm: (path: readonly string[]): boolean =>
    path[0] === "vms" && (path.length <= 2 || GUEST_FIELDS.has(path[2] ?? "")),
} as const;
