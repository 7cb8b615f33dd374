import { request } from "node:http";

/** GET through an entryPoint with a Host header (fetch cannot set Host). */
export function getWithHost(
  entryPoint: string,
  host: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(entryPoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: Number(url.port), path: "/", headers: { host, connection: "close" } },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
