/**
 * Pure: a routing change as a plan a reviewer reads in order of risk, like `terraform plan`:
 * what is removed, then what changes, then what is added — each group in natural order
 * (`svc-2` before `svc-10`), each row saying what changed and which guest the route comes from.
 */
import type { ConfigDiff, HostDiff, SectionDiff } from "../diff/semantic.js";
import { hostRoutes } from "../diff/semantic.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { routerOrigins } from "./origins.js";

export type Change = HostDiff["change"];

export interface PlanRow {
  host: string;
  change: Change;
  /** Changed rows: each aspect that changed. */
  what: string[];
  diff: HostDiff;
  /** "LXC 914 ollama-gpu0", "VM 1001 Portainer", "settings file", or null for a hand-written route. */
  origin: string | null;
}

export interface ReviewPlan {
  identical: boolean;
  removed: PlanRow[];
  changed: PlanRow[];
  added: PlanRow[];
  /** Hosts routed the same before and after. */
  unchanged: number;
  sections: SectionDiff[];
  /** Changes shared by several hosts, most common first: one line says them all. */
  common: { what: string; hosts: number }[];
}

export interface PlanSide {
  config: DynamicConfig;
  /** The file's text, for the origins its comments name; undefined when there is no file. */
  text: string | undefined;
}

/** Natural order: digits compare as numbers. */
export const naturalOrder = new Intl.Collator("en", { numeric: true, sensitivity: "base" }).compare;

/** How many hosts must share a change before it gets a summary line of its own. */
const COMMON_AT = 3;

export function planReview(diff: ConfigDiff, before: PlanSide, after: PlanSide): ReviewPlan {
  const origins = { before: routerOrigins(before.text ?? ""), after: routerOrigins(after.text ?? "") };
  const row = (h: HostDiff): PlanRow => {
    const router = (h.after ?? h.before)?.router ?? "";
    const origin = (h.after === null ? origins.before : origins.after).get(router) ?? null;
    return { host: h.host, change: h.change, what: h.what, diff: h, origin };
  };
  const group = (change: Change) =>
    diff.hosts
      .filter((h) => h.change === change)
      .map(row)
      .sort((a, b) => naturalOrder(a.host, b.host) || (a.host < b.host ? -1 : 1));
  const changed = group("changed");
  const afterHosts = hostRoutes(after.config).size;
  return {
    identical: diff.identical,
    removed: group("removed"),
    changed,
    added: group("added"),
    unchanged: afterHosts - diff.summary.added - diff.summary.changed,
    sections: diff.sections,
    common: commonChanges(changed),
  };
}

function commonChanges(rows: PlanRow[]): { what: string; hosts: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const w of r.what) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= COMMON_AT)
    .sort(([a, x], [b, y]) => y - x || naturalOrder(a, b))
    .map(([what, hosts]) => ({ what, hosts }));
}

/** `1 to add, 2 to change, 1 to remove`: the plan in one line. */
export function planCounts(plan: ReviewPlan): string {
  const n = (rows: PlanRow[]) => rows.length.toLocaleString("en-US");
  return `${n(plan.added)} to add, ${n(plan.changed)} to change, ${n(plan.removed)} to remove`;
}
