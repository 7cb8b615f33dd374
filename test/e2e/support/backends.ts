/**
 * Stand-in guests: plain HTTP servers for the LXC services and an HTTPS server whose certificate
 * is signed by a throwaway test CA, for the Portainer VM. Each answers with who it is, so a test
 * can tell that a Host reached the right backend. They listen on 127.0.0.0/8 addresses that mirror
 * the real guests' (10.0.0.141 → 127.0.0.141).
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
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

export interface LeafSpec {
  /** Subject CN (Go ignores it; only the SANs count). */
  cn: string;
  dns?: string[];
  ips?: string[];
  /** Valid from 2020-01-01 to 2020-01-02: long expired. */
  expired?: boolean;
}

export interface TestCa {
  dir: string;
  /** The root certificate: what Traefik's rootCAs names (Phoenix: phoenix_root_ca.crt). */
  caCert: string;
  /** A certificate as step-ca issues it: signed by the intermediate, served with it. */
  issue: (spec: LeafSpec) => Promise<{ cert: string; key: string }>;
  /** A certificate a backend makes for itself, as the Portainer agent does. */
  selfSigned: (cn: string) => Promise<{ cert: string; key: string }>;
}

/**
 * A throwaway CA shaped like Phoenix's step-ca (LXC 103): a root, an intermediate that signs the
 * leaves, and leaves served together with the intermediate (`step ca certificate` writes the
 * chain into the .crt file). Made with the openssl CLI (argv arrays, no shell).
 */
export async function createTestCa(): Promise<TestCa> {
  const dir = await tempDir("phoenix-mesh-ca-");
  const file = (name: string) => join(dir, name);
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", [
    "req",
    "-x509",
    ...ecKey,
    "-keyout",
    file("root.key"),
    "-out",
    file("root.crt"),
    "-days",
    "3",
    "-subj",
    "/O=Phoenix test/CN=Phoenix test Root CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE,pathlen:1",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await run("openssl", [
    "req",
    ...ecKey,
    "-keyout",
    file("intermediate.key"),
    "-out",
    file("intermediate.csr"),
    "-subj",
    "/O=Phoenix test/CN=Phoenix test Intermediate CA",
  ]);
  await writeFile(
    file("intermediate.ext"),
    "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
  );
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    file("intermediate.csr"),
    "-CA",
    file("root.crt"),
    "-CAkey",
    file("root.key"),
    "-set_serial",
    "2",
    "-days",
    "3",
    "-extfile",
    file("intermediate.ext"),
    "-out",
    file("intermediate.crt"),
  ]);
  // `openssl ca` rather than `x509 -req`: it can back-date a certificate (an expired one).
  await mkdir(file("issued"));
  await writeFile(file("index.txt"), "");
  await writeFile(file("serial"), "1000\n");
  await writeFile(
    file("ca.cnf"),
    `[ca]\ndefault_ca = step\n[step]\ndir = ${dir}\ndatabase = ${file("index.txt")}\nnew_certs_dir = ${file("issued")}\nserial = ${file("serial")}\ndefault_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = none\n[any]\ncommonName = supplied\n`,
  );
  const intermediate = await readFile(file("intermediate.crt"), "utf8");
  let n = 0;
  return {
    dir,
    caCert: file("root.crt"),
    issue: async ({ cn, dns = [], ips = [], expired = false }) => {
      n++;
      const [key, csr, leaf, chain, ext] = ["key", "csr", "leaf.crt", "crt", "ext"].map((x) =>
        file(`leaf${n}.${x}`),
      ) as [string, string, string, string, string];
      const sans = [...dns.map((d) => `DNS:${d}`), ...ips.map((i) => `IP:${i}`)];
      // What step-ca's default leaf template sets: the SANs asked for, server and client auth.
      await writeFile(
        ext,
        `${sans.length === 0 ? "" : `subjectAltName=${sans.join(",")}\n`}keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n`,
      );
      await run("openssl", ["req", ...ecKey, "-keyout", key, "-out", csr, "-subj", `/CN=${cn}`]);
      await run("openssl", [
        "ca",
        "-batch",
        "-notext",
        "-config",
        file("ca.cnf"),
        "-cert",
        file("intermediate.crt"),
        "-keyfile",
        file("intermediate.key"),
        "-in",
        csr,
        "-out",
        leaf,
        "-extfile",
        ext,
        ...(expired ? ["-startdate", "20200101000000Z", "-enddate", "20200102000000Z"] : ["-days", "2"]),
      ]);
      await writeFile(chain, `${await readFile(leaf, "utf8")}${intermediate}`);
      return { cert: chain, key };
    },
    selfSigned: async (cn) => {
      n++;
      const key = file(`self${n}.key`);
      const cert = file(`self${n}.crt`);
      await run("openssl", [
        "req",
        "-x509",
        ...ecKey,
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "2",
        "-subj",
        `/CN=${cn}`,
        "-addext",
        `subjectAltName=DNS:${cn}`,
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
