/**
 * Pure: the semantic rules every route must pass before anything is rendered. Names and hosts are
 * DNS names (so they cannot break out of YAML or widen a Host rule), unique case-insensitively;
 * router identifiers do not collide; HTTPS backends have a transport to trust them.
 */
import type { Diagnostic } from "../../core/diagnostics.js";
import { checkDnsName, isInside, routeId } from "./dns.js";
import { describeGuest, type RouteSpec } from "./route.js";

const LIKELY_TLS_PORTS = new Set([443, 8443, 9443]);

export function checkRoutes(routes: readonly RouteSpec[], domain: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];

  const domainProblem = checkDnsName(domain);
  if (domainProblem !== undefined) {
    diagnostics.push({
      severity: "error",
      code: "domain-invalid",
      message: `the domain "${domain}" is not a valid DNS name: ${domainProblem.detail}`,
      hint: "set domain in phoenix-mesh.yaml or --domain",
    });
  }

  const byName = new Map<string, RouteSpec>();
  const byId = new Map<string, RouteSpec>();
  const byHost = new Map<string, RouteSpec>();
  for (const r of routes) {
    const problem = checkDnsName(r.name);
    if (problem !== undefined) {
      diagnostics.push({
        severity: "error",
        code: "name-invalid",
        message: `${who(r)}: service name ${JSON.stringify(r.name)} is not a valid DNS name: ${problem.detail}`,
        ...nameAt(r),
        hint: 'use letters, digits and hyphens, e.g. "granite-embedding"',
      });
      continue;
    }
    if (r.name.includes(".") && r.convention !== "portainer_role") {
      diagnostics.push({
        severity: "warning",
        code: "name-dotted",
        message: `${who(r)}: service name "${r.name}" contains dots, so ${r.hosts[0] ?? r.name} is a deeper subdomain that a wildcard certificate for *.${domain} does not cover`,
        ...nameAt(r),
        hint: 'give it a traefik_service with a name without dots, e.g. {"name": "granite-3b", "port": 8000}',
      });
    }
    const key = r.name.toLowerCase();
    const clash = byName.get(key);
    if (clash !== undefined) {
      diagnostics.push({
        severity: "error",
        code: "name-duplicate",
        message: `${who(r)}: service name "${r.name}" is already used by ${who(clash)} ("${clash.name}"); names must be unique, ignoring case, across LXCs, VMs and settings routes`,
        ...nameAt(r),
        hint: "rename one of them (traefik_service.name)",
      });
      continue;
    }
    byName.set(key, r);
    const id = routeId(r.name);
    const idClash = byId.get(id);
    if (idClash !== undefined) {
      diagnostics.push({
        severity: "error",
        code: "id-duplicate",
        message: `${who(r)}: "${r.name}" and "${idClash.name}" (${who(idClash)}) both become the Traefik router "${id}"`,
        ...nameAt(r),
        hint: "rename one of them",
      });
    }
    byId.set(id, r);
    diagnostics.push(...checkHosts(r, domain, byHost));
    diagnostics.push(...checkBackend(r));
  }
  return diagnostics;
}

function who(r: RouteSpec): string {
  return r.guest === undefined ? `route "${r.name}"` : describeGuest(r.guest);
}

function nameAt(r: RouteSpec): { file: string; pointer: string } {
  return { file: r.origin.file, pointer: r.origin.namePointer };
}

function checkHosts(r: RouteSpec, domain: string, byHost: Map<string, RouteSpec>): Diagnostic[] {
  const out: Diagnostic[] = [];
  r.hosts.forEach((host, i) => {
    const at = { file: r.origin.file, pointer: r.origin.hostPointers[i] ?? r.origin.pointer };
    const problem = checkDnsName(host);
    if (problem !== undefined) {
      out.push({
        severity: "error",
        code: "host-invalid",
        message: `${who(r)}: host ${JSON.stringify(host)} is not a valid DNS name: ${problem.detail}`,
        ...at,
      });
      return;
    }
    const clash = byHost.get(host);
    if (clash !== undefined && clash !== r) {
      out.push({
        severity: "error",
        code: "host-duplicate",
        message: `${who(r)}: host ${host} is already routed to ${who(clash)}; Traefik would pick one of them by rule length`,
        ...at,
        hint: "give one of them another name or explicit hosts",
      });
      return;
    }
    byHost.set(host, r);
    if (!isInside(host, domain)) {
      out.push({
        severity: "warning",
        code: "host-outside-domain",
        message: `${who(r)}: host ${host} is outside the domain ${domain}; the gateway and its certificate may not cover it`,
        ...at,
      });
    }
  });
  return out;
}

function checkBackend(r: RouteSpec): Diagnostic[] {
  if (r.backend.kind !== "url") return [];
  if (r.backend.scheme === "http" && LIKELY_TLS_PORTS.has(r.backend.port)) {
    return [
      {
        severity: "warning",
        code: "scheme-port-mismatch",
        message: `${who(r)}: backend http://…:${r.backend.port} uses plain HTTP on a port usually serving HTTPS; Traefik will get errors if the guest speaks TLS`,
        file: r.origin.file,
        pointer: r.origin.pointer,
        hint: 'if the guest serves HTTPS, add "scheme": "https" to its traefik_service',
      },
    ];
  }
  return [];
}
