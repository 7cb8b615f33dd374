#!/usr/bin/env node
/**
 * Shows a pull request body as GitHub shows it, for a person to look at before a change to the
 * review ships: GFM through micromark (GitHub's own rules: tables, raw <details>), GitHub's
 * stylesheet, and Mermaid blocks drawn by Mermaid in a headless Chromium, screenshotted.
 *
 *   node scripts/preview-markdown.mjs BODY.md [OUT.png]    (Debian: apt-get install chromium)
 *
 * Development only: not part of the package, not run by the tests (they parse the same Markdown
 * and Mermaid without a browser, test/support/markdown.ts).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, resolve } from "node:path";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

const [input, output = `${input.replace(/\.md$/, "")}.png`] = process.argv.slice(2);
if (input === undefined) {
  console.error("usage: preview-markdown.mjs BODY.md [OUT.png]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const css = readFileSync(require.resolve("github-markdown-css/github-markdown-light.css"), "utf8");
const mermaidJs = require.resolve("mermaid/dist/mermaid.min.js");
const html = micromark(readFileSync(input, "utf8"), {
  allowDangerousHtml: true,
  extensions: [gfm()],
  htmlExtensions: [gfmHtml()],
}).replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, '<pre class="mermaid">$1</pre>');
const page = resolve(`${output}.html`);
writeFileSync(
  page,
  `<!doctype html><meta charset="utf-8"><title>${basename(input)}</title><style>${css}
  body{margin:0;background:#fff} .markdown-body{box-sizing:border-box;max-width:1012px;margin:0 auto;padding:32px}
  details{border:1px solid #d1d9e0;border-radius:6px;padding:4px 8px}</style>
  <article class="markdown-body">${html}</article>
  <script src="file://${mermaidJs}"></script>
  <script>mermaid.initialize({ startOnLoad: false, theme: "default" });
  mermaid.run().then(() => document.title = "drawn", (e) => { document.body.insertAdjacentText("afterbegin", "MERMAID ERROR: " + e); });</script>`,
);
const height = Number(process.env.PREVIEW_HEIGHT ?? 2400);
execFileSync(
  "chromium",
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--allow-file-access-from-files",
    "--virtual-time-budget=8000",
    `--window-size=1100,${height}`,
    `--screenshot=${resolve(output)}`,
    `file://${page}`,
  ],
  { stdio: ["ignore", "ignore", "inherit"] },
);
console.error(`wrote ${output} (and ${page})`);
