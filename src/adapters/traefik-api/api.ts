/**
 * Adapter: Traefik's HTTP API (the `api` of the static config, on its own entryPoint).
 * `fetch` is injected so tests can put a real Traefik or a stand-in behind it. Lists are paged at
 * 100 items; Traefik announces the next page in `X-Next-Page` and sets it to 1 on the last page
 * (pkg/api/criterion.go).
 */
import { PhoenixMeshError } from "../../core/errors.js";
import type { ApiObject, TraefikApi } from "../../domain/traefik/api-types.js";

export type { ApiObject, TraefikApi };

export interface ApiOptions {
  fetch?: typeof globalThis.fetch;
  /** Per request. */
  timeoutMs?: number;
}

const PER_PAGE = 100;
const MAX_PAGES = 10_000;

export function traefikApi(baseUrl: string, options: ApiOptions = {}): TraefikApi {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = baseUrl.replace(/\/+$/, "");

  async function get(path: string): Promise<{ body: unknown; nextPage: number | undefined }> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
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
    if (!response.ok) {
      const text = (await response.text().catch(() => "")).slice(0, 200);
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
    const next = Number(response.headers.get("x-next-page") ?? "");
    return { body: await response.json(), nextPage: Number.isInteger(next) && next > 1 ? next : undefined };
  }

  return {
    baseUrl: base,
    async version() {
      return (await get("/api/version")).body as { Version: string; Codename?: string };
    },
    async list(kind) {
      const all: ApiObject[] = [];
      let page = 1;
      for (let i = 0; i < MAX_PAGES; i++) {
        const { body, nextPage } = await get(`/api/http/${kind}?page=${page}&per_page=${PER_PAGE}`);
        if (!Array.isArray(body))
          throw new PhoenixMeshError(
            "REMOTE",
            `Traefik's API returned something other than a list for /api/http/${kind}`,
          );
        all.push(...(body as ApiObject[]));
        if (nextPage === undefined || nextPage <= page) return all;
        page = nextPage;
      }
      return all;
    },
  };
}

function describeFetchError(error: unknown): string {
  // undici wraps the socket error in `cause`; with several addresses, in an AggregateError.
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.find((e) => e.code !== undefined)?.code;
  if (code !== undefined) return code;
  if ((error as Error).name === "TimeoutError") return "timed out";
  return (error as Error).message;
}
