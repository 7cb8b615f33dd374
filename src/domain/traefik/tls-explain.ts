/**
 * Pure: why Traefik cannot talk TLS to a backend, in words, with the setting that fixes it.
 * Input is what adapters/traefik-api/tls-inspect.ts saw when it connected with the route's own
 * transport settings; the rules are Traefik's (Go's crypto/tls): the certificate must chain to the
 * transport's rootCAs (or the system's when there are none), be valid now, and name the
 * transport's serverName — or, without one, the address in the backend URL. Go ignores the
 * subject's CN, so only the certificate's SANs count.
 */

export interface CertificateFacts {
  subject: string;
  issuer: string;
  dnsNames: string[];
  ipAddresses: string[];
  /** ISO dates. */
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
}

export type TlsObservation =
  | {
      kind: "tls";
      /** Leaf first. */
      chain: CertificateFacts[];
      /** Node's verdict against the transport's CAs (e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE), or null. */
      authorizationError: string | null;
      /** When it was seen (ISO): validity is judged at that moment, so this module needs no clock. */
      at: string;
    }
  | { kind: "not-tls"; error: string }
  | { kind: "unreachable"; error: string }
  | { kind: "not-inspected"; reason: string };

export interface BackendTlsContext {
  /** The route's name, as backend_tls.routes knows it. */
  route: string;
  url: string;
  transport: { serverName: string | null; rootCAs: string[]; insecureSkipVerify: boolean } | null;
}

export interface TlsExplanation {
  /** What is wrong, one sentence each. */
  problems: string[];
  /** The exact settings that fix it. */
  fixes: string[];
}

/** The name Traefik checks the certificate against. */
export function checkedName(ctx: BackendTlsContext): string {
  return ctx.transport?.serverName ?? new URL(ctx.url).hostname.replace(/^\[|\]$/g, "");
}

const UNTRUSTED = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

export function explainBackendTls(ctx: BackendTlsContext, seen: TlsObservation): TlsExplanation | undefined {
  const https = ctx.url.startsWith("https://");
  const key = `backend_tls.routes.${ctx.route}`;
  const address = new URL(ctx.url).host;
  if (seen.kind === "not-inspected")
    return { problems: [`could not look at ${address}'s certificate: ${seen.reason}`], fixes: [] };
  if (seen.kind === "unreachable")
    return {
      problems: [
        `could not look at ${address}'s certificate from here (${seen.error}); run the same command on the Proxmox host or inside the Traefik container to see it`,
      ],
      fixes: [],
    };
  if (!https) {
    if (seen.kind !== "tls") return undefined;
    return {
      problems: [`${address} speaks TLS, but the route sends it plain HTTP (${ctx.url})`],
      fixes: [`"scheme": "https" in the guest's traefik_service (or an https:// url)`],
    };
  }
  if (seen.kind === "not-tls")
    return {
      problems: [`${address} speaks plain HTTP, but the route sends it TLS (${ctx.url})`],
      fixes: [`"scheme": "http" in the guest's traefik_service (or an http:// url)`],
    };
  if (ctx.transport?.insecureSkipVerify === true) return undefined; // TLS is not checked, so not the cause
  const leaf = seen.chain[0];
  if (leaf === undefined) return { problems: [`${address} presented no certificate`], fixes: [] };
  const now = new Date(seen.at);
  const problems: string[] = [];
  const fixes: string[] = [];
  const names = describeNames(leaf);

  if (new Date(leaf.notAfter) < now)
    problems.push(`${address}'s certificate (${names}) expired on ${day(leaf.notAfter)}`);
  else if (new Date(leaf.notBefore) > now)
    problems.push(`${address}'s certificate (${names}) is not valid before ${day(leaf.notBefore)}`);
  if (problems.length > 0)
    fixes.push("renew it (Phoenix: bin/managers/certificate-renewal-manager.sh, or `step ca renew`)");

  if (seen.authorizationError !== null && UNTRUSTED.has(seen.authorizationError)) {
    const cas =
      ctx.transport === null || ctx.transport.rootCAs.length === 0
        ? "the system's CAs (the transport names no rootCAs)"
        : `the transport's rootCAs (${ctx.transport.rootCAs.join(", ")})`;
    problems.push(
      leaf.selfSigned
        ? `${address}'s certificate is self-signed ("${leaf.subject}"), so ${cas} cannot vouch for it`
        : `${address}'s certificate was issued by "${leaf.issuer}", which ${cas} do not contain`,
    );
    fixes.push(
      leaf.selfSigned
        ? `${key}: { insecure_skip_verify: true } in phoenix-mesh.yaml, for a backend that makes its own certificate (the Portainer agent does)`
        : `add the CA that issued it to backend_tls.root_cas (or ${key}.root_cas), as a path inside the Traefik container`,
    );
  }

  const checked = checkedName(ctx);
  if (!certificateNames(leaf, checked)) {
    const why =
      ctx.transport?.serverName === null || ctx.transport === null
        ? "the address in the URL"
        : "its server_name";
    problems.push(`${address}'s certificate names ${names}, but Traefik checks "${checked}" (${why})`);
    const dns = leaf.dnsNames[0];
    const ip = new URL(ctx.url).hostname.replace(/^\[|\]$/g, "");
    if (
      ctx.transport?.serverName !== null &&
      ctx.transport?.serverName !== undefined &&
      leaf.ipAddresses.includes(ip)
    )
      fixes.push(
        `remove server_name (from ${key} or backend_tls): the certificate names the URL's address ${ip}`,
      );
    else if (dns !== undefined) fixes.push(`${key}: { server_name: ${dns} } in phoenix-mesh.yaml`);
    else
      fixes.push(
        `re-issue the certificate with a SAN for "${checked}" (step ca certificate … --san ${checked})`,
      );
  }
  return problems.length === 0 ? undefined : { problems, fixes };
}

/**
 * Does the certificate name `name`, as Go's x509 VerifyHostname decides: IP addresses against the
 * IP SANs, names against the DNS SANs (a leading `*.` matches one label), never the subject's CN
 * (Node's checkServerIdentity still falls back to the CN, so it cannot be used here).
 */
export function certificateNames(c: CertificateFacts, name: string): boolean {
  const bare = name.replace(/^\[|\]$/g, "").toLowerCase();
  if (/^[0-9.]+$/.test(bare) || bare.includes(":"))
    return c.ipAddresses.some((ip) => normalizeIp(ip) === normalizeIp(bare));
  const host = bare.replace(/\.$/, "");
  return c.dnsNames.some((pattern) => {
    const p = pattern.toLowerCase().replace(/\.$/, "");
    if (!p.startsWith("*.")) return p === host;
    const rest = host.slice(host.indexOf(".") + 1);
    return host.includes(".") && rest === p.slice(2);
  });
}

function normalizeIp(ip: string): string {
  // Node prints IPv6 SANs expanded (FD00:0:0:0:0:0:0:141); compare in one lower-case expanded form.
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === "" ? [] : tail.split(":");
  const zeros = Array.from({ length: 8 - h.length - t.length }, () => "0");
  const groups: string[] = ip.includes("::") ? [...h, ...zeros, ...t] : h;
  return groups.map((g) => g.replace(/^0+(?=.)/, "")).join(":");
}

/** The certificate's SANs as people read them: `DNS:a, IP:10.0.0.1`. */
export function describeNames(c: CertificateFacts): string {
  const all = [...c.dnsNames.map((n) => `DNS:${n}`), ...c.ipAddresses.map((n) => `IP:${n}`)];
  return all.length === 0 ? `no SANs (subject "${c.subject}", which Go ignores)` : all.join(", ");
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
