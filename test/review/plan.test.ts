/** The plan a reviewer reads: groups in order of risk, hosts in natural order, origins, shared changes. */
import { describe, expect, it } from "vitest";
import type { ConfigDiff, HostDiff } from "../../src/domain/diff/semantic.js";
import { naturalOrder, planCounts, planReview } from "../../src/domain/review/plan.js";

const host = (name: string, change: HostDiff["change"], what: string[] = [], router = name): HostDiff =>
  ({
    host: name,
    change,
    what,
    before: change === "added" ? null : { router },
    after: change === "removed" ? null : { router },
  }) as unknown as HostDiff;
const diff = (hosts: HostDiff[]): ConfigDiff => ({
  identical: hosts.length === 0,
  hosts,
  sections: [],
  summary: {
    added: hosts.filter((h) => h.change === "added").length,
    removed: hosts.filter((h) => h.change === "removed").length,
    changed: hosts.filter((h) => h.change === "changed").length,
  },
});
// After: three routers with one host each (Host rules), so three hosts routed after.
const after = {
  config: {
    http: {
      routers: Object.fromEntries(
        ["svc-2", "svc-10", "same"].map((n) => [n, { rule: `Host(\`${n}.lan\`)`, service: n }]),
      ),
      services: Object.fromEntries(
        ["svc-2", "svc-10", "same"].map((n) => [n, { loadBalancer: { servers: [{ url: "http://x:1" }] } }]),
      ),
    },
  },
  text: '    "svc-2": # from lxc 2 svc-2 via ports\n',
};
const before = {
  config: {},
  text: '    "gone": # from vm 9 Gone via traefik_service\n    "svc-2": # from lxc 99 old via ports\n',
};

describe("planReview", () => {
  it("groups hosts by change, in natural order, each with its origin from the side that has it", () => {
    const plan = planReview(
      diff([
        host("svc-10.lan", "changed", ["port 1 → 2"], "svc-10"),
        host("svc-2.lan", "changed", ["port 1 → 2"], "svc-2"),
        host("gone.lan", "removed", [], "gone"),
      ]),
      before,
      after,
    );
    expect(plan.changed.map((r) => [r.host, r.origin])).toEqual([
      ["svc-2.lan", "LXC 2 svc-2 (ports)"],
      ["svc-10.lan", null],
    ]);
    expect(plan.removed.map((r) => [r.host, r.origin])).toEqual([
      ["gone.lan", "VM 9 Gone (traefik_service)"],
    ]);
    expect(plan.added).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.identical).toBe(false);
  });

  it("orders hosts that differ only in case the same way every time", () => {
    const plan = planReview(
      diff([host("B.lan", "added"), host("b.lan", "added"), host("a.lan", "added")]),
      before,
      after,
    );
    expect(plan.added.map((r) => r.host)).toEqual(["a.lan", "B.lan", "b.lan"]);
    const again = planReview(
      diff([host("b.lan", "added"), host("B.lan", "added"), host("a.lan", "added")]),
      before,
      after,
    );
    expect(again.added.map((r) => r.host)).toEqual(["a.lan", "B.lan", "b.lan"]);
  });

  it("sums up a change three or more hosts share, most shared first", () => {
    const hosts = [
      ...["a", "b", "c", "d"].map((n) =>
        host(`${n}.lan`, "changed", ["port 80 → 81", "scheme http → https"]),
      ),
      ...["e", "f", "g"].map((n) => host(`${n}.lan`, "changed", ["port 80 → 81", "transport none → t"])),
      host("h.lan", "changed", ["scheme http → https"]),
      host("i.lan", "changed", ["rule rewritten"]),
      host("j.lan", "changed", ["rule rewritten"]),
    ];
    expect(planReview(diff(hosts), before, after).common).toEqual([
      { what: "port 80 → 81", hosts: 7 },
      { what: "scheme http → https", hosts: 5 },
      { what: "transport none → t", hosts: 3 },
    ]);
  });

  it("orders shared changes by how many hosts share them, then naturally, whatever order they come in", () => {
    const hosts = [
      ...["a", "b", "c"].map((n) => host(`${n}.lan`, "changed", ["port 9 → 10"])),
      ...["d", "e", "f", "g"].map((n) => host(`${n}.lan`, "changed", ["scheme http → https"])),
      ...["h", "i", "j"].map((n) => host(`${n}.lan`, "changed", ["port 10 → 11"])),
      ...["k", "l"].map((n) => host(`${n}.lan`, "changed", ["rule rewritten"])),
    ];
    expect(planReview(diff(hosts), before, after).common).toEqual([
      { what: "scheme http → https", hosts: 4 },
      { what: "port 9 → 10", hosts: 3 },
      { what: "port 10 → 11", hosts: 3 },
    ]);
  });

  it("counts as unchanged the hosts routed after that were neither added nor changed", () => {
    const plan = planReview(
      diff([host("svc-2.lan", "added", [], "svc-2"), host("gone.lan", "removed", [], "gone")]),
      before,
      after,
    );
    // Three hosts routed after, one of them new.
    expect(plan.unchanged).toBe(2);
  });

  it("says the counts in one line", () => {
    const plan = planReview(
      diff([host("a.lan", "added"), host("b.lan", "changed"), host("c.lan", "removed")]),
      before,
      after,
    );
    expect(planCounts(plan)).toBe("1 to add, 1 to change, 1 to remove");
  });
});

it("orders names naturally: digits as numbers, letters without regard to case", () => {
  expect(["svc-10", "svc-2", "Svc-3", "svc-1"].sort(naturalOrder)).toEqual([
    "svc-1",
    "svc-2",
    "Svc-3",
    "svc-10",
  ]);
});
