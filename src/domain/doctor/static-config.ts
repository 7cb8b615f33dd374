/**
 * Pure: Traefik's static configuration as doctor sees it — render's lint (entryPoints,
 * certResolvers, misplaced dynamic keys, directory vs filename, watch) plus what a deploy needs:
 * the deploy target inside the watched folder, and the API that verify talks to.
 */
import { basename, dirname } from "node:path";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { lintStaticConfig } from "../traefik/static-lint.js";
import { apiOf, fileProviderOf } from "../traefik/static-facts.js";
import { parseConfigDocument } from "../../core/config-document.js";
import { error, ok, warning, type Finding } from "./finding.js";
import type { TraefikFacts } from "./facts.js";

export function checkStaticConfig(input: {
  text: string;
  path: string;
  livePath: string;
  dynamic: DynamicConfig;
  facts: TraefikFacts;
}): Finding[] {
  const { text, path, livePath, dynamic, facts } = input;
  const lint = lintStaticConfig({ text, file: path, dynamic, outputName: livePath.split("/").pop() ?? "" });
  const findings: Finding[] = lint.map(toFinding);
  const doc = parseConfigDocument(text, path);
  if (doc.errors.length > 0) return findings;
  const file = fileProviderOf(doc.value);
  if (file !== undefined && !file.empty) {
    const watched = file.directory ?? (file.filename === undefined ? undefined : dirname(file.filename));
    if (file.directory !== undefined && dirname(livePath) !== file.directory.replace(/\/+$/, "")) {
      findings.push(
        error(
          "static.target-watched",
          `the deploy target ${livePath} is not in the watched folder ${file.directory}, so Traefik never reads it`,
          `deploy to ${file.directory}/${basename(livePath)}, or point providers.file.directory at ${dirname(livePath)}`,
        ),
      );
    } else if (file.directory === undefined && file.filename !== undefined && file.filename !== livePath) {
      findings.push(
        error(
          "static.target-watched",
          `providers.file.filename is ${file.filename}, not the deploy target ${livePath}`,
          `set providers.file.filename: ${livePath}, or deploy to ${file.filename}`,
        ),
      );
    } else if (watched !== undefined) {
      findings.push(
        ok(
          "static.target-watched",
          `the deploy target is in the watched ${file.directory === undefined ? "file" : "folder"} ${watched}`,
        ),
      );
    }
  }

  const api = apiOf(doc.value);
  if (api === undefined) {
    findings.push(
      error(
        "static.api",
        "the API is not enabled: verify and deploy cannot see what Traefik loaded",
        "add `api: {insecure: true}` (it listens on the `traefik` entryPoint, :8080; keep that port internal)",
      ),
    );
  } else if (facts.apiError !== undefined) {
    findings.push(
      error(
        "static.api",
        `the API is enabled but could not be reached: ${facts.apiError}`,
        api.insecure
          ? "check the address given to --api (the `traefik` entryPoint, :8080 by default) and the firewall"
          : "set api.insecure: true (served on the `traefik` entryPoint), or route to api@internal and pass that URL as --api",
      ),
    );
  } else {
    findings.push(ok("static.api", "the API is enabled and answers"));
  }
  return findings;
}

function toFinding(d: Diagnostic): Finding {
  const where = d.line === undefined ? "" : ` (${d.file ?? ""}:${d.line})`;
  const check = `static.${d.code.replace(/^static-/, "")}`;
  const message = `${d.message}${where}`;
  return d.severity === "error" ? error(check, message, d.hint) : warning(check, message, d.hint);
}
