/** A probe through an entryPoint is bounded as a whole, body included. */
import { createServer } from "node:http";
import { expect, it } from "vitest";
import { probeHost } from "../../src/adapters/traefik-api/probe.js";

it("gives up on a backend that trickles its answer one byte at a time (regression: waited for minutes)", async () => {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    const t = setInterval(() => res.write("x"), 100);
    timers.add(t);
    res.on("close", () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const { port } = server.address() as { port: number };
    const started = performance.now();
    const result = await probeHost(`http://127.0.0.1:${port}`, "slow.lan", 800);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({
      error: expect.stringMatching(/no complete answer within 800 ms|cut off/),
    });
  } finally {
    for (const t of timers) clearInterval(t);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
