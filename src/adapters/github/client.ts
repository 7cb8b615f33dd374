/**
 * Adapter: the only importer of Octokit. GitHub's pull request operations that propose needs,
 * with retries of server errors (@octokit/plugin-retry) and waiting out rate limits
 * (@octokit/plugin-throttling). Octokit's errors are wrapped here, keeping only status and
 * GitHub's message: the request they carry holds the token.
 */
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { PhoenixMeshError } from "../../core/errors.js";

export interface PullRequest {
  number: number;
  url: string;
  title: string;
  body: string;
  state: string;
  head: string;
  base: string;
}

export interface GitHub {
  findOpen(head: string, base: string): Promise<PullRequest | undefined>;
  create(input: { head: string; base: string; title: string; body: string }): Promise<PullRequest | "exists">;
  update(number: number, input: { title: string; body: string }): Promise<PullRequest>;
  close(number: number): Promise<void>;
  addLabels(number: number, labels: string[]): Promise<void>;
  requestReviewers(number: number, reviewers: string[]): Promise<void>;
}

export interface GitHubOptions {
  token: string;
  /** The environment variable the token came from, for messages. */
  tokenSource: string;
  owner: string;
  repo: string;
  baseUrl: string;
  log: (line: string) => void;
  /** Base delay for retries of 5xx (plugin-retry multiplies it by the attempt squared). */
  retryBaseMs?: number;
  /** The longest rate-limit reset (seconds) worth waiting for; longer ones fail at once. */
  maxRateLimitWaitSeconds: number;
}

const RetryingOctokit = Octokit.plugin(retry, throttling);

export function gitHub(options: GitHubOptions): GitHub {
  const { owner, repo, log } = options;
  // Waits are bounded: a reset further away than maxRateLimitWaitSeconds is reported at once, and
  // a limit is waited out at most twice (not four times an hour).
  let limited: { kind: string; retryAfter: number } | undefined;
  const waitOrGiveUp = (kind: string, retryAfter: number, retryCount: number): boolean => {
    limited = { kind, retryAfter };
    if (retryAfter > options.maxRateLimitWaitSeconds || retryCount >= 2) return false;
    log(`github: ${kind}; waiting ${retryAfter} s (attempt ${retryCount + 1})`);
    return true;
  };
  const octokit = new RetryingOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: "phoenix-mesh",
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => log(`github: ${m}`),
      error: () => undefined,
    },
    retry: {
      retries: 3,
      ...(options.retryBaseMs === undefined ? {} : { retryAfterBaseValue: options.retryBaseMs }),
    },
    throttle: {
      onRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        waitOrGiveUp("rate limit", retryAfter, retryCount),
      onSecondaryRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        waitOrGiveUp("secondary rate limit", retryAfter, retryCount),
    },
  });

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw wrap(error, what, options, limited);
    }
  };
  const toPr = (p: {
    number: number;
    html_url: string;
    title: string;
    body?: string | null;
    state: string;
    head: { ref: string };
    base: { ref: string };
  }): PullRequest => ({
    number: p.number,
    url: p.html_url,
    title: p.title,
    body: p.body ?? "",
    state: p.state,
    head: p.head.ref,
    base: p.base.ref,
  });

  return {
    findOpen: (head, base) =>
      call("list pull requests", async () => {
        const { data } = await octokit.rest.pulls.list({
          owner,
          repo,
          state: "open",
          head: `${owner}:${head}`,
          base,
          per_page: 10,
        });
        const found = data.find((p) => p.head.ref === head && p.base.ref === base);
        return found === undefined ? undefined : toPr(found);
      }),
    create: (input) =>
      call("create a pull request", async () => {
        try {
          const { data } = await octokit.rest.pulls.create({
            owner,
            repo,
            head: input.head,
            base: input.base,
            title: input.title,
            body: input.body,
            maintainer_can_modify: true,
          });
          return toPr(data);
        } catch (error) {
          const e = error as { status?: number; response?: { data?: { errors?: { message?: string }[] } } };
          if (
            e.status === 422 &&
            (e.response?.data?.errors ?? []).some((x) => /already exists/i.test(x.message ?? ""))
          )
            return "exists" as const;
          throw error;
        }
      }),
    update: (number, input) =>
      call(`update pull request #${number}`, async () =>
        toPr(
          (
            await octokit.rest.pulls.update({
              owner,
              repo,
              pull_number: number,
              title: input.title,
              body: input.body,
            })
          ).data,
        ),
      ),
    close: (number) =>
      call(`close pull request #${number}`, async () => {
        await octokit.rest.pulls.update({ owner, repo, pull_number: number, state: "closed" });
      }),
    addLabels: (number, labels) =>
      call(`label pull request #${number}`, async () => {
        if (labels.length > 0)
          await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels });
      }),
    requestReviewers: (number, reviewers) =>
      call(`request reviewers on #${number}`, async () => {
        if (reviewers.length > 0)
          await octokit.rest.pulls.requestReviewers({ owner, repo, pull_number: number, reviewers });
      }),
  };
}

function wrap(
  error: unknown,
  what: string,
  options: GitHubOptions,
  limited: { kind: string; retryAfter: number } | undefined,
): PhoenixMeshError {
  const e = error as { status?: number; message?: string };
  const status = e.status;
  // Octokit's message is GitHub's own text; strip anything that could echo the token anyway.
  const message = (e.message ?? String(error)).split(options.token).join("***").split("\n")[0] ?? "";
  if ((status === 403 || status === 429) && limited !== undefined) {
    return new PhoenixMeshError(
      "REMOTE",
      `GitHub's ${limited.kind} stopped "${what}" on ${options.owner}/${options.repo}: it resets in ${limited.retryAfter} s`,
      {
        hint:
          limited.retryAfter > options.maxRateLimitWaitSeconds
            ? `that is longer than --rate-limit-wait (${options.maxRateLimitWaitSeconds} s); run again after the reset, or raise it`
            : "run again after the reset",
      },
    );
  }
  if (status === 401) {
    return new PhoenixMeshError(
      "REMOTE",
      `GitHub rejected the token in ${options.tokenSource} (401: ${message})`,
      {
        hint: `check that ${options.tokenSource} holds a valid token with contents: write and pull-requests: write on ${options.owner}/${options.repo}`,
      },
    );
  }
  if (status === 403 || status === 404) {
    return new PhoenixMeshError(
      "REMOTE",
      `GitHub refused to ${what} on ${options.owner}/${options.repo} (${status}: ${message})`,
      {
        hint: `the token in ${options.tokenSource} needs access to ${options.owner}/${options.repo} with pull-requests: write (in Actions: permissions: pull-requests: write)`,
      },
    );
  }
  return new PhoenixMeshError(
    "REMOTE",
    `GitHub: could not ${what} (${status ?? "no response"}: ${message})`,
    { hint: status === undefined ? `is ${options.baseUrl} reachable (GITHUB_API_URL)?` : undefined },
  );
}
