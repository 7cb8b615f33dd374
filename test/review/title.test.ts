/** The pull request's title and one-line summary, from a plan (only hosts and changes matter here). */
import { describe, expect, it } from "vitest";
import type { PlanRow } from "../../src/domain/review/plan.js";
import { planOf } from "../support/review.js";
import { planSummary, proposalTitle } from "../../src/domain/review/title.js";

const rows = (change: PlanRow["change"], ...hosts: string[]) =>
  hosts.map((host) => ({ host, change }) as PlanRow);
const plan = planOf;

describe("proposalTitle", () => {
  it("says when nothing routes differently, and when only definitions changed", () => {
    expect(proposalTitle(plan({ identical: true }), "lan")).toBe("routes: no routing change");
    expect(proposalTitle(plan({}), "lan")).toBe("routes: definitions only, no host changes");
  });

  it("names removed, then changed, then added hosts, without the domain", () => {
    const p = plan({
      removed: rows("removed", "ollama.internal.thinkheads.ai"),
      changed: rows("changed", "llamacpp.internal.thinkheads.ai"),
      added: rows("added", "grafana.internal.thinkheads.ai"),
    });
    expect(proposalTitle(p, "internal.thinkheads.ai")).toBe("routes: −ollama ~llamacpp +grafana");
    expect(proposalTitle(p, "Internal.Thinkheads.AI")).toBe("routes: −ollama ~llamacpp +grafana");
    expect(proposalTitle(p, undefined)).toBe(
      "routes: −ollama.internal.thinkheads.ai ~llamacpp.internal.thinkheads.ai +grafana.internal.thinkheads.ai",
    );
    expect(proposalTitle(p, "")).toMatch(/^routes: −ollama\.internal/);
    // A host outside the domain keeps its whole name; the domain itself is no suffix of itself.
    expect(proposalTitle(plan({ added: rows("added", "x.other.lan", "lan") }), "lan")).toBe(
      "routes: +x.other +lan",
    );
    expect(proposalTitle(plan({ added: rows("added", "xlan") }), "lan")).toBe("routes: +xlan");
  });

  it("counts what it does not name, each kind that has any", () => {
    const p = plan({
      removed: rows("removed", "a", "b"),
      changed: rows("changed", "c", "d"),
      added: rows("added", ...Array.from({ length: 1500 }, (_, i) => `n${i}`)),
    });
    expect(proposalTitle(p, "lan")).toBe("routes: −a −b ~c and 1,501 more (+1,500 ~2 −2)");
    expect(proposalTitle(plan({ added: rows("added", "a", "b", "c", "d") }), "lan")).toBe(
      "routes: +a +b +c and 1 more (+4)",
    );
    expect(proposalTitle(plan({ removed: rows("removed", "a", "b", "c", "d") }), "lan")).toBe(
      "routes: −a −b −c and 1 more (−4)",
    );
    expect(proposalTitle(plan({ changed: rows("changed", "a", "b", "c", "d") }), "lan")).toBe(
      "routes: ~a ~b ~c and 1 more (~4)",
    );
  });

  it("names exactly three without counting", () => {
    expect(proposalTitle(plan({ added: rows("added", "a", "b", "c") }), "lan")).toBe("routes: +a +b +c");
  });

  it("keeps a name of 40 characters, and cuts a longer one to 39 and an ellipsis", () => {
    const forty = "a".repeat(40);
    expect(proposalTitle(plan({ added: rows("added", `${forty}.lan`) }), "lan")).toBe(`routes: +${forty}`);
    expect(proposalTitle(plan({ added: rows("added", `${forty}b.lan`) }), "lan")).toBe(
      `routes: +${"a".repeat(39)}…`,
    );
  });
});

describe("planSummary", () => {
  it("counts hosts added, changed and removed", () => {
    expect(planSummary(plan({ added: rows("added", "a") }))).toBe("1 host added, 0 changed, 0 removed");
    expect(
      planSummary(
        plan({
          added: rows("added", "a", "b"),
          changed: rows("changed", "c"),
          removed: rows("removed", "d", "e"),
        }),
      ),
    ).toBe("2 hosts added, 1 changed, 2 removed");
    expect(planSummary(plan({}))).toBe("0 hosts added, 0 changed, 0 removed");
  });
});
