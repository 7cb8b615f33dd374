/**
 * Traefik is the judge, without running it: check's verdict on every file of the differential
 * corpus (Traefik's documented examples at the pinned tag, and our variants of each mistake)
 * must be what the real Traefik said of it. Traefik's verdicts are recorded in
 * docs-corpus/verdicts.json, and test/e2e/check-differential.test.ts fails when the real binary
 * no longer says the same. Here, in the unit suite, a change to the checker that accepts a file
 * Traefik refuses (or refuses one it loads) fails by name, and mutation testing sees it.
 */
import { describe, expect, it } from "vitest";
import { checkFiles } from "../../src/domain/traefik/check-files.js";
import { corpus, factsFor, recorded } from "./docs-corpus/corpus.js";

/**
 * Where check knowingly disagrees, and why. Nothing else may: a new disagreement fails below, and
 * so does one of these that check starts to get right (take it off the list).
 */
const KNOWN: Record<string, string> = {
  // usersFile names a file on Traefik's machine; check judges the file alone and cannot see it.
  "files/reference-install-configuration-providers-others-file-1.yml":
    "basicAuth.usersFile is read from disk",
  "files/reference-install-configuration-providers-others-file-2.toml":
    "basicAuth.usersFile is read from disk",
};

const { traefik, verdicts } = recorded();
const files = corpus();

describe(`check judges each corpus file as Traefik ${traefik} did`, () => {
  it("has Traefik's verdict for every file of the corpus", () => {
    expect(Object.keys(verdicts).sort()).toEqual(files.map((f) => f.path).sort());
    // Both kinds are there in numbers: a corpus of only valid files would test nothing.
    const valid = Object.values(verdicts).filter((v) => v.valid).length;
    expect(valid).toBeGreaterThan(100);
    expect(files.length - valid).toBeGreaterThan(60);
  });

  it.each(files.map((f) => [f.path, f] as const))("%s", (path, file) => {
    const theirs = verdicts[path]!;
    const errors = checkFiles([file], factsFor(file)).diagnostics.filter((d) => d.severity === "error");
    const ours = errors.length === 0;
    if (KNOWN[path] !== undefined) {
      expect(ours, `${path} is listed as a disagreement (${KNOWN[path]}) but check now agrees`).not.toBe(
        theirs.valid,
      );
      return;
    }
    expect(
      ours,
      theirs.valid
        ? `Traefik loads ${path}; check refuses it: ${errors.map((e) => e.message).join("; ")}`
        : `Traefik refuses ${path} (${theirs.traefikSays.join("; ")}); check accepts it`,
    ).toBe(theirs.valid);
  });
});
