/**
 * Pure: the pull request's title names what it does, up to three hosts in order of risk
 * (`routes: −ollama ~llamacpp +grafana`), then how many more and the counts. GitHub caps titles
 * at 256 characters; each name is shortened so the title always fits.
 */
import type { PlanRow, ReviewPlan } from "./plan.js";

const MARK = { removed: "−", changed: "~", added: "+" } as const;
const NAMED = 3;
const NAME_MAX = 40;

export function proposalTitle(plan: ReviewPlan, domain: string | undefined): string {
  const rows = [...plan.removed, ...plan.changed, ...plan.added];
  if (rows.length === 0)
    return plan.identical ? "routes: no routing change" : "routes: definitions only, no host changes";
  const named = rows.slice(0, NAMED).map((r) => `${MARK[r.change]}${shortName(r, domain)}`);
  if (rows.length <= NAMED) return `routes: ${named.join(" ")}`;
  return `routes: ${named.join(" ")} and ${(rows.length - NAMED).toLocaleString("en-US")} more (${counts(plan)})`;
}

/** `1 host added, 2 changed, 0 removed`: for commit messages and logs. */
export function planSummary(plan: ReviewPlan): string {
  const added = plan.added.length;
  return `${added} host${added === 1 ? "" : "s"} added, ${plan.changed.length} changed, ${plan.removed.length} removed`;
}

function counts(plan: ReviewPlan): string {
  return [
    plan.added.length === 0 ? null : `+${plan.added.length.toLocaleString("en-US")}`,
    plan.changed.length === 0 ? null : `~${plan.changed.length.toLocaleString("en-US")}`,
    plan.removed.length === 0 ? null : `−${plan.removed.length.toLocaleString("en-US")}`,
  ]
    .filter((x) => x !== null)
    .join(" ");
}

function shortName(row: PlanRow, domain: string | undefined): string {
  const suffix = domain === undefined || domain === "" ? undefined : `.${domain.toLowerCase()}`;
  const name =
    suffix !== undefined && row.host.endsWith(suffix) ? row.host.slice(0, -suffix.length) : row.host;
  return name.length <= NAME_MAX ? name : `${name.slice(0, NAME_MAX - 1)}…`;
}
