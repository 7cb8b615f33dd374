/**
 * The differential suite: phoenix-mesh's checker and the real, pinned Traefik judge the same
 * files — every dynamic configuration example of Traefik's own documentation at that tag
 * (test/traefik/docs-corpus/files, extracted by its extract.mjs) and our own variants, valid and
 * invalid, of each kind of mistake users make (test/traefik/docs-corpus/variants). A file is
 * valid when Traefik loads it with every object enabled. Both judges get the same static facts:
 * the entryPoints the file names (so a made-up entryPoint in an example is not the point), the
 * certificate resolvers it names, and no plugin. They must agree on at least 98% of the files;
 * every disagreement is printed.
 */
import { writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import { judgeWithTraefik } from "../../src/adapters/traefik-binary/judge.js";
import { checkFiles } from "../../src/domain/traefik/check-files.js";
import { judgeDiagnostics } from "../../src/domain/traefik/judge-verdict.js";
import { corpus, factsFor, recorded, VERDICTS, type Recorded } from "../traefik/docs-corpus/corpus.js";
import { describeWithTraefik } from "./support/traefik.js";

interface Judged {
  file: string;
  traefik: boolean;
  ours: boolean;
  traefikSays: string[];
  weSay: string[];
}

describeWithTraefik("check agrees with the real Traefik", (bin) => {
  it("on at least 98% of Traefik's documented examples and our variants of each mistake", async () => {
    const files = corpus();
    expect(files.length).toBeGreaterThanOrEqual(120);
    const results: Judged[] = [];
    const queue = [...files];
    const worker = async () => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        const facts = factsFor(file);
        const judged = await judgeWithTraefik({ binary: bin, files: [file], entryPoints: facts.entryPoints });
        const theirs = judgeDiagnostics(judged, judged.fileOf, () => file.path).filter(
          (d) => d.severity === "error",
        );
        const ours = checkFiles([file], facts).diagnostics.filter((d) => d.severity === "error");
        results.push({
          file: file.path,
          traefik: theirs.length === 0,
          ours: ours.length === 0,
          traefikSays: theirs.map((d) => d.message),
          weSay: ours.map((d) => d.message),
        });
      }
    };
    await Promise.all([worker(), worker()]);
    results.sort((a, b) => (a.file < b.file ? -1 : 1));
    const disagree = results.filter((r) => r.traefik !== r.ours);
    const agreement = 1 - disagree.length / results.length;
    const valid = results.filter((r) => r.traefik).length;
    console.log(
      `check vs Traefik: ${results.length} files (${valid} valid, ${results.length - valid} invalid by Traefik), ` +
        `agreement ${(agreement * 100).toFixed(1)}%, ${disagree.length} disagreement${disagree.length === 1 ? "" : "s"}` +
        disagree
          .map(
            (d) =>
              `\n  ${d.file}: Traefik ${d.traefik ? "loads it" : `refuses it (${d.traefikSays.join("; ")})`}; check ${d.ours ? "accepts it" : `refuses it (${d.weSay.join("; ")})`}`,
          )
          .join(""),
    );
    // Our variants say in their name what Traefik does with them: a variant Traefik judges
    // otherwise is a wrong test, not a disagreement to average away.
    for (const r of results.filter((x) => x.file.startsWith("variants/")))
      expect(r.traefik, `${r.file}: ${r.traefikSays.join("; ")}`).toBe(r.file.startsWith("variants/valid-"));
    expect(agreement).toBeGreaterThanOrEqual(0.98);
    // Traefik's verdicts, recorded for the unit suite (test/traefik/corpus-verdicts.test.ts, which
    // mutation testing runs): they must be what this Traefik says today.
    const live: Recorded = {
      traefik: /traefik-(v[^-/]+)-[^/]*$/.exec(bin)?.[1] ?? "unknown",
      verdicts: Object.fromEntries(
        results.map((r) => [r.file, { valid: r.traefik, traefikSays: r.traefikSays }]),
      ),
    };
    if (process.env["PHOENIX_MESH_RECORD_VERDICTS"] === "1")
      writeFileSync(VERDICTS, `${JSON.stringify(live, null, 2)}\n`);
    const validity = (r: Recorded) =>
      Object.fromEntries(Object.entries(r.verdicts).map(([f, v]) => [f, v.valid]));
    expect(
      validity(recorded()),
      "test/traefik/docs-corpus/verdicts.json is not what this Traefik says: re-record it with PHOENIX_MESH_RECORD_VERDICTS=1 npx vitest run test/e2e/check-differential.test.ts",
    ).toEqual(validity(live));
  }, 600_000);
});
