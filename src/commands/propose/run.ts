/**
 * `phoenix-mesh propose`: render the config repo's inventory as its base branch has it, and keep
 * one pull request on one branch in step with the result.
 */
import { appendFile, mkdir, rm } from "node:fs/promises";
import { makeTempDir } from "../../adapters/io/temp-dir.js";
import { randomBytes } from "node:crypto";
import { basename, isAbsolute, join, relative, sep } from "node:path";
import { PhoenixMeshError } from "../../core/errors.js";
import type { Author, ConfigRepo } from "../../adapters/git/config-repo.js";
import { buildPrBody, reachLine, sourceLine, type Reach } from "../../domain/review/pr-body.js";
import { prepareReview } from "../../domain/review/review.js";
import type { GitHub, PullRequest } from "../../adapters/github/client.js";
import { decide, type ProposeOperation } from "./decide.js";
import { revisionOf } from "../../domain/traefik/revision.js";
import { parseDynamicConfig } from "../../domain/traefik/check-dynamic.js";
import type { CommandIO } from "../../core/command-io.js";
import { packageVersion } from "../../adapters/io/assets.js";
import { readRenderInputs } from "../../adapters/io/read-render-inputs.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { resolveSettings } from "../../adapters/settings/resolve.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues, Settings } from "../../adapters/settings/types.js";
import { formatDiagnostic } from "../../core/diagnostics.js";
import { runRenderPipeline } from "../../domain/render/pipeline.js";

export interface ProposeOptions {
  flags: FlagValues;
  repo?: string | undefined;
  repoUrl?: string | undefined;
  /** The settings file, as a path inside the repository. */
  config?: string | undefined;
  labels?: string[] | undefined;
  reviewers?: string[] | undefined;
  dryRun?: boolean;
}

export interface ProposeReport {
  operation: ProposeOperation;
  dryRun: boolean;
  base: string;
  branch: string;
  pushed: boolean;
  commit: string | null;
  pullRequest: { number: number; url: string } | null;
  summary: string;
}

export async function proposeCommand(options: ProposeOptions, io: CommandIO): Promise<ProposeReport> {
  // propose's own settings (its flags and GitHub's environment); the repository's settings file is
  // read later, as the base commit has it.
  const { settings, problems } = resolveSettings({
    flags: options.flags,
    env: io.env,
    file: undefined,
    cwd: io.cwd,
  });
  if (problems.length > 0) throw new PhoenixMeshError("USAGE", "invalid setting", { diagnostics: problems });
  const report = await propose(settings, options, io);
  if (!report.dryRun) await writeActionsOutputs(settings.github.outputFile, report);
  return report;
}

async function propose(settings: Settings, options: ProposeOptions, io: CommandIO): Promise<ProposeReport> {
  const dryRun = options.dryRun === true;
  const tokenSource = settings.proposal.tokenEnv;
  // The token's variable is itself a setting (--token-env): the only environment read by name here.
  const token = io.env[tokenSource] || undefined;
  if (token === undefined && !dryRun) {
    throw new PhoenixMeshError("USAGE", `no GitHub token in ${tokenSource}`, {
      hint: `set ${tokenSource} (in Actions: env: ${tokenSource}: \${{ secrets.GITHUB_TOKEN }}), or name another variable with --token-env`,
    });
  }
  const author = parseAuthor(settings.proposal.author);
  const { base, branch } = settings.proposal;
  const scratch = await makeTempDir("propose");
  try {
    const { openConfigRepo, cloneConfigRepo } = await import("../../adapters/git/config-repo.js");
    const repoDir =
      options.repoUrl === undefined
        ? (options.repo ?? io.cwd)
        : await cloneConfigRepo(options.repoUrl, join(scratch, "repo"), token, io.env);
    const repo = await openConfigRepo(repoDir, token, io.env);
    const heads = await repo.fetch(base, branch);
    io.stderr(
      `base ${base} at ${heads.base.slice(0, 12)}; ${branch} ${heads.branch === undefined ? "does not exist yet" : `at ${heads.branch.slice(0, 12)}`}\n`,
    );

    const rendered = await renderAtBase(
      repo,
      heads.base,
      options.config ?? SETTINGS.config.default,
      join(scratch, "tree"),
      io,
    );
    const github = await gitHubFor(settings, io, token, tokenSource, repo);
    const openPr = github === undefined ? undefined : await github.client.findOpen(branch, base);
    const text = describeProposal(
      rendered,
      github === undefined ? undefined : `${settings.github.serverUrl}/${github.slug}`,
    );
    const baseMatches = rendered.baseContent === rendered.content;
    const branchUpToDate =
      heads.branch !== undefined &&
      (await repo.parentsOf(heads.branch)).join(" ") === heads.base &&
      (await repo.show(heads.branch, rendered.path)) === rendered.content;
    const plan = decide({
      baseMatches,
      branchExists: heads.branch !== undefined,
      branchUpToDate,
      openPr,
      title: text.title,
      body: text.body,
    });
    const report: ProposeReport = {
      operation: plan.operation,
      dryRun,
      base,
      branch,
      pushed: false,
      commit: null,
      pullRequest: openPr === undefined ? null : { number: openPr.number, url: openPr.url },
      summary: baseMatches ? `${base} already has the rendered file` : text.summary,
    };
    if (dryRun) {
      io.stderr(
        `dry run: would ${describePlan(plan)}${github === undefined ? " (GitHub not asked: no token)" : ""}\n`,
      );
      return report;
    }

    if (plan.push) {
      const { commit } = await repo.commitFile(
        heads.base,
        rendered.path,
        rendered.content,
        commitMessage(text.summary, rendered.sourceCommit),
        author,
      );
      await repo.pushWithLease(commit, branch, heads.branch);
      report.pushed = true;
      report.commit = commit;
      io.stderr(`pushed ${commit.slice(0, 12)} to ${branch}\n`);
    }
    if (plan.pr === "close" && openPr !== undefined && github !== undefined) {
      await github.client.close(openPr.number);
      io.stderr(`closed ${openPr.url}: ${base} already has the rendered file\n`);
    }
    if (plan.deleteBranch && heads.branch !== undefined) {
      await repo.deleteWithLease(branch, heads.branch);
      io.stderr(`deleted ${branch}\n`);
    }
    if (github !== undefined) {
      await applyPr(
        plan.pr,
        github.client,
        openPr,
        {
          branch,
          base,
          title: text.title,
          body: text.body,
          labels: options.labels ?? [],
          reviewers: options.reviewers ?? [],
        },
        report,
        io,
      );
    }
    return report;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface RenderedAtBase {
  /** The rendered file's path in the repository. */
  path: string;
  content: string;
  baseContent: string | undefined;
  sourceCommit: string | undefined;
  domain: string;
  /** The render's warnings, for the reviewer as well as the log. */
  warnings: string[];
  /** Where a merge goes: the base commit's deploy targets and their Traefik APIs. */
  reach: Reach[];
}

/** Renders exactly what the base commit holds: its inventory, settings and templates, unpacked into `tree`. */
async function renderAtBase(
  repo: ConfigRepo,
  baseSha: string,
  configRel: string,
  tree: string,
  io: CommandIO,
): Promise<RenderedAtBase> {
  await mkdir(tree);
  await repo.exportTree(baseSha, tree);
  // Only what the base commit holds counts: its settings file, not this process's environment.
  const { settings, source } = await loadSettings({ config: join(tree, configRel) }, { env: {}, cwd: tree });
  refuseOutside(tree, configRel, settings);
  const inputs = await readRenderInputs(settings, tree);
  const path = relative(tree, settings.output);
  const outcome = runRenderPipeline({
    ...inputs,
    settings,
    settingsSource: source,
    outputName: basename(settings.output),
    outputLabel: path,
    tool: { name: "phoenix-mesh", version: packageVersion() },
  });
  if (!outcome.ok)
    throw new PhoenixMeshError(
      outcome.code,
      `${outcome.summary} at ${baseSha.slice(0, 12)}; nothing was proposed`,
      {
        diagnostics: outcome.diagnostics,
      },
    );
  const warnings = outcome.warnings.map(formatDiagnostic);
  for (const w of warnings) io.stderr(`${w}\n`);
  return {
    path,
    content: outcome.text,
    baseContent: await repo.show(baseSha, path),
    sourceCommit: await repo.lastCommitTouching(baseSha, [configRel, ...inventoryPaths(tree, settings)]),
    domain: outcome.model.domain,
    warnings,
    reach:
      settings.deployTargets.length > 0
        ? settings.deployTargets.map((t) => ({ target: t.target, apis: t.traefikApis }))
        : settings.target === undefined
          ? []
          : [{ target: settings.target, apis: settings.traefikApis }],
  };
}

/** Title, summary and body of the pull request. */
function describeProposal(
  r: RenderedAtBase,
  repoUrl: string | undefined,
): { title: string; summary: string; body: string } {
  const parsed = (text: string | undefined) =>
    text === undefined ? {} : (parseDynamicConfig(text, r.path).config ?? {});
  const review = prepareReview({
    before: { config: parsed(r.baseContent), text: r.baseContent },
    after: { config: parsed(r.content), text: r.content },
    labels: { old: `a/${r.path}`, new: `b/${r.path}` },
    domain: r.domain,
    renderWarnings: r.warnings,
    source: [
      sourceLine(
        r.sourceCommit,
        r.sourceCommit === undefined || repoUrl === undefined
          ? undefined
          : `${repoUrl}/commit/${r.sourceCommit}`,
        revisionOf(r.content),
      ),
      reachLine(r.reach),
    ]
      .filter((line) => line !== undefined)
      .join("\n\n"),
  });
  return { title: review.title, summary: review.summary, body: buildPrBody(review, r.path) };
}

async function applyPr(
  action: "create" | "update" | "close" | "keep" | "none",
  github: GitHub,
  openPr: PullRequest | undefined,
  pr: { branch: string; base: string; title: string; body: string; labels: string[]; reviewers: string[] },
  report: ProposeReport,
  io: CommandIO,
): Promise<void> {
  if (action === "create") {
    const created = await github.create({ head: pr.branch, base: pr.base, title: pr.title, body: pr.body });
    if (created === "exists") {
      // Opened by a concurrent run between our look-up and create: update that one instead.
      const existing = await github.findOpen(pr.branch, pr.base);
      if (existing === undefined)
        throw new PhoenixMeshError(
          "REMOTE",
          `GitHub says a pull request for ${pr.branch} exists but does not list it`,
        );
      const updated = await github.update(existing.number, { title: pr.title, body: pr.body });
      report.operation = "updated";
      report.pullRequest = { number: updated.number, url: updated.url };
      return;
    }
    await github.addLabels(created.number, pr.labels);
    await github.requestReviewers(created.number, pr.reviewers);
    report.pullRequest = { number: created.number, url: created.url };
    io.stderr(`opened ${created.url}\n`);
  } else if (action === "update" && openPr !== undefined) {
    const updated = await github.update(openPr.number, { title: pr.title, body: pr.body });
    report.pullRequest = { number: updated.number, url: updated.url };
    io.stderr(`updated ${updated.url}\n`);
  }
}

function describePlan(plan: ReturnType<typeof decide>): string {
  const steps = [
    plan.push ? "push the branch" : undefined,
    plan.deleteBranch ? "delete the branch" : undefined,
    plan.pr === "none" || plan.pr === "keep" ? undefined : `${plan.pr} the pull request`,
  ].filter((s) => s !== undefined);
  return `${steps.length === 0 ? "change nothing" : steps.join(", ")} → ${plan.operation}`;
}

function commitMessage(summary: string, source: string | undefined): string {
  return `Render Traefik routes: ${summary}\n\n${source === undefined ? "" : `Rendered from ${source}.\n`}Generated by phoenix-mesh propose.`;
}

function parseAuthor(text: string): Author {
  const m = /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (m === null)
    throw new PhoenixMeshError("USAGE", `--author ${JSON.stringify(text)} is not "Name <email>"`);
  return { name: m[1] ?? "", email: m[2] ?? "" };
}

/**
 * A committed settings file names paths inside its repository: `output: ../../outside.yml` or an
 * absolute path would make a proposal read (or, before, write) files that are not the
 * repository's — refused, naming the key.
 */
function refuseOutside(tree: string, configRel: string, settings: Settings): void {
  const keys = {
    output: settings.output,
    inventory: settings.inventory,
    templates: settings.templates,
    static_config: settings.staticConfig,
  };
  for (const [key, path] of Object.entries(keys)) {
    if (path === undefined) continue;
    const rel = relative(tree, path);
    if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
      throw new PhoenixMeshError(
        "USAGE",
        `${configRel}: ${key} points outside the repository (${path.startsWith(tree) ? rel : path})`,
        {
          hint: `give ${key} as a path inside the repository, relative to ${configRel}`,
        },
      );
  }
}

function inventoryPaths(tree: string, settings: Settings): string[] {
  return [settings.inventory, settings.templates]
    .filter((p): p is string => p !== undefined)
    .map((p) => relative(tree, p) || ".");
}

async function gitHubFor(
  settings: Settings,
  io: CommandIO,
  token: string | undefined,
  tokenSource: string,
  repo: { remoteUrl(): Promise<string> },
): Promise<{ client: GitHub; slug: string } | undefined> {
  if (token === undefined) return undefined;
  let slug = settings.github.repository ?? "";
  if (slug === "") slug = /github\.com[:/]([^/]+\/[^/]+?)(\.git)?$/.exec(await repo.remoteUrl())?.[1] ?? "";
  const [owner, name] = slug.split("/");
  if (owner === undefined || name === undefined || owner === "" || name === "") {
    throw new PhoenixMeshError("USAGE", "cannot tell which GitHub repository to open the pull request in", {
      hint: `pass --github-repository owner/name (Actions sets ${SETTINGS.githubRepository.env})`,
    });
  }
  const { gitHub } = await import("../../adapters/github/client.js");
  const retryBase = settings.github.retryBaseMs;
  const client = gitHub({
    token,
    tokenSource,
    owner,
    repo: name,
    baseUrl: settings.github.apiUrl,
    log: (l) => io.stderr(`${l}\n`),
    ...(retryBase === undefined ? {} : { retryBaseMs: retryBase }),
    maxRateLimitWaitSeconds: settings.github.rateLimitWaitSeconds,
  });
  return { client, slug };
}

async function writeActionsOutputs(file: string | undefined, report: ProposeReport): Promise<void> {
  if (file === undefined) return;
  const outputs: Record<string, string> = {
    operation: report.operation,
    "pull-request-number": String(report.pullRequest?.number ?? ""),
    "pull-request-url": report.pullRequest?.url ?? "",
    branch: report.branch,
    pushed: String(report.pushed),
  };
  await appendFile(file, actionsOutputs(outputs, randomBytes(12).toString("hex")));
}

/**
 * GitHub's multi-line form for every value (name<<DELIMITER … DELIMITER): a value holding a
 * newline (a branch name from a flag) can then never start an output of its own.
 */
export function actionsOutputs(outputs: Record<string, string>, nonce: string): string {
  const delimiter = `ghadelimiter_${nonce}`;
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (value.includes(delimiter)) throw new Error("output value contains the delimiter");
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
}
