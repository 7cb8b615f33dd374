/**
 * Reads Markdown the way GitHub does (CommonMark + GFM, through micromark/mdast) and Mermaid
 * with Mermaid's own parser, and lists what would render broken: an unclosed code span, fence or
 * `<details>`, a table row with more cells than its header, a diagram Mermaid rejects.
 */
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export interface Node {
  type: string;
  value?: string;
  lang?: string | null;
  children?: Node[];
  position?: { start: { line: number }; end: { line: number } };
}

export interface MarkdownReading {
  problems: string[];
  /** The top-level blocks, in order. */
  blocks: Node[];
  mermaid: string[];
}

export function readMarkdown(source: string): MarkdownReading {
  const tree = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as Node;
  const lines = source.split("\n");
  const problems: string[] = [];
  const mermaid: string[] = [];
  let open = 0;
  const visit = (node: Node, inCode: boolean) => {
    if (node.type === "code") {
      const closing = lines[(node.position?.end.line ?? 1) - 1] ?? "";
      if (!/^(`{3,}|~{3,})\s*$/.test(closing))
        problems.push(`unclosed fence from line ${node.position?.start.line}`);
      if (node.lang === "mermaid") mermaid.push(node.value ?? "");
    }
    if (node.type === "text" && !inCode && (node.value ?? "").includes("`"))
      problems.push(`a literal backtick (an unclosed code span?) in "${node.value?.slice(0, 60)}"`);
    if (node.type === "html") {
      for (const tag of (node.value ?? "").matchAll(/<(\/?)details>/g)) {
        open += tag[1] === "/" ? -1 : 1;
        if (open < 0) problems.push(`</details> without <details> at line ${node.position?.start.line}`);
      }
    }
    if (node.type === "table") {
      const width = node.children?.[0]?.children?.length ?? 0;
      for (const row of node.children ?? [])
        if ((row.children?.length ?? 0) !== width)
          problems.push(`a table row with ${row.children?.length} cells under ${width} headers`);
    }
    for (const child of node.children ?? []) visit(child, inCode || node.type === "inlineCode");
  };
  visit(tree, false);
  if (open !== 0) problems.push(`${open} <details> never closed`);
  // GFM drops cells past the header's count without a word: count the unescaped pipes instead.
  const pipes = (l: string) => l.match(/(?<!\\)\|/g)?.length ?? 0;
  let header: number | undefined;
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith("|")) header = undefined;
    else if (header === undefined) header = pipes(line);
    else if (pipes(line) !== header)
      problems.push(`line ${i + 1} has ${pipes(line)} cell borders, its table's header ${header}`);
  }
  return { problems, blocks: tree.children ?? [], mermaid };
}

let mermaidModule: { parse(text: string): Promise<unknown> } | undefined;

/** Mermaid's own parser (it needs a DOM: jsdom stands in for the browser's). */
export async function parseMermaid(text: string): Promise<void> {
  if (mermaidModule === undefined) {
    const { JSDOM } = await import("jsdom");
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    mermaidModule = (await import("mermaid")).default;
  }
  await mermaidModule.parse(text);
}
