/**
 * Pure: a unified diff (diff -u) of two texts, by Myers' O(ND) algorithm. Large, very different
 * inputs are cut off after `maxEdits` rather than taking quadratic time: the PR body only ever
 * shows a bounded amount of it anyway.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  labels: { old: string; new: string },
  context = 3,
  maxEdits = 20_000,
): string | undefined {
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  const a = lines(oldText);
  const b = lines(newText);
  const script = myers(a, b, maxEdits);
  if (script === undefined) return undefined;
  const hunks: string[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && script[i]!.op === " ") i++;
    if (i >= script.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2*context equal lines.
    for (;;) {
      while (end < script.length && script[end]!.op !== " ") end++;
      let next = end;
      while (next < script.length && script[next]!.op === " ") next++;
      if (next < script.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(script.length, end + context);
    const slice = script.slice(start, stop);
    const first = script[start]!;
    const oldCount = slice.filter((e) => e.op !== "+").length;
    const newCount = slice.filter((e) => e.op !== "-").length;
    const range = (line: number, count: number) =>
      `${count === 0 ? line : line + 1}${count === 1 ? "" : `,${count}`}`;
    hunks.push(`@@ -${range(first.oldLine, oldCount)} +${range(first.newLine, newCount)} @@`);
    for (const e of slice) hunks.push(`${e.op}${e.text}`);
    i = stop;
  }
  if (hunks.length === 0) return "";
  return `--- ${labels.old}\n+++ ${labels.new}\n${hunks.join("\n")}\n`;
}

interface Edit {
  op: " " | "-" | "+";
  text: string;
  /** 0-based index of this line (or of the next old/new line, for insertions/deletions). */
  oldLine: number;
  newLine: number;
}

function myers(a: string[], b: string[], maxEdits: number): Edit[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d, offset);
    }
    v = v.slice();
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: string[], b: string[], d: number, offset: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let depth = d; depth >= 0; depth--) {
    const prev = trace[depth]!;
    const k = x - y;
    const prevK =
      k === -depth || (k !== depth && prev[offset + k - 1]! < prev[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = depth === 0 ? 0 : prev[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      edits.push({ op: " ", text: a[x]!, oldLine: x, newLine: y });
    }
    if (depth > 0) {
      if (x === prevX) {
        y--;
        edits.push({ op: "+", text: b[y]!, oldLine: x, newLine: y });
      } else {
        x--;
        edits.push({ op: "-", text: a[x]!, oldLine: x, newLine: y });
      }
    }
  }
  return edits.reverse();
}
