/**
 * Stand-in guests: plain HTTP servers for the LXC services and an HTTPS server whose certificate
 * is signed by a throwaway test CA, for the Portainer VM. Each answers with who it is, so a test
 * can tell that a Host reached the right backend. They listen on 127.0.0.0/8 addresses that mirror
 * the real guests' (10.0.0.141 → 127.0.0.141).
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll } from "vitest";
import { tempDir } from "../../support/fixtures.js";

const run = promisify(execFile);
const servers = new Set<Server>();

afterAll(async () => {
  await Promise.all([...servers].map((s) => new Promise((r) => s.close(r))));
  servers.clear();
});

export interface Backend {
  name: string;
  address: string;
  port: number;
  close: () => Promise<void>;
}

function handler(name: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ backend: name, host: req.headers.host ?? null, path: req.url }));
  };
}

async function listen(server: Server, name: string, address: string): Promise<Backend> {
  servers.add(server);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, address, () => resolve());
  });
  const info = server.address();
  if (info === null || typeof info !== "object") throw new Error("backend has no address");
  return {
    name,
    address,
    port: info.port,
    close: () =>
      new Promise((resolve) => {
        servers.delete(server);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startHttpBackend(name: string, address: string): Promise<Backend> {
  return listen(createHttpServer(handler(name)), name, address);
}

export interface TestCa {
  dir: string;
  caCert: string;
  /** Issues a server certificate for the given DNS names. */
  issue: (names: string[]) => Promise<{ cert: string; key: string }>;
}

/** A throwaway CA made with the openssl CLI (argv arrays, no shell). */
export async function createTestCa(): Promise<TestCa> {
  const dir = await tempDir("phoenix-mesh-ca-");
  const caKey = join(dir, "ca.key");
  const caCert = join(dir, "ca.crt");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    caKey,
    "-out",
    caCert,
    "-days",
    "2",
    "-subj",
    "/CN=phoenix-mesh test CA",
  ]);
  let serial = 0;
  return {
    dir,
    caCert,
    issue: async (names) => {
      serial++;
      const key = join(dir, `leaf${serial}.key`);
      const csr = join(dir, `leaf${serial}.csr`);
      const cert = join(dir, `leaf${serial}.crt`);
      const ext = join(dir, `leaf${serial}.ext`);
      await writeFile(
        ext,
        `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\n`,
      );
      await run("openssl", [
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        csr,
        "-subj",
        `/CN=${names[0] ?? "leaf"}`,
      ]);
      await run("openssl", [
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        caCert,
        "-CAkey",
        caKey,
        "-set_serial",
        String(1000 + serial),
        "-out",
        cert,
        "-days",
        "2",
        "-extfile",
        ext,
      ]);
      return { cert, key };
    },
  };
}

export async function startHttpsBackend(
  name: string,
  address: string,
  tls: { cert: string; key: string },
): Promise<Backend> {
  const server = createHttpsServer(
    { cert: await readFile(tls.cert), key: await readFile(tls.key) },
    handler(name),
  );
  return listen(server, name, address);
}
