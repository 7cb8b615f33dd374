#!/usr/bin/env node
/**
 * Extracts the dynamic configuration examples of Traefik's own documentation at the pinned tag
 * into files/, for the differential suite (test/e2e/check-differential.test.ts): every fenced
 * YAML (and TOML) block of docs/content/**\/*.md whose top-level keys are only http, tcp, udp and
 * tls — the file provider's dynamic configuration — and the reference files
 * reference/dynamic-configuration/file.yaml and file.toml. Kubernetes, labels and static
 * configuration blocks are left out by that rule. Run it after bumping the pin:
 *
 *   node test/traefik/docs-corpus/extract.mjs "$(cd tools/traefik && go list -m -f '{{.Dir}}' github.com/traefik/traefik/v3)"
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { parseAllDocuments } from "yaml";

const source = process.argv[2];
if (source === undefined) {
  console.error("usage: extract.mjs TRAEFIK_SOURCE_DIR");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "files");
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const docs = join(source, "docs/content");
const DYNAMIC = new Set(["http", "tcp", "udp", "tls"]);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function isDynamic(text, toml) {
  let value;
  try {
    if (toml) value = parseToml(text);
    else {
      const docs = parseAllDocuments(text);
      if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length > 0) return false;
      value = docs[0].toJS();
    }
  } catch {
    return false;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => DYNAMIC.has(k.toLowerCase()));
}

const index = [];
for (const file of walk(docs)
  .filter((f) => f.endsWith(".md"))
  .sort()) {
  const text = readFileSync(file, "utf8");
  const slug = relative(docs, file)
    .replace(/\.md$/, "")
    .replace(/[^a-zA-Z0-9]+/g, "-");
  let n = 0;
  for (const m of text.matchAll(/^([ \t]*)```(yaml|yml|toml)\b[^\n]*\n([\s\S]*?)^\1```[ \t]*$/gm)) {
    const indent = m[1];
    const body = m[3]
      .split("\n")
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join("\n");
    const toml = m[2] === "toml";
    if (!isDynamic(body, toml)) continue;
    n++;
    const name = `${slug}-${n}.${toml ? "toml" : "yml"}`;
    writeFileSync(join(out, name), body);
    index.push({ file: name, from: `docs/content/${relative(docs, file)}` });
  }
}
for (const ref of ["file.yaml", "file.toml"]) {
  const name = `reference-dynamic-configuration-${ref}`;
  writeFileSync(join(out, name), readFileSync(join(docs, "reference/dynamic-configuration", ref), "utf8"));
  index.push({ file: name, from: `docs/content/reference/dynamic-configuration/${ref}` });
}
writeFileSync(join(here, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
console.error(`extracted ${index.length} dynamic configuration files from ${docs}`);
