/**
 * One GET with node:http(s), the body read whole: the API client's transport. Not fetch: Node's
 * fetch (undici) costs ~30 ms to load in every process, a tenth of a whole deploy's start-up,
 * for what node:http does here. The whole exchange, body included, must come within `timeoutMs`;
 * a body past `maxBytes` is refused. Connections are kept alive (Node's global agent), so a
 * verify's polls reuse one.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * Rejects with an Error whose `code` is the socket's (ECONNREFUSED…), or "ETIMEDOUT", "ETOOBIG",
 * or "ECUTOFF" (the connection ended in the middle of the answer).
 */
export function httpGet(
  url: string,
  options: { timeoutMs: number; maxBytes: number; headers?: Record<string, string> },
): Promise<HttpAnswer> {
  const u = new URL(url);
  const https = u.protocol === "https:";
  return new Promise((resolve, reject) => {
    const fail = (code: string, message: string) => reject(Object.assign(new Error(message), { code }));
    const req = (https ? httpsRequest : httpRequest)(
      u,
      { method: "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy();
            fail("ETOOBIG", `the answer is larger than ${options.maxBytes} bytes`);
            return;
          }
          chunks.push(chunk);
        });
        const cutOff = () => fail("ECUTOFF", `the answer was cut off after ${size} bytes`);
        res.on("error", cutOff);
        res.on("close", () => {
          if (!res.complete) cutOff();
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    const deadline = setTimeout(() => {
      req.destroy();
      fail("ETIMEDOUT", `no complete answer within ${options.timeoutMs} ms`);
    }, options.timeoutMs);
    req.on("close", () => clearTimeout(deadline));
    req.on("error", (error: NodeJS.ErrnoException) => fail(error.code ?? "EIO", error.message));
    req.end();
  });
}
