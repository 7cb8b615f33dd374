/**
 * Pure: what changed between two routes of one host, in the words a reviewer checks
 * (`port 8081 → 8082`, `scheme http → https`, `transport none → portainer-tls`): one entry per
 * changed aspect, so identical changes can be counted together.
 */
import type { HostRoute } from "./types.js";

const NONE = "none";

export function whatChanged(before: HostRoute, after: HostRoute): string[] {
  const out = backendChanges(before.backends, after.backends);
  const pair = (what: string, b: string, a: string) => {
    if (b !== a) out.push(`${what} ${b} → ${a}`);
  };
  if (before.service !== after.service && sameList(before.backends, after.backends))
    pair("service", before.service, after.service);
  pair("entryPoints", list(before.entryPoints), list(after.entryPoints));
  pair("TLS", tls(before.tls), tls(after.tls));
  pair("transport", before.transport ?? NONE, after.transport ?? NONE);
  for (const m of after.middlewares) if (!before.middlewares.includes(m)) out.push(`middleware +${m}`);
  for (const m of before.middlewares) if (!after.middlewares.includes(m)) out.push(`middleware −${m}`);
  if (before.rule !== after.rule) out.push("rule rewritten");
  if (out.length === 0 && before.router !== after.router) pair("router", before.router, after.router);
  return out;
}

function backendChanges(before: string[], after: string[]): string[] {
  if (sameList(before, after)) return [];
  const b = before.length === 1 ? url(before[0]!) : undefined;
  const a = after.length === 1 ? url(after[0]!) : undefined;
  if (b === undefined || a === undefined) return [`backends ${list(before)} → ${list(after)}`];
  const out: string[] = [];
  if (b.scheme !== a.scheme) out.push(`scheme ${b.scheme} → ${a.scheme}`);
  if (b.address !== a.address) out.push(`address ${b.address} → ${a.address}`);
  if (b.port !== a.port) out.push(`port ${b.port} → ${a.port}`);
  if (b.path !== a.path) out.push(`path ${b.path} → ${a.path}`);
  return out.length === 0 ? [`backends ${list(before)} → ${list(after)}`] : out;
}

function url(text: string): { scheme: string; address: string; port: string; path: string } | undefined {
  if (!URL.canParse(text)) return undefined;
  const u = new URL(text);
  const scheme = u.protocol.replace(/:$/, "");
  const port = u.port !== "" ? u.port : scheme === "https" ? "443" : scheme === "http" ? "80" : "";
  return { scheme, address: u.hostname, port, path: u.pathname + u.search };
}

function tls(resolver: string | null): string {
  if (resolver === null) return NONE;
  return resolver === "default" ? "default certificate" : `resolver ${resolver}`;
}

function list(items: string[]): string {
  return items.length === 0 ? NONE : items.join(",");
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
