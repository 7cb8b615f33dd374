/** The review's Mermaid flowchart: only hosts that change, each drawn by its change, and a legend. */
import { describe, expect, it } from "vitest";
import { changeMap, MAX_MAP_HOSTS } from "../../src/domain/review/change-map.js";
import type { PlanRow } from "../../src/domain/review/plan.js";
import { planOf } from "../support/review.js";

const route = (...backends: string[]) => ({ backends });
const row = (
  change: PlanRow["change"],
  host: string,
  before: string[] | null,
  after: string[] | null,
  what: string[] = [],
): PlanRow =>
  ({
    host,
    change,
    what,
    origin: null,
    diff: {
      host,
      change,
      what,
      before: before === null ? null : route(...before),
      after: after === null ? null : route(...after),
    },
  }) as unknown as PlanRow;
const plan = planOf;
const LEGEND = [
  '  subgraph legend["Legend"]',
  "    direction LR",
  '    la["added"]',
  '    lc["changed"]',
  '    lr["removed"]',
  "    la ~~~ lc ~~~ lr",
  "  end",
  "  class la added",
  "  class lc changed",
  "  class lr removed",
  "  classDef added fill:#dafbe1,stroke:#1a7f37",
  "  classDef changed fill:#fff8c5,stroke:#9a6700",
  "  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3",
  "  classDef unchanged fill:#f6f8fa,stroke:#8c959f",
];

describe("changeMap", () => {
  it("draws nothing for no change, or for more hosts than a drawing can show", () => {
    expect(changeMap(plan({}))).toBeUndefined();
    const many = Array.from({ length: MAX_MAP_HOSTS + 1 }, (_, i) =>
      row("added", `h${i}`, null, ["http://x:1"]),
    );
    expect(changeMap(plan({ added: many }))).toBeUndefined();
    expect(changeMap(plan({ added: many.slice(1) }))).toBeDefined();
  });

  it("draws each change its own way, shares backend nodes, and counts the unchanged hosts", () => {
    const map = changeMap(
      plan({
        removed: [row("removed", "old.lan", ["http://10.0.0.1:80"], null)],
        changed: [
          row(
            "changed",
            "moved.lan",
            ["http://10.0.0.1:80"],
            ["http://10.0.0.2:80"],
            ["address 10.0.0.1 → 10.0.0.2"],
          ),
          row(
            "changed",
            "mw.lan",
            ["http://10.0.0.3:80"],
            ["http://10.0.0.3:80"],
            ["middleware +lan-only", "rule rewritten"],
          ),
        ],
        added: [row("added", "new.lan", null, ["http://10.0.0.2:80", "http://10.0.0.4:80"])],
        unchanged: 1,
      }),
    );
    expect(map).toBe(
      [
        "flowchart LR",
        '  gw["NGINX gateway (LXC 101)"] --> traefik["Traefik (LXC 102)"]',
        '  traefik -.-> h0["old.lan"]',
        "  h0 -.-> b0",
        "  class h0 removed",
        '  traefik --> h1["moved.lan"]',
        '  h1 -.->|"was"| b0',
        '  h1 -->|"now"| b1',
        "  class h1 changed",
        '  traefik --> h2["mw.lan"]',
        '  h2 -->|"middleware +lan-only rule rewritten"| b2',
        "  class h2 changed",
        '  traefik --> h3["new.lan"]',
        "  h3 --> b3",
        "  class h3 added",
        '  traefik --> same["1 unchanged host"]',
        "  class same unchanged",
        '  b0["http://10.0.0.1:80"]',
        '  b1["http://10.0.0.2:80"]',
        '  b2["http://10.0.0.3:80"]',
        '  b3["http://10.0.0.2:80, http://10.0.0.4:80"]',
        ...LEGEND,
      ].join("\n"),
    );
    expect(changeMap(plan({ added: [row("added", "a", null, ["http://x:1"])], unchanged: 5 }))).toContain(
      'same["5 unchanged hosts"]',
    );
    expect(changeMap(plan({ added: [row("added", "a", null, ["http://x:1"])] }))).not.toContain("same[");
  });

  it("keeps Mermaid syntax out of labels, and never leaves one empty", () => {
    const map = changeMap(plan({ added: [row("added", 'a"b`c<d>e{f}g[h]i|j#k;l&m\\n', null, [])] }))!;
    expect(map).toContain('h0["abcdefghijklmn"]');
    expect(map).toContain('b0[" "]');
    const long = changeMap(plan({ added: [row("added", "x".repeat(100), null, ["http://y:1"])] }))!;
    expect(long).toContain(`h0["${"x".repeat(80)}"]`);
  });
});
