/**
 * Pure: a Mermaid flowchart of the routes: gateway → Traefik → backends, changed hosts marked.
 * Node ids are generated; labels are quoted and stripped of what Mermaid would parse.
 */
import type { HostRoute } from "./semantic.js";

export function routesMermaid(
  routes: ReadonlyMap<string, HostRoute>,
  changes: ReadonlyMap<string, "added" | "removed" | "changed">,
  maxHosts = 60,
): string {
  const label = (t: string) => `"${t.replace(/["`<>{}[\]|#;]/g, "")}"`;
  const lines = [
    "flowchart LR",
    `  gw[${label("NGINX gateway (LXC 101)")}] --> traefik[${label("Traefik (LXC 102)")}]`,
  ];
  const hosts = [...routes.keys()].sort().slice(0, maxHosts);
  const backends = new Map<string, string>();
  for (const host of hosts) {
    const route = routes.get(host)!;
    lines.push(`  traefik -->|${label(host)}| b${backendId(backends, route.backends.join(", "))}`);
    const change = changes.get(host);
    if (change !== undefined) lines.push(`  class b${backends.get(route.backends.join(", "))} ${change}`);
  }
  for (const [text, id] of backends) lines.push(`  b${id}[${label(text)}]`);
  if (routes.size > maxHosts)
    lines.push(`  traefik --> more[${label(`… ${routes.size - maxHosts} more hosts`)}]`);
  lines.push(
    "  classDef added fill:#d4f8d4,stroke:#2da44e",
    "  classDef changed fill:#fff4c2,stroke:#bf8700",
  );
  return lines.join("\n");
}

function backendId(ids: Map<string, string>, backend: string): string {
  let id = ids.get(backend);
  if (id === undefined) {
    id = String(ids.size);
    ids.set(backend, id);
  }
  return id;
}
