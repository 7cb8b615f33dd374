import type { RouteTls } from "./options.js";

/** A route found in the inventory (or written in the settings), before the model is built. */
export type Convention = "traefik_service" | "ports" | "portainer_role" | "settings";

export interface GuestRef {
  kind: "lxc" | "vm";
  id: string;
  name: string;
}

export interface RouteSpec {
  /** Service name as written (DNS label or labels). */
  name: string;
  /** Lower-cased FQDNs. */
  hosts: string[];
  backend:
    | { kind: "url"; scheme: "http" | "https"; address: string; port: number; path: string }
    | { kind: "service"; reference: string };
  entryPoints: string[] | undefined;
  middlewares: string[];
  guest: GuestRef | undefined;
  convention: Convention;
  /** Backend TLS written with the route (traefik_service.backend_tls, routes[].backend_tls). */
  tls: (RouteTls & { pointer: string }) | undefined;
  /**
   * Where it was declared, for diagnostics: the route itself, the field its name came from, and
   * the field each host came from (absolute JSON pointers in `file`).
   */
  origin: { file: string; pointer: string; namePointer: string; hostPointers: string[] };
}

export function describeGuest(g: GuestRef): string {
  return `${g.kind === "lxc" ? "LXC" : "VM"} ${g.id} (${g.name})`;
}
