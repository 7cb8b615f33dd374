/**
 * Adapter: Traefik's HTTP API (the `api` of the static config, on its own entryPoint).
 * Requests go through ./http-get.ts (node:http, not fetch: see there). Lists are paged;
 * Traefik announces the next page in `X-Next-Page` and sets it to 1 on the last page
 * (pkg/api/criterion.go).
 */
import { PhoenixMeshError } from "../../core/errors.js";
import { httpGet, type HttpAnswer } from "./http-get.js";
import type { ApiObject, TraefikApi } from "../../domain/traefik/api-types.js";

export type { ApiObject, TraefikApi };

export interface ApiOptions {
  /** Per request. */
  timeoutMs?: number;
}

/** A page of 1,000 routers is well under a megabyte; an answer this large is not Traefik's API. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Traefik pages at 100 by default but takes any per_page (pkg/api/criterion.go sets no maximum):
 * 5,000 reads a homelab's routers in one request (2,000 routers: about a megabyte), and still
 * pages beyond.
 */
const PER_PAGE = 5000;
/** 200,000 objects of a kind: far beyond any homelab; an API still announcing pages is broken. */
const MAX_PAGES = 200;
/** One list, all its pages, must come within this. */
const LIST_BUDGET_MS = 15_000;

export function traefikApi(baseUrl: string, options: ApiOptions = {}): TraefikApi {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = baseUrl.replace(/\/+$/, "");

  async function get(path: string): Promise<{ body: unknown; nextPage: number | undefined }> {
    const url = `${base}${path}`;
    let response: HttpAnswer;
    try {
      response = await httpGet(url, {
        timeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
        headers: { accept: "application/json" },
      });
    } catch (error) {
      throw new PhoenixMeshError(
        "REMOTE",
        `cannot reach Traefik's API at ${url}: ${describeFetchError(error)}`,
        {
          hint: "check --api; Traefik needs `api: {}` (with `insecure: true`, or a router to api@internal) and the entryPoint it listens on",
          cause: error,
        },
      );
    }
    if (response.status < 200 || response.status > 299) {
      const text = response.text.slice(0, 200);
      throw new PhoenixMeshError(
        "REMOTE",
        `Traefik's API answered ${response.status} for ${url}${text === "" ? "" : `: ${text.trim()}`}`,
        {
          hint:
            response.status === 404
              ? "is the API enabled, and is --api the API's address (e.g. http://10.0.0.12:8080)?"
              : undefined,
        },
      );
    }
    const nextHeader = response.headers["x-next-page"];
    const next = Number(typeof nextHeader === "string" ? nextHeader : "");
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch (error) {
      throw new PhoenixMeshError("REMOTE", `Traefik's API answered ${url} with something that is not JSON`, {
        hint: "is --api Traefik's API entryPoint (e.g. http://10.0.0.12:8080), not a web entryPoint or a proxy page?",
        cause: error,
      });
    }
    return { body, nextPage: Number.isInteger(next) && next > 1 ? next : undefined };
  }

  return {
    baseUrl: base,
    async version() {
      const { body } = await get("/api/version");
      const v = (body as { Version?: unknown } | null)?.Version;
      if (typeof v !== "string")
        throw new PhoenixMeshError(
          "REMOTE",
          `Traefik's API at ${base}/api/version did not say which version it is`,
          {
            hint: "is --api Traefik's API (api: {} in its static config)?",
          },
        );
      return body as { Version: string; Codename?: string };
    },
    async list(kind, protocol = "http") {
      const all: ApiObject[] = [];
      const started = Date.now();
      let page = 1;
      for (let i = 0; i < MAX_PAGES; i++) {
        const { body, nextPage } = await get(`/api/${protocol}/${kind}?page=${page}&per_page=${PER_PAGE}`);
        if (!Array.isArray(body) || !body.every(isApiObject))
          throw new PhoenixMeshError(
            "REMOTE",
            `Traefik's API returned something other than a list of ${kind} for /api/${protocol}/${kind}`,
          );
        all.push(...body);
        if (nextPage === undefined || nextPage <= page) return all;
        if (Date.now() - started > LIST_BUDGET_MS) break;
        page = nextPage;
      }
      throw new PhoenixMeshError(
        "REMOTE",
        `Traefik's API at ${base} kept announcing more ${kind} (X-Next-Page) after ${all.length} of them; giving up`,
        { hint: "is --api really Traefik's API?" },
      );
    },
  };
}

function isApiObject(v: unknown): v is ApiObject {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o["name"] === "string" &&
    (o["status"] === undefined || typeof o["status"] === "string") &&
    (o["error"] === undefined ||
      (Array.isArray(o["error"]) && o["error"].every((e) => typeof e === "string")))
  );
}

function describeFetchError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ETIMEDOUT") return "timed out";
  if (code === "ETOOBIG" || code === "ECUTOFF") return (error as Error).message;
  return code ?? (error as Error).message;
}
