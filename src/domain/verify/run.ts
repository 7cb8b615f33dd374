/**
 * Is what Traefik serves what this file says? Waits (bounded) until Traefik's API lists the
 * file's revision marker — proof that this very file is loaded, not an older one — then checks
 * every router, service, middleware and serversTransport, and optionally probes each Host.
 * Shared by `verify` and `deploy`. Time, sleep and the API are injected.
 */
import type { ApiObject, ProbeResult, TraefikApi } from "../traefik/api-types.js";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { liveRevisions, revisionMiddlewareOf, revisionOfMarker } from "../traefik/revision.js";
import { hostsOf } from "../traefik/rule.js";
import { backendOfRouter } from "../traefik/backends.js";
import { explainBackendTls, type TlsExplanation, type TlsObservation } from "../traefik/tls-explain.js";
import { evaluateObjects, readLiveState, type ObjectResult } from "./evaluate.js";

export interface ProbeReport {
  host: string;
  router: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  /** Why the backend's TLS fails, when the probe failed and the backend was looked at. */
  tls: TlsExplanation | null;
}

/** Connects to a backend with a transport's settings (adapters/traefik-api/tls-inspect.ts). */
export type TlsInspector = (url: string, transport: BackendTransport | null) => Promise<TlsObservation>;

export interface BackendTransport {
  serverName: string | null;
  rootCAs: string[];
  insecureSkipVerify: boolean;
}

export interface VerifyReport {
  ok: boolean;
  /** Revision of the file being verified. */
  revision: string | null;
  /** Revisions Traefik's file provider serves now. */
  live: string[];
  loaded: boolean;
  /** Milliseconds until the revision showed up in the API. */
  loadedAfterMs: number | null;
  objects: ObjectResult[];
  probes: ProbeReport[];
  problems: string[];
  /**
   * With several Traefik instances: each one's report (./instances.ts). The fields above then
   * sum them up: ok and loaded only when every instance is, problems named by instance.
   */
  instances?: (VerifyReport & { api: string })[];
}

export interface VerifyDeps {
  api: TraefikApi;
  probe?: ((host: string) => Promise<ProbeResult>) | undefined;
  /** Looks at a backend's TLS when a probe through Traefik fails with 500/502. */
  inspectTls?: TlsInspector | undefined;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  log: (line: string) => void;
}

/** 404 (no router matched), 500 (e.g. untrusted backend certificate), 502/503/504 (backend down). */
const FAILED_PROBE = new Set([404, 500, 502, 503, 504]);
/**
 * Polling: Traefik shows a renamed file in its API after ~45 ms at 20 routers and ~150–230 ms at
 * 2,000 (measured with the pinned v3.6.12). A poll is one small request (the middlewares list),
 * so poll every 25 ms for the first two seconds — the revision is seen within 25 ms of Traefik
 * showing it — then back off to 200 ms for the rest of the timeout.
 */
const FAST_POLL_MS = 25;
const FAST_POLL_FOR_MS = 2_000;
const MAX_POLL_MS = 200;

export interface VerifyOptions {
  /**
   * A revision marker that must be gone from the API (a rollback: the file that replaced the
   * one being verified). It proves the swap took effect even when the old file has no marker.
   */
  replaces?: string | undefined;
  /** The Traefik provider that serves the configuration: "file" (the default) or "redis". */
  provider?: string | undefined;
}

export async function verifyLive(
  config: DynamicConfig,
  timeoutMs: number,
  deps: VerifyDeps,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const marker = revisionMiddlewareOf(config);
  const at = `@${options.provider ?? "file"}`;
  const revision = marker === undefined ? null : revisionOfMarker(marker);
  const start = deps.now();
  let middlewares: ApiObject[] = [];
  let loadedAfterMs: number | null = null;
  let announced = false;
  let pause = FAST_POLL_MS;
  for (;;) {
    middlewares = await deps.api.list("middlewares");
    const names = new Set(middlewares.map((m) => m.name));
    const present = marker === undefined || names.has(`${marker}${at}`);
    const gone = options.replaces === undefined || !names.has(`${options.replaces}${at}`);
    if (marker === undefined && options.replaces === undefined) break; // nothing can prove it
    if (present && gone) {
      loadedAfterMs = deps.now() - start;
      break;
    }
    if (deps.now() - start >= timeoutMs) break;
    if (!announced) {
      deps.log(
        `waiting up to ${Math.round(timeoutMs / 1000)} s for Traefik to load revision ${revision ?? "?"}…`,
      );
      announced = true;
    }
    await deps.sleep(Math.min(pause, Math.max(0, timeoutMs - (deps.now() - start))));
    if (deps.now() - start >= FAST_POLL_FOR_MS) pause = Math.min(MAX_POLL_MS, Math.ceil(pause * 1.5));
  }
  const live = liveRevisions(middlewares, options.provider);
  const loaded = loadedAfterMs !== null;
  const problems: string[] = [];
  if (marker === undefined && options.replaces === undefined) {
    problems.push(
      "the file has no phoenix-mesh-revision-… middleware, so which file Traefik loaded cannot be proved (keep {{> revision}} in custom templates)",
    );
  } else if (!loaded) {
    problems.push(
      `Traefik did not load revision ${revision ?? "?"} within ${Math.round(timeoutMs / 1000)} s; it serves ${live.length === 0 ? "no phoenix-mesh revision" : `revision ${live.join(", ")}`}. ` +
        "It keeps the previous configuration when a file fails to parse: see Traefik's log (`journalctl -u traefik`)",
    );
    return { ok: false, revision, live, loaded, loadedAfterMs, objects: [], probes: [], problems };
  }

  const objects = evaluateObjects(
    config,
    await readLiveState(deps.api, config, middlewares),
    options.provider,
  );
  for (const o of objects.filter((x) => !x.ok)) {
    problems.push(
      `${o.kind} ${o.name} is ${o.status}${o.errors.length === 0 ? "" : `: ${o.errors.join("; ")}`}`,
    );
  }

  const probes: ProbeReport[] = [];
  if (deps.probe !== undefined) {
    for (const [router, r] of Object.entries(config.http?.routers ?? {}).sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      for (const host of hostsOf(r.rule, r.ruleSyntax)) {
        const result = await deps.probe(host);
        const status = "status" in result ? result.status : null;
        const ok = status !== null && !FAILED_PROBE.has(status);
        const tls =
          (status === 500 || status === 502) && deps.inspectTls !== undefined
            ? await explainTls(config, router, deps.inspectTls)
            : null;
        probes.push({ host, router, ok, status, error: "error" in result ? result.error : null, tls });
        if (!ok)
          problems.push(
            `probe ${host} → ${status !== null ? `HTTP ${status}` : (result as { error: string }).error}${
              tls === null
                ? ""
                : `: ${tls.problems.join("; ")}${tls.fixes.length === 0 ? "" : ` → fix: ${tls.fixes.join("; or ")}`}`
            }`,
          );
      }
    }
  }
  return { ok: problems.length === 0, revision, live, loaded, loadedAfterMs, objects, probes, problems };
}

/** The router's backend, looked at through the inspector and explained. */
async function explainTls(
  config: DynamicConfig,
  router: string,
  inspect: TlsInspector,
): Promise<TlsExplanation | null> {
  const backend = backendOfRouter(config, router);
  if (backend === undefined) return null;
  const seen = await inspect(backend.url, backend.transport);
  return explainBackendTls(backend, seen) ?? null;
}

/** A verification that could not run (an API that failed, a reload that did not happen): failed, with why. */
export function failedVerify(error: unknown): VerifyReport {
  return {
    ok: false,
    revision: null,
    live: [],
    loaded: false,
    loadedAfterMs: null,
    objects: [],
    probes: [],
    problems: [(error as Error).message],
  };
}
