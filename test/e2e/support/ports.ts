import { createServer } from "node:net";

/**
 * `count` distinct TCP ports free a moment ago: every listener stays open until all are chosen,
 * so the OS cannot hand out the same port twice (two freePort() calls in a row can, and did:
 * Traefik then failed with "address already in use").
 */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, host, () => resolve((server.address() as { port: number }).port));
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((r) => server.close(r))));
  }
}

/** A TCP port that was free a moment ago on `host` (the OS picks it). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const [port] = await freePorts(1, host);
  if (port === undefined) throw new Error("no port");
  return port;
}

/** Polls `check` until it returns true, every `intervalMs`, for at most `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
  intervalMs = 25,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check().catch(() => false)) return performance.now() - start;
    if (performance.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
