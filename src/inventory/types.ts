/** The shape of the inventory fields phoenix-mesh reads, once the schemas have accepted them. */
export interface TraefikServiceField {
  name: string;
  port: number;
  scheme?: "http" | "https";
  hosts?: string[];
  entry_points?: string[];
  middlewares?: string[];
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
  domain_name: string;
  network?: { portainer_server_port?: number };
  portainer_api?: { portainer_hostname?: string };
}

export interface LxcFile {
  lxc_configs: Record<string, GuestFields>;
}

export interface VmFile {
  vms: VmFields[];
}
