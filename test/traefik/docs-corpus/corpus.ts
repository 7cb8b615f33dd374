/**
 * The differential corpus: every dynamic configuration example of Traefik's own documentation at
 * the pinned tag (./files, extracted by ./extract.mjs) and our variants of each kind of mistake
 * users make (./variants, named valid-… or invalid-… for what Traefik does with them), plus what
 * the real Traefik said of each one (./verdicts.json, recorded and re-checked by
 * test/e2e/check-differential.test.ts against the real binary).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigFile } from "../../../src/domain/traefik/check-files.js";
import { parseDynamicConfig } from "../../../src/domain/traefik/check-dynamic.js";
import type { StaticFacts } from "../../../src/domain/traefik/static-facts.js";
import { PROJECT_ROOT } from "../../support/fixtures.js";

export const CORPUS = join(PROJECT_ROOT, "test/traefik/docs-corpus");
export const VERDICTS = join(CORPUS, "verdicts.json");

export function corpus(): ConfigFile[] {
  return ["files", "variants"].flatMap((dir) =>
    readdirSync(join(CORPUS, dir))
      .sort()
      .map((name) => ({ path: `${dir}/${name}`, text: readFileSync(join(CORPUS, dir, name), "utf8") })),
  );
}

/** The static facts both judges get: what the file itself names. */
export function factsFor(file: ConfigFile): StaticFacts {
  const config = (parseDynamicConfig(file.text, file.path, { goTemplates: "warn" }).config ?? {}) as Record<
    string,
    Record<string, Record<string, Record<string, unknown>>>
  >;
  const entryPoints = new Map<string, "tcp" | "udp">([["web", "tcp"]]);
  const certResolvers = new Set<string>();
  for (const protocol of ["http", "tcp", "udp"] as const)
    for (const router of Object.values(config[protocol]?.["routers"] ?? {})) {
      const eps = (router["entryPoints"] ?? []) as string[];
      // A UDP router without entryPoints listens on every UDP entryPoint: give it one.
      if (protocol === "udp" && eps.length === 0) entryPoints.set("udp", "udp");
      for (const ep of eps) entryPoints.set(ep, protocol === "udp" ? "udp" : "tcp");
      const resolver = (router["tls"] as { certResolver?: string } | undefined)?.certResolver;
      if (resolver !== undefined) certResolvers.add(resolver);
    }
  return { entryPoints, certResolvers, plugins: new Set() };
}

/** What the real Traefik said of one corpus file: loaded with every object enabled, or why not. */
export interface Verdict {
  valid: boolean;
  traefikSays: string[];
}

/**
 * The recorded verdicts, file by file, and the files where check is known to disagree with
 * Traefik (each with why; the differential suite allows 2%).
 */
export interface Recorded {
  traefik: string;
  verdicts: Record<string, Verdict>;
}

export function recorded(): Recorded {
  return JSON.parse(readFileSync(VERDICTS, "utf8")) as Recorded;
}
