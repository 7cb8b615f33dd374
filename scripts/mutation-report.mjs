#!/usr/bin/env node
// npm run test:mutation:report [-- --survivors [PATH_PART]] [REPORT.json ...]
//
// The mutation score of the pure core, per file, from one or more Stryker JSON reports (default:
// reports/mutation/mutation.json, then reports/mutation-static/mutation.json when present). A
// later report overrides an earlier one on static mutants (same file, place, mutator and
// replacement): the static pass (`STRYKER_STATIC=1`, see stryker.config.mjs) re-tests the
// module-level mutants the main run cannot activate, and its verdict is the one that counts.
// A later report of a file whose code has changed since the first is left out.
// Killed and timed-out mutants count as detected; survivors and uncovered ones do not; ignored
// ones and those that do not compile are left out, as Stryker's own score does.
// --survivors prints each surviving mutant with the code it changed, to write the test that
// kills it or to list it in test/mutation-equivalent.md. --static-targets prints the lines of
// the module-level static mutants that survived, as STRYKER_MUTATE wants them, for the static pass:
//   STRYKER_STATIC=1 STRYKER_MUTATE="$(npm run -s test:mutation:report -- --static-targets)" npx stryker run
import { existsSync, readFileSync } from "node:fs";
import ts from "typescript";

const args = process.argv.slice(2);
const staticTargets = args.includes("--static-targets");
if (staticTargets) args.splice(args.indexOf("--static-targets"), 1);
const survivorsAt = args.indexOf("--survivors");
let filter;
if (survivorsAt !== -1) {
  const next = args[survivorsAt + 1];
  filter = next !== undefined && !next.endsWith(".json") ? next : "";
  args.splice(survivorsAt, filter === "" ? 1 : 2);
}
const reports =
  args.length > 0
    ? args
    : ["reports/mutation/mutation.json", "reports/mutation-static/mutation.json"].filter(existsSync);
if (reports.length === 0) {
  console.error("no report: run `npm run test:mutation` first (it writes reports/mutation/mutation.json)");
  process.exit(2);
}

/** file → mutant key → { status, mutant, source } */
const files = new Map();
/** Each file's source as the first report saw it: a later report of other code is out of date. */
const sources = new Map();
for (const path of reports) {
  const report = JSON.parse(readFileSync(path, "utf8"));
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    if (!sources.has(file)) sources.set(file, source);
    else if (sources.get(file) !== source) {
      console.error(`${path}: ${file} has changed since; its verdicts there are left out`);
      continue;
    }
    if (!files.has(file)) files.set(file, new Map());
    const byKey = files.get(file);
    for (const m of mutants) {
      const { start, end } = m.location;
      const key = `${start.line}:${start.column}-${end.line}:${end.column} ${m.mutatorName} ${m.replacement}`;
      // A later report decides a static mutant (the static pass); the first one every other.
      if (byKey.has(key) && m.static !== true) continue;
      byKey.set(key, { mutant: m, source });
    }
  }
}

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);
const rows = [];
let total = 0;
let detected = 0;
for (const [file, byKey] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const counted = [...byKey.values()].filter(
    ({ mutant }) => DETECTED.has(mutant.status) || UNDETECTED.has(mutant.status),
  );
  const killed = counted.filter(({ mutant }) => DETECTED.has(mutant.status)).length;
  total += counted.length;
  detected += killed;
  rows.push({
    file,
    mutants: counted.length,
    killed,
    survivors: counted.filter((c) => !DETECTED.has(c.mutant.status)),
  });
}

/**
 * Whether a mutant sits in code that runs only while its module loads (a module-level constant's
 * initializer), outside every function. Static mutants inside a function ran with the mutant
 * active in the tests that call the function, so their verdict stands; module-level ones were
 * never active in the main run (see stryker.config.mjs).
 */
function moduleLevel(file, source) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const bodies = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body !== undefined)
      bodies.push([node.body.getStart(sf), node.body.end]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return ({ start }) => {
    const at = sf.getPositionOfLineAndCharacter(start.line - 1, start.column - 1);
    return !bodies.some(([from, to]) => at >= from && at < to);
  };
}

if (staticTargets) {
  const targets = [];
  for (const r of rows) {
    if (r.survivors.length === 0) continue;
    const atLoad = moduleLevel(r.file, r.survivors[0].source);
    // One range per mutant (Stryker's lines count from 1, its columns from 0): only those mutants
    // are tested again, not the killed ones around them.
    for (const { mutant } of r.survivors) {
      if (!mutant.static || !atLoad(mutant.location)) continue;
      const { start, end } = mutant.location;
      targets.push(`${r.file}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`);
    }
  }
  console.log(targets.join(","));
  process.exit(0);
}

const pct = (k, n) => (n === 0 ? "—" : ((100 * k) / n).toFixed(1));
if (filter === undefined) {
  console.log("| file | mutants | killed | % |\n| --- | ---: | ---: | ---: |");
  for (const r of rows)
    console.log(
      `| ${r.file.replace(/^src\//, "")} | ${r.mutants} | ${r.killed} | ${pct(r.killed, r.mutants)} |`,
    );
  console.log(
    `\n**${detected} of ${total} mutants killed over ${rows.length} files: ${pct(detected, total)}%** (${reports.join(" + ")})`,
  );
} else {
  for (const r of rows.filter((r) => r.file.includes(filter) && r.survivors.length > 0)) {
    console.log(`== ${r.file}: ${r.survivors.length} of ${r.mutants} undetected`);
    const lines = r.survivors[0].source.split("\n");
    for (const { mutant } of r.survivors.sort(
      (a, b) =>
        a.mutant.location.start.line - b.mutant.location.start.line ||
        a.mutant.location.start.column - b.mutant.location.start.column,
    )) {
      const { start, end } = mutant.location;
      const line = lines[start.line - 1] ?? "";
      const original = line
        .slice(start.column - 1, end.line === start.line ? end.column - 1 : undefined)
        .trim();
      const flag = mutant.status === "NoCoverage" ? "no test reaches it" : mutant.static ? "static" : "";
      console.log(
        `  ${start.line}:${start.column} ${mutant.mutatorName}${flag === "" ? "" : ` (${flag})`}: ${JSON.stringify(original.slice(0, 80))} → ${JSON.stringify(String(mutant.replacement ?? "").slice(0, 60))}`,
      );
    }
  }
}
