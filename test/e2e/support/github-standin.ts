/**
 * A local HTTP server standing in for api.github.com, held to GitHub's official OpenAPI
 * description (@octokit/openapi): every request it receives must match an operation (path,
 * method, parameters, body schema), and every response it sends must match that operation's
 * response schema. Its pull requests start from the description's own examples. Anything off is a
 * violation the tests assert to be empty, so the stand-in cannot drift from the real API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FormatsPlugin } from "ajv-formats";

type Json = any;
const require = createRequire(import.meta.url);
let spec: Json | undefined;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function openapi(): { spec: Json; ajv: Ajv } {
  if (spec === undefined || ajv === undefined) {
    spec = require("@octokit/openapi/generated/api.github.com.json");
    // GitHub's own formats (repo.nwo, …) are unknown to ajv: ignored, quietly.
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    const formats = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
    (formats.default ?? formats)(ajv);
    ajv.addSchema({ ...spec, $id: "gh" });
  }
  return { spec, ajv };
}

function validatorAt(pointer: string[]): ValidateFunction {
  const ref = `gh#/${pointer.map((t) => encodeURIComponent(t.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/")}`;
  let v = validators.get(ref);
  if (v === undefined) {
    v = openapi().ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

function resolve(node: Json): Json {
  let n = node;
  while (n?.$ref !== undefined)
    n = (n.$ref as string)
      .slice(2)
      .split("/")
      .reduce((o: Json, k: string) => o[k.replace(/~1/g, "/").replace(/~0/g, "~")], openapi().spec);
  return n;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GitHubStandIn {
  url: string;
  token: string;
  owner: string;
  repo: string;
  pulls: Map<number, Json>;
  requests: { method: string; path: string; status: number }[];
  violations: string[];
  /** The next matching requests get these replies instead (then behaviour resumes). */
  failNext(method: string, path: RegExp, replies: Reply[]): void;
  close(): Promise<void>;
}

interface Operation {
  template: string;
  regex: RegExp;
  names: string[];
}

export async function startGitHubStandIn(
  owner = "homelab",
  repo = "phoenix-config",
  token = "ghp_standinToken0123456789abcdefABCDEF",
): Promise<GitHubStandIn> {
  const { spec: s } = openapi();
  const operations: Operation[] = Object.keys(s.paths).map((template) => {
    const names: string[] = [];
    const regex = new RegExp(
      `^${template.replace(/\{([^}]+)\}/g, (_, n: string) => (names.push(n), "([^/]+)"))}$`,
    );
    return { template, regex, names };
  });
  const pulls = new Map<number, Json>();
  const violations: string[] = [];
  const requests: GitHubStandIn["requests"] = [];
  const faults: { method: string; path: RegExp; replies: Reply[] }[] = [];
  let next = 1;
  const example = (name: string) => structuredClone(resolve(s.components.examples[name]).value);

  const pr = (number: number, input: Json): Json => {
    const p = example("pull-request");
    Object.assign(p, {
      number,
      id: 1000 + number,
      node_id: `PR_${number}`,
      title: input.title,
      body: input.body ?? null,
      state: "open",
      html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
      url: `https://api.github.com/repos/${owner}/${repo}/pulls/${number}`,
      labels: [],
      requested_reviewers: [],
      // GitHub's own example lists a team without the "type" its schema requires; we request none.
      requested_teams: [],
      merged: false,
    });
    p.head = { ...p.head, ref: input.head, label: `${owner}:${input.head}` };
    p.base = { ...p.base, ref: input.base, label: `${owner}:${input.base}` };
    return p;
  };
  const simple = (p: Json): Json => {
    const item = example("pull-request-simple-items")[0];
    return {
      ...item,
      number: p.number,
      id: p.id,
      node_id: p.node_id,
      title: p.title,
      body: p.body,
      state: p.state,
      html_url: p.html_url,
      url: p.url,
      head: { ...item.head, ref: p.head.ref, label: p.head.label },
      base: { ...item.base, ref: p.base.ref, label: p.base.label },
      labels: p.labels,
      requested_reviewers: p.requested_reviewers,
      requested_teams: [],
    };
  };
  const error = (status: number, message: string, extra: Json = {}): Reply => ({
    status,
    body: { message, documentation_url: "https://docs.github.com/rest", ...extra },
  });

  function behave(
    method: string,
    op: Operation,
    params: Record<string, string>,
    query: URLSearchParams,
    body: Json,
  ): Reply {
    if (params["owner"] !== owner || params["repo"] !== repo) return error(404, "Not Found");
    const key = `${method} ${op.template}`;
    switch (key) {
      case "get /repos/{owner}/{repo}/pulls": {
        const state = query.get("state") ?? "open";
        const list = [...pulls.values()].filter(
          (p) =>
            (state === "all" || p.state === state) &&
            (query.get("head") === null || p.head.label === query.get("head")) &&
            (query.get("base") === null || p.base.ref === query.get("base")),
        );
        return { status: 200, body: list.map(simple) };
      }
      case "post /repos/{owner}/{repo}/pulls": {
        if (
          [...pulls.values()].some(
            (p) => p.state === "open" && p.head.ref === body.head && p.base.ref === body.base,
          )
        ) {
          return error(422, "Validation Failed", {
            errors: [
              {
                resource: "PullRequest",
                code: "custom",
                message: `A pull request already exists for ${owner}:${body.head}.`,
              },
            ],
          });
        }
        const created = pr(next++, body);
        pulls.set(created.number, created);
        return { status: 201, body: created };
      }
      case "patch /repos/{owner}/{repo}/pulls/{pull_number}": {
        const p = pulls.get(Number(params["pull_number"]));
        if (p === undefined) return error(404, "Not Found");
        for (const k of ["title", "body", "state"]) if (body[k] !== undefined) p[k] = body[k];
        return { status: 200, body: p };
      }
      case "post /repos/{owner}/{repo}/issues/{issue_number}/labels": {
        const p = pulls.get(Number(params["issue_number"]));
        if (p === undefined) return error(404, "Not Found");
        const template = example("label-items")[0];
        p.labels = (body.labels as string[]).map((name, i) => ({ ...template, id: i + 1, name }));
        return { status: 200, body: p.labels };
      }
      case "post /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": {
        const p = pulls.get(Number(params["pull_number"]));
        if (p === undefined) return error(404, "Not Found");
        const user = example("pull-request").user;
        p.requested_reviewers = (body.reviewers as string[]).map((login, i) => ({
          ...user,
          login,
          id: 5000 + i,
        }));
        return { status: 201, body: simple(p) };
      }
      default:
        violations.push(`the stand-in does not implement ${key}`);
        return error(501, "Not implemented by the stand-in");
    }
  }

  function check(kind: string, v: ValidateFunction, data: unknown, where: string): void {
    if (!v(data))
      violations.push(
        `${kind} ${where}: ${(v.errors ?? [])
          .slice(0, 3)
          .map((e) => `${e.instancePath} ${e.message ?? ""}`)
          .join("; ")}`,
      );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toLowerCase();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const send = (reply: Reply, op?: Operation) => {
      requests.push({ method: method.toUpperCase(), path: url.pathname, status: reply.status });
      if (op !== undefined) {
        const listed = s.paths[op.template][method].responses[String(reply.status)];
        const where = `${reply.status} ${method.toUpperCase()} ${op.template}`;
        if (listed !== undefined && resolve(listed).content?.["application/json"] !== undefined) {
          const base =
            listed.$ref === undefined
              ? ["paths", op.template, method, "responses", String(reply.status)]
              : (listed.$ref as string).slice(2).split("/");
          check(
            "response",
            validatorAt([...base, "content", "application/json", "schema"]),
            reply.body,
            where,
          );
        } else if (reply.body !== undefined && reply.status >= 400) {
          // Statuses GitHub can answer on any operation (401, 429, 5xx) are not all listed per operation.
          check("response", validatorAt(["components", "schemas", "basic-error"]), reply.body, where);
        }
      }
      res.writeHead(reply.status, {
        "content-type": "application/json; charset=utf-8",
        "x-github-media-type": "github.v3",
        ...reply.headers,
      });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    };

    const op = operations.find(
      (o) => o.regex.test(url.pathname) && s.paths[o.template][method] !== undefined,
    );
    if (op === undefined) {
      violations.push(
        `request to an operation GitHub does not have: ${method.toUpperCase()} ${url.pathname}`,
      );
      return send(error(404, "Not Found"));
    }
    const match = op.regex.exec(url.pathname)!;
    const params = Object.fromEntries(op.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")]));
    const operation = s.paths[op.template][method];
    for (const p of (operation.parameters ?? []).map(resolve)) {
      if (p.in === "query" && p.required === true && !url.searchParams.has(p.name))
        violations.push(`${op.template}: missing required query parameter ${p.name}`);
      if (
        p.in === "query" &&
        url.searchParams.has(p.name) &&
        p.schema?.enum !== undefined &&
        !p.schema.enum.includes(url.searchParams.get(p.name))
      )
        violations.push(
          `${op.template}: query ${p.name}=${url.searchParams.get(p.name)} not in ${p.schema.enum.join("|")}`,
        );
    }
    let body: Json;
    if (operation.requestBody !== undefined) {
      try {
        body = raw === "" ? undefined : JSON.parse(raw);
      } catch {
        violations.push(`${op.template}: request body is not JSON`);
      }
      if (body === undefined && operation.requestBody.required === true)
        violations.push(`${op.template}: missing request body`);
      else if (body !== undefined)
        check(
          "request",
          validatorAt(["paths", op.template, method, "requestBody", "content", "application/json", "schema"]),
          body,
          `${method.toUpperCase()} ${op.template}`,
        );
    }
    if (req.headers.authorization !== `token ${token}`)
      return send(error(401, "Bad credentials", { status: "401" }), op);
    const fault = faults.find(
      (f) => f.method === method.toUpperCase() && f.path.test(url.pathname) && f.replies.length > 0,
    );
    if (fault !== undefined) return send(fault.replies.shift()!, op);
    return send(behave(method, op, params, url.searchParams, body), op);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push(`stand-in crashed: ${(e as Error).stack ?? String(e)}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    owner,
    repo,
    pulls,
    requests,
    violations,
    failNext: (method, path, replies) => faults.push({ method, path, replies: [...replies] }),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
