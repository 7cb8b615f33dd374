/**
 * Pure: what a proposal does, from what it found. Idempotent by construction: a rerun with
 * nothing new pushes nothing and writes nothing to GitHub.
 */
export type ProposeOperation = "created" | "updated" | "unchanged" | "closed" | "none";

export interface ProposeState {
  /** The base branch already has exactly the rendered file (reverted, or merged by hand). */
  baseMatches: boolean;
  branchExists: boolean;
  /** The proposal branch is base + exactly this rendered file. */
  branchUpToDate: boolean;
  openPr: { title: string; body: string } | undefined;
  title: string;
  body: string;
}

export interface ProposePlan {
  operation: ProposeOperation;
  push: boolean;
  deleteBranch: boolean;
  pr: "create" | "update" | "close" | "keep" | "none";
}

export function decide(s: ProposeState): ProposePlan {
  if (s.baseMatches) {
    return s.openPr !== undefined
      ? { operation: "closed", push: false, deleteBranch: s.branchExists, pr: "close" }
      : { operation: "none", push: false, deleteBranch: s.branchExists, pr: "none" };
  }
  const push = !s.branchUpToDate;
  if (s.openPr === undefined) return { operation: "created", push, deleteBranch: false, pr: "create" };
  const textChanged = s.openPr.title !== s.title || s.openPr.body !== s.body;
  return push || textChanged
    ? { operation: "updated", push, deleteBranch: false, pr: "update" }
    : { operation: "unchanged", push: false, deleteBranch: false, pr: "keep" };
}
