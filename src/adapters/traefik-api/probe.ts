/**
 * Adapter: one request through a Traefik entryPoint for a given Host. node:http rather than
 * fetch, because fetch does not let a caller set the Host header. TLS certificates are not
 * checked: the probe tests routing, and the entryPoint's certificate may come from a private CA.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

import type { ProbeResult } from "../../domain/traefik/api-types.js";

export function probeHost(entryPoint: string, host: string, timeoutMs = 5_000): Promise<ProbeResult> {
  const url = new URL(entryPoint);
  const https = url.protocol === "https:";
  return new Promise((resolve) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        host: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port === "" ? (https ? 443 : 80) : Number(url.port),
        path: "/",
        method: "GET",
        headers: { host, "user-agent": "phoenix-mesh-verify", connection: "close" },
        timeout: timeoutMs,
        ...(https ? { servername: host, rejectUnauthorized: false } : {}),
      },
      (res) => {
        res.resume();
        res.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
        res.on("close", () => {
          if (!res.complete)
            resolve({ error: `the answer was cut off (no complete answer within ${timeoutMs} ms)` });
        });
        res.on("end", () => {
          const revision = res.headers["x-phoenix-mesh-revision"];
          resolve({
            status: res.statusCode ?? 0,
            revision: typeof revision === "string" ? revision : undefined,
          });
        });
      },
    );
    // The whole exchange, body included, within timeoutMs: a backend trickling one byte a second
    // never lets the socket idle, so `timeout` alone would wait for ever.
    const deadline = setTimeout(
      () => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on("close", () => clearTimeout(deadline));
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}
