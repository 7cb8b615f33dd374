/**
 * The API client's transport (node:http): an answer cut off mid-body, one that never finishes, and
 * one far too large each end in a clear REMOTE error, promptly. Each server here is Traefik's API
 * misbehaving the way a dying process or a wrong --api (a proxy streaming a page) does.
 */
import { createServer, type Server } from "node:http";
import { afterEach, expect, it } from "vitest";
import { traefikApi } from "../../src/adapters/traefik-api/api.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

it("an answer cut off in the middle of its body is an error, not a wait for ever", async () => {
  const api = await serve((_, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write('{"Version": "v3.');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  const started = performance.now();
  await expect(traefikApi(api, { timeoutMs: 5_000 }).version()).rejects.toThrow(
    /cannot reach Traefik's API at .*\/api\/version: the answer was cut off/,
  );
  expect(performance.now() - started).toBeLessThan(2_000);
});

it("an answer that never completes is given up after the request's time limit", async () => {
  const api = await serve((_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("[");
  });
  await expect(traefikApi(api, { timeoutMs: 300 }).list("routers")).rejects.toThrow(/: timed out/);
});

it("reads a good answer whole", async () => {
  const api = await serve((_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"Version":"v3.6.12","Codename":"x"}');
  });
  await expect(traefikApi(api).version()).resolves.toMatchObject({ Version: "v3.6.12" });
});
