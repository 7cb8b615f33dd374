/**
 * The layering of src/, enforced in `npm test` (npm run check:layers). Each layer imports only
 * the layers below it:
 *
 *   cli.ts, action.ts  →  commands/<verb>/  →  adapters/  →  domain/  →  core/  (→ generated/)
 *
 * core/ is pure and knows no domain words; domain/ is pure (Phoenix, Traefik, rendering, diffs);
 * adapters/ hold every side effect, one folder per kind; a command folder owns its flags, its
 * orchestration and its human output, and never imports another command. See docs/design.md.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-is-the-bottom",
      comment:
        "core/ (errors, diagnostics, JSON/YAML, text) imports nothing above it: move the code down, or the import up.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/(domain|adapters|commands|(cli|action)\\.ts)" },
    },
    {
      name: "domain-is-pure",
      comment:
        "domain/ is pure: it may import core/ and domain/, never adapters/ or a command. Pass data or an injected function instead.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/(adapters|commands|(cli|action)\\.ts)" },
    },
    {
      name: "domain-does-no-io",
      comment:
        "domain/ and core/ are pure: no file system, processes or sockets (node:crypto, node:path and node:net's isIP are fine).",
      severity: "error",
      from: { path: "^src/(domain|core)/" },
      to: {
        dependencyTypes: ["core"],
        path: "^(node:)?(fs|fs/promises|child_process|http|https|http2|tls|dns|dgram|os|worker_threads)$",
      },
    },
    {
      name: "adapters-below-commands",
      comment:
        "adapters/ never import a command or the CLI: what a command and an adapter share belongs in an adapter or below.",
      severity: "error",
      from: { path: "^src/adapters/" },
      to: { path: "^src/(commands|(cli|action)\\.ts)" },
    },
    {
      name: "no-command-imports-another",
      comment:
        "A command never imports another command: move what two commands share down a layer (adapters/, domain/ or core/).",
      severity: "error",
      from: { path: "^src/commands/([^/]+)/" },
      to: { path: "^src/commands/", pathNot: "^src/commands/$1/" },
    },
    {
      name: "nothing-imports-the-cli",
      comment: "cli.ts is the top: nothing imports it but the action, the other top.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/action\\.ts$" },
      to: { path: "^src/cli\\.ts$" },
    },
    {
      name: "no-folder-cycles",
      comment: "An import cycle: break it by moving the shared piece down a layer.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "generated-only-through-core-schema",
      comment: "Generated validators are reached only through core/schema/validator.ts.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/core/schema/" },
      to: { path: "^src/generated/schemas" },
    },
    {
      name: "generated-templates-only-through-builtin-templates",
      comment:
        "The precompiled built-in templates are reached only through domain/render/builtin-templates.ts.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/domain/render/builtin-templates\\.ts$" },
      to: { path: "^src/generated/templates" },
    },
    {
      name: "one-importer-per-library",
      comment:
        "Each third-party library has one home: yaml and js-yaml in core/yaml, smol-toml in core/toml, handlebars in domain/render, simple-git in adapters/git, Octokit in adapters/github.",
      severity: "error",
      from: {
        path: "^src/",
        pathNot: "^src/(core/yaml|core/toml|domain/render|adapters/git|adapters/github|adapters/redis)/",
      },
      to: { path: "node_modules/(yaml|js-yaml|smol-toml|handlebars|simple-git|@octokit|ioredis)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
