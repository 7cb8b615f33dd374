/**
 * Pure: everything a review of a routing change is made of, from the two files: the semantic
 * diff as a plan, its warnings, the file diff's hunks (revision lines set aside), and the title.
 * propose and diff both start here, so the pull request and `diff --format markdown` agree.
 */
import { diffConfigs, type ConfigDiff } from "../diff/semantic.js";
import { unifiedHunks } from "../diff/unified.js";
import { REVISION_LINE } from "../traefik/revision.js";
import type { Review } from "./markdown.js";
import { planReview, type PlanSide } from "./plan.js";
import { planSummary, proposalTitle } from "./title.js";
import { planWarnings } from "./warnings.js";

export interface ReviewSides {
  before: PlanSide;
  after: PlanSide;
  labels: { old: string; new: string };
  /** The routes' domain, when known: hosts outside it are flagged and titles shorten names. */
  domain?: string | undefined;
  renderWarnings?: string[] | undefined;
  source?: string | undefined;
  /** The semantic diff of the two sides, when the caller has it already. */
  diff?: ConfigDiff | undefined;
}

export function prepareReview(sides: ReviewSides): Review & { title: string; summary: string } {
  const diff = sides.diff ?? diffConfigs(sides.before.config, sides.after.config);
  const plan = planReview(diff, sides.before, sides.after);
  return {
    plan,
    warnings: planWarnings(plan, sides.after.config, sides.domain),
    renderWarnings: sides.renderWarnings ?? [],
    fileDiff: {
      hunks: unifiedHunks(sides.before.text ?? "", sides.after.text ?? "", { ignore: REVISION_LINE }),
      labels: sides.labels,
    },
    source: sides.source,
    title: proposalTitle(plan, sides.domain),
    summary: planSummary(plan),
  };
}
