/**
 * Pure: a short line diff for `render --check`: the common head and tail are trimmed and the
 * differing middle shown. Linear time, so a 10,000-route file costs nothing; the semantic,
 * route-by-route diff is `phoenix-mesh diff`.
 */
export function diffLines(oldText: string, newText: string, maxLines = 40): string {
  const a = oldText.split("\n");
  const b = newText.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const lines = [`@@ line ${head + 1} @@`, ...removed.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)];
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines) shown.push(`… ${lines.length - maxLines} more lines`);
  return shown.join("\n") + "\n";
}
