/** A review plan for the review's unit tests: empty groups, nothing unchanged, unless given. */
import type { ReviewPlan } from "../../src/domain/review/plan.js";

export function planOf(over: Partial<ReviewPlan> = {}): ReviewPlan {
  return {
    identical: false,
    removed: [],
    changed: [],
    added: [],
    unchanged: 0,
    sections: [],
    common: [],
    ...over,
  };
}
