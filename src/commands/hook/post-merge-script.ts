/** Pure: the post-merge hook script. Every path in it is quoted for sh. */
import { shellQuote } from "../../core/text/shell-quote.js";

export const HOOK_MARKER = "# phoenix-mesh post-merge hook";

/** `command` is the argv that starts phoenix-mesh: [node, bin/phoenix-mesh.js], or the single executable. */
export function postMergeHook(input: { command: string[]; config: string; file: string }): string {
  const q = shellQuote;
  return `#!/bin/sh
${HOOK_MARKER} (written by \`phoenix-mesh hook install\`).
# After a merge (git pull, git merge) that changed the rendered Traefik file, deploy it and prove
# it live; a failed deploy rolls back and this hook exits non-zero. Delete this file to stop.
set -eu
if git diff --quiet ORIG_HEAD HEAD -- ${q(input.file)}; then
  exit 0
fi
echo "phoenix-mesh: ${input.file.replace(/[^A-Za-z0-9_./-]/g, "?")} changed in this merge; deploying it" >&2
exec ${input.command.map(q).join(" ")} deploy --config ${q(input.config)} --ref HEAD
`;
}
