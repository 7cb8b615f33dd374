/**
 * Pure: a Mermaid flowchart of the change, not of the house: only hosts that change, each host
 * node coloured by its change (a shared backend stays neutral), removed hosts drawn dashed to
 * what they served, changed hosts to their old backend (dashed, "was") and their new one, all
 * unchanged hosts as one node, and a legend. Past MAX_HOSTS there is no map: the tables say it
 * better than an unreadable drawing.
 */
import type { HostRoute } from "../diff/semantic.js";
import type { PlanRow, ReviewPlan } from "./plan.js";

export const MAX_MAP_HOSTS = 25;

export function changeMap(plan: ReviewPlan): string | undefined {
  const rows = [...plan.removed, ...plan.changed, ...plan.added];
  if (rows.length === 0 || rows.length > MAX_MAP_HOSTS) return undefined;
  const lines = [
    "flowchart LR",
    `  gw[${label("NGINX gateway (LXC 101)")}] --> traefik[${label("Traefik (LXC 102)")}]`,
  ];
  const backends = new Map<string, string>();
  const backend = (route: HostRoute | null) => {
    const text = route === null ? "" : route.backends.join(", ");
    let id = backends.get(text);
    if (id === undefined) {
      id = `b${backends.size}`;
      backends.set(text, id);
    }
    return id;
  };
  rows.forEach((r, i) => lines.push(...hostLines(r, `h${i}`, backend)));
  if (plan.unchanged > 0)
    lines.push(
      `  traefik --> same[${label(`${plan.unchanged} unchanged host${plan.unchanged === 1 ? "" : "s"}`)}]`,
      "  class same unchanged",
    );
  for (const [text, id] of backends) lines.push(`  ${id}[${label(text)}]`);
  lines.push(
    `  subgraph legend[${label("Legend")}]`,
    "    direction LR",
    `    la[${label("added")}]`,
    `    lc[${label("changed")}]`,
    `    lr[${label("removed")}]`,
    "    la ~~~ lc ~~~ lr",
    "  end",
    "  class la added",
    "  class lc changed",
    "  class lr removed",
    "  classDef added fill:#dafbe1,stroke:#1a7f37",
    "  classDef changed fill:#fff8c5,stroke:#9a6700",
    "  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3",
    "  classDef unchanged fill:#f6f8fa,stroke:#8c959f",
  );
  return lines.join("\n");
}

function hostLines(r: PlanRow, id: string, backend: (route: HostRoute | null) => string): string[] {
  const { before, after } = r.diff;
  const node = `${id}[${label(r.host)}]`;
  const out = [`  class ${id} ${r.change}`];
  if (r.change === "removed") return [`  traefik -.-> ${node}`, `  ${id} -.-> ${backend(before)}`, ...out];
  if (r.change === "added") return [`  traefik --> ${node}`, `  ${id} --> ${backend(after)}`, ...out];
  const sameBackend = before?.backends.join(", ") === after?.backends.join(", ");
  if (sameBackend)
    return [`  traefik --> ${node}`, `  ${id} -->|${label(r.what.join("; "))}| ${backend(after)}`, ...out];
  return [
    `  traefik --> ${node}`,
    `  ${id} -.->|${label("was")}| ${backend(before)}`,
    `  ${id} -->|${label("now")}| ${backend(after)}`,
    ...out,
  ];
}

/** A quoted label holding nothing Mermaid would read as syntax. */
function label(text: string): string {
  const clean = text.replace(/["`<>{}[\]|#;&\\]/g, "").slice(0, 80);
  return `"${clean === "" ? " " : clean}"`;
}
