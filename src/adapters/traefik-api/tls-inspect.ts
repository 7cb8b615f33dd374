/**
 * Adapter: connect to a backend the way Traefik's serversTransport would and report what it
 * presents, as data for domain/traefik/tls-explain.ts. Verification is never enforced here (we
 * want to see the certificate even when Traefik would refuse it); Node's verdict against the
 * transport's CAs (`authorizationError`) is recorded. Whether the certificate names the checked
 * name is decided on the pure side, the way Go decides it (Node's checkServerIdentity falls back
 * to the subject CN, which Go ignores). Bounded by a timeout; never throws.
 */
import { connect, type DetailedPeerCertificate, type PeerCertificate } from "node:tls";
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import type { CertificateFacts, TlsObservation } from "../../domain/traefik/tls-explain.js";

export interface InspectOptions {
  /** PEM texts of the CAs Traefik would trust (its rootCAs); undefined: the system's. */
  ca: string[] | undefined;
  /** The name Traefik checks: the transport's serverName, else the URL's host (sent as SNI when a name). */
  checkedName: string;
  timeoutMs?: number;
}

export function inspectBackendTls(
  host: string,
  port: number,
  options: InspectOptions,
): Promise<TlsObservation> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve) => {
    const sni = isIP(options.checkedName) === 0 ? options.checkedName : undefined;
    const socket = connect({
      host,
      port,
      ...(sni === undefined ? {} : { servername: sni }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (o: TlsObservation) => {
      socket.destroy();
      resolve(o);
    };
    socket.once("secureConnect", () => {
      const peer = socket.getPeerCertificate(true);
      const chain = chainOf(peer);
      done({
        kind: "tls",
        chain,
        authorizationError: socket.authorized ? null : String(socket.authorizationError ?? "unknown"),
        at: new Date().toISOString(),
      });
    });
    socket.once("timeout", () =>
      done({ kind: "unreachable", error: `no TLS handshake within ${timeoutMs} ms` }),
    );
    socket.once("error", (error: NodeJS.ErrnoException) => {
      const text = `${error.code ?? ""} ${error.message}`;
      // A plain-HTTP server answers a ClientHello with text, which OpenSSL reads as a bad record.
      if (/wrong version number|packet length too long|http request|unknown protocol|EPROTO/i.test(text))
        done({ kind: "not-tls", error: error.message });
      else done({ kind: "unreachable", error: error.code ?? error.message });
    });
  });
}

function chainOf(peer: DetailedPeerCertificate | PeerCertificate): CertificateFacts[] {
  const out: CertificateFacts[] = [];
  let cert: DetailedPeerCertificate | undefined = peer as DetailedPeerCertificate;
  const seen = new Set<string>();
  while (cert !== undefined && cert.raw !== undefined && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(factsOf(cert));
    cert = cert.issuerCertificate === cert ? undefined : cert.issuerCertificate;
  }
  return out;
}

function factsOf(c: PeerCertificate): CertificateFacts {
  const alt = (c.subjectaltname ?? "").split(/,\s*/).filter((s) => s !== "");
  return {
    subject: firstValue(c.subject?.CN) ?? "",
    issuer: firstValue(c.issuer?.CN) ?? "",
    dnsNames: alt.filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4)),
    ipAddresses: alt.filter((s) => s.startsWith("IP Address:")).map((s) => s.slice(11)),
    notBefore: new Date(c.valid_from).toISOString(),
    notAfter: new Date(c.valid_to).toISOString(),
    selfSigned: JSON.stringify(c.subject) === JSON.stringify(c.issuer),
  };
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * An inspector for verify and deploy: the transport's CA files are paths inside the Traefik
 * container, so each is read here when it exists here, else through `readElsewhere` (the deploy
 * target, when one is configured); a CA that cannot be read anywhere is said, not guessed.
 */
export function tlsInspector(
  readElsewhere: ((path: string) => Promise<string | undefined>) | undefined,
  timeoutMs = 5_000,
): (
  url: string,
  transport: { serverName: string | null; rootCAs: string[]; insecureSkipVerify: boolean } | null,
) => Promise<TlsObservation> {
  return async (url, transport) => {
    const ca: string[] = [];
    for (const path of transport?.rootCAs ?? []) {
      const text =
        (await readFile(path, "utf8").catch(() => undefined)) ??
        (await readElsewhere?.(path).catch(() => undefined));
      if (text === undefined)
        return {
          kind: "not-inspected",
          reason: `the CA file ${path} cannot be read here${readElsewhere === undefined ? " (no deploy target to read it through)" : " nor in the Traefik container"}; Traefik cannot read it either if it is missing there`,
        };
      ca.push(text);
    }
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const port = u.port === "" ? (u.protocol === "https:" ? 443 : 80) : Number(u.port);
    return inspectBackendTls(host, port, {
      ca: ca.length === 0 ? undefined : ca,
      checkedName: transport?.serverName ?? host,
      timeoutMs,
    });
  };
}
