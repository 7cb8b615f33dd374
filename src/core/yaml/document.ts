/**
 * The only importer of `yaml` (eemeli/yaml): used where its positions and messages serve users
 * best — small, hand-written files (phoenix-mesh.yaml, traefik.yml) and the error path of the
 * output check. Large generated files go through ./fast.ts instead (see docs/design.md).
 */
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node,
} from "yaml";

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
}

export interface YamlDocument {
  value: unknown;
  errors: YamlProblem[];
  warnings: YamlProblem[];
  /** 1-based line/column of the node at a JSON pointer (or of its deepest existing ancestor). */
  locate(pointer: string): { line: number; column: number } | undefined;
  /** How many non-empty YAML documents the text holds (`---`); only the first is read, as Go's yaml.v3 does. */
  documents: number;
}

/** yaml's own default bound on alias expansions, stated here so every reader uses the same. */
export const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string): YamlDocument {
  const lineCounter = new LineCounter();
  // merge: YAML 1.1's `<<` merge keys, which Traefik's yaml.v3 reads.
  const options = { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, merge: true } as const;
  let doc: Document = parseDocument(text, options);
  let documents = 1;
  if (doc.errors.some((e) => e.code === "MULTIPLE_DOCS")) {
    const all = parseAllDocuments(text, options);
    const list: Document[] = Array.isArray(all) ? all : [];
    // An empty document (a trailing `---`) holds nothing to lose.
    documents = list.filter((d, i) => i === 0 || !isEmpty(d.contents)).length;
    doc = list[0] ?? doc;
  }
  const toProblem = (e: { message: string; pos: [number, number] }): YamlProblem => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    return { message: firstLine(e.message), line, column: col };
  };
  const errors = doc.errors.map(toProblem);
  let value: unknown;
  if (errors.length === 0) {
    try {
      // Aliases are expanded with a bound: a "billion laughs" file is an error, not a hang.
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      errors.push({
        message: `${(error as Error).message} (at most ${MAX_ALIAS_COUNT} alias expansions)`,
        line: 1,
        column: 1,
      });
    }
  }
  return {
    value,
    errors,
    documents,
    warnings: doc.warnings.map(toProblem),
    locate(pointer) {
      const node = nodeAt(doc, pointer);
      if (node?.range === undefined || node.range === null) return undefined;
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    },
  };
}

/** Nothing written: no node, or `key:` / `---` with no value after it (an empty null scalar). */
function isEmpty(node: unknown): boolean {
  return (
    node === null ||
    node === undefined ||
    (isScalar(node) && node.value === null && (node.source ?? "") === "")
  );
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

function nodeAt(doc: Document, pointer: string): Node | undefined {
  let node: unknown = doc.contents;
  if (pointer === "") return node as Node;
  const tokens = pointer
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"));
  for (const [i, token] of tokens.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
      if (pair === undefined) return node;
      // The last token points at its key (where "unknown field" and "must be…" read best);
      // earlier ones descend into the value (an empty value, `key:` alone, is placed at its key).
      node = i === tokens.length - 1 || isEmpty(pair.value) ? pair.key : pair.value;
      continue;
    }
    if (isSeq(node)) {
      const item = node.items[Number(token)];
      if (item === undefined) return node;
      node = item;
      continue;
    }
    return node as Node;
  }
  return node as Node;
}
