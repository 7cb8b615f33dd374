/**
 * Pure: a unified diff (diff -u) of two texts, by Myers' O(ND) algorithm, bounded in time and
 * memory for any input: the common head and tail are set aside first (a one-port change in a
 * 100,000-line file is a diff of a few lines), the trace keeps only the 2d+1 live diagonals of each
 * step (O(D²) memory, not O(D·(N+M))), and inputs needing more than `maxEdits` edits give
 * `undefined` — callers then say the line diff was too large and show the route diff instead.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  labels: { old: string; new: string },
  context = 3,
  maxEdits = 4_000,
): string | undefined {
  const hunks = unifiedHunks(oldText, newText, { context, maxEdits });
  if (hunks === undefined) return undefined;
  if (hunks.length === 0) return "";
  return `${diffHeader(labels)}${hunks.join("")}`;
}

export function diffHeader(labels: { old: string; new: string }): string {
  return `--- ${labels.old}\n+++ ${labels.new}\n`;
}

export interface HunkOptions {
  context?: number;
  maxEdits?: number;
  /** Lines that never count as changes (the revision lines): equal whatever they hold. */
  ignore?: RegExp;
}

/** The hunks of a unified diff, each `@@ … @@` with its lines and a final newline; undefined past maxEdits. */
export function unifiedHunks(
  oldText: string,
  newText: string,
  options: HunkOptions = {},
): string[] | undefined {
  const { context = 3, maxEdits = 4_000, ignore } = options;
  const script =
    ignore === undefined
      ? editScript(oldText, newText, maxEdits)
      : ignoring(oldText, newText, ignore, maxEdits);
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
    const lines = [`@@ -${range(first.oldLine, oldCount)} +${range(first.newLine, newCount)} @@`];
    for (const e of slice) lines.push(`${e.op}${e.text}`);
    hunks.push(`${lines.join("\n")}\n`);
    i = stop;
  }
  return hunks;
}

/** The edit script with `ignore`d lines compared as equal, each line shown as its own side has it. */
function ignoring(oldText: string, newText: string, ignore: RegExp, maxEdits: number): Edit[] | undefined {
  const split = (t: string) => (t === "" ? [] : t.replace(/\n$/, "").split("\n"));
  const mask = (lines: string[]) => lines.map((l) => (ignore.test(l) ? "\0ignored" : l)).join("\n");
  const a = split(oldText);
  const b = split(newText);
  const script = editScript(mask(a), mask(b), maxEdits);
  return script?.map((e) => ({ ...e, text: (e.op === "-" ? a[e.oldLine] : b[e.newLine]) ?? e.text }));
}

/** The line edits that turn one text into the other, or undefined past `maxEdits`. */
export function editScript(oldText: string, newText: string, maxEdits: number): Edit[] | undefined {
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  const a = lines(oldText);
  const b = lines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail), maxEdits);
  if (middle === undefined) return undefined;
  const same = (i: number, j: number): Edit => ({ op: " ", text: a[i]!, oldLine: i, newLine: j });
  const shift = (e: Edit): Edit => ({ ...e, oldLine: e.oldLine + head, newLine: e.newLine + head });
  return [
    ...Array.from({ length: head }, (_, i) => same(i, i)),
    ...middle.map(shift),
    ...Array.from({ length: tail }, (_, i) => same(a.length - tail + i, b.length - tail + i)),
  ];
}

export interface Edit {
  op: " " | "-" | "+";
  text: string;
  /** 0-based index of this line (or of the next old/new line, for insertions/deletions). */
  oldLine: number;
  newLine: number;
}

function myers(a: string[], b: string[], maxEdits: number): Edit[] | undefined {
  const n = a.length;
  const m = b.length;
  if (n + m > maxEdits && (n === 0 || m === 0)) return undefined;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[-d-1 .. d+1] as it was before step d: only what backtracking reads.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
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
      if (x >= n && y >= m) return backtrack(trace, a, b, d);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: string[], b: string[], d: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let depth = d; depth >= 0; depth--) {
    const prev = trace[depth]!;
    const offset = depth + 1; // trace[depth][0] is diagonal -depth-1
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
