/**
 * The name check follows Go's crypto/x509 VerifyHostname (SANs only, one-label wildcards, the CN
 * ignored since Go 1.15) — not Node's checkServerIdentity, which still falls back to the CN.
 */
import { describe, expect, it } from "vitest";
import {
  certificateNames,
  explainBackendTls,
  type CertificateFacts,
  type TlsObservation,
} from "../../src/domain/traefik/tls-explain.js";

const cert = (over: Partial<CertificateFacts>): CertificateFacts => ({
  subject: "portainer.internal.thinkheads.ai",
  issuer: "Phoenix Intermediate CA",
  dnsNames: [],
  ipAddresses: [],
  notBefore: "2026-11-30T00:00:00.000Z",
  notAfter: "2026-12-02T00:00:00.000Z",
  selfSigned: false,
  ...over,
});
const NOW = new Date("2026-12-01T12:00:00Z");

describe("certificateNames (Go's rules)", () => {
  it("ignores the subject CN: Portainer's certificate from `--san <ip>` does not name its FQDN", () => {
    expect(certificateNames(cert({ ipAddresses: ["10.0.0.111"] }), "portainer.internal.thinkheads.ai")).toBe(
      false,
    );
    expect(certificateNames(cert({ ipAddresses: ["10.0.0.111"] }), "10.0.0.111")).toBe(true);
  });
  it("matches DNS names without regard to case, and a wildcard for exactly one label", () => {
    const c = cert({ dnsNames: ["*.Internal.thinkheads.ai"] });
    expect(certificateNames(c, "grafana.internal.thinkheads.ai")).toBe(true);
    expect(certificateNames(c, "a.b.internal.thinkheads.ai")).toBe(false);
    expect(certificateNames(c, "internal.thinkheads.ai")).toBe(false);
  });
  it("never matches an IP against a DNS SAN spelling it", () => {
    expect(certificateNames(cert({ dnsNames: ["10.0.0.111"] }), "10.0.0.111")).toBe(false);
  });
  it("compares IPv6 addresses in any spelling", () => {
    expect(certificateNames(cert({ ipAddresses: ["FD00:0:0:0:0:0:0:141"] }), "[fd00::141]")).toBe(true);
    expect(certificateNames(cert({ ipAddresses: ["FD00:0:0:0:0:0:0:141"] }), "fd00::142")).toBe(false);
  });
});

describe("explainBackendTls", () => {
  const ctx = {
    route: "portainer",
    url: "https://10.0.0.111:9443",
    transport: {
      serverName: null,
      rootCAs: ["/etc/step-ca/ssl/phoenix_root_ca.crt"],
      insecureSkipVerify: false,
    },
  };
  const tls = (leaf: CertificateFacts, authorizationError: string | null = null): TlsObservation => ({
    kind: "tls",
    chain: [leaf],
    authorizationError,
    at: NOW.toISOString(),
  });

  it("finds nothing wrong with Phoenix's Portainer certificate under the default transport", () => {
    expect(explainBackendTls(ctx, tls(cert({ ipAddresses: ["10.0.0.111"] })))).toBeUndefined();
  });
  it("says nothing about TLS when verification is off: it cannot be the cause", () => {
    const off = { ...ctx, transport: { ...ctx.transport, insecureSkipVerify: true } };
    expect(explainBackendTls(off, tls(cert({}), "DEPTH_ZERO_SELF_SIGNED_CERT"))).toBeUndefined();
  });
  it("tells a certificate that is not valid yet from an expired one", () => {
    const early = explainBackendTls(
      ctx,
      tls(cert({ ipAddresses: ["10.0.0.111"], notBefore: "2026-12-05T00:00:00Z" })),
    );
    expect(early?.problems.join()).toContain("is not valid before 2026-12-05");
    const late = explainBackendTls(
      ctx,
      tls(cert({ ipAddresses: ["10.0.0.111"], notAfter: "2026-11-30T00:00:00Z" })),
    );
    expect(late?.problems.join()).toContain("expired on 2026-11-30");
  });
  it("offers the certificate's own DNS name as server_name, under the route's name", () => {
    const e = explainBackendTls(ctx, tls(cert({ dnsNames: ["drphoenix.internal.thinkheads.ai"] })));
    expect(e?.fixes).toEqual([
      "backend_tls.routes.portainer: { server_name: drphoenix.internal.thinkheads.ai } in phoenix-mesh.yaml",
    ]);
  });
  it("asks for a re-issue when the certificate names neither the address nor any DNS name", () => {
    const e = explainBackendTls(ctx, tls(cert({ ipAddresses: ["10.0.0.99"] })));
    expect(e?.fixes.join()).toContain("--san 10.0.0.111");
  });
  it("says when an http:// route reaches a backend that speaks TLS", () => {
    const e = explainBackendTls({ ...ctx, url: "http://10.0.0.111:9443", transport: null }, tls(cert({})));
    expect(e?.problems.join()).toContain("speaks TLS, but the route sends it plain HTTP");
  });
  it("names the system CAs when the transport has no rootCAs", () => {
    const e = explainBackendTls(
      { ...ctx, transport: null },
      tls(cert({ ipAddresses: ["10.0.0.111"] }), "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    );
    expect(e?.problems.join()).toContain("the system's CAs");
  });
});

describe("explainBackendTls, each finding in full", () => {
  const ca = "/etc/step-ca/ssl/phoenix_root_ca.crt";
  const ctx = {
    route: "portainer",
    url: "https://10.0.0.111:9443",
    transport: { serverName: null, rootCAs: [ca], insecureSkipVerify: false },
  };
  const tls = (
    leaf: CertificateFacts | undefined,
    authorizationError: string | null = null,
  ): TlsObservation => ({
    kind: "tls",
    chain: leaf === undefined ? [] : [leaf],
    authorizationError,
    at: NOW.toISOString(),
  });
  const named = cert({ ipAddresses: ["10.0.0.111"] });

  it("says why it could not look, and offers no fix it cannot know", () => {
    expect(
      explainBackendTls(ctx, { kind: "not-inspected", reason: "the CA file /x.crt is missing" }),
    ).toEqual({
      problems: ["could not look at 10.0.0.111:9443's certificate: the CA file /x.crt is missing"],
      fixes: [],
    });
    expect(explainBackendTls(ctx, { kind: "unreachable", error: "connect ETIMEDOUT" })).toEqual({
      problems: [
        "could not look at 10.0.0.111:9443's certificate from here (connect ETIMEDOUT); run the same command on the Proxmox host or inside the Traefik container to see it",
      ],
      fixes: [],
    });
  });

  it("finds nothing wrong with plain HTTP to a plain HTTP backend", () => {
    const http = { ...ctx, url: "http://10.0.0.111:9000", transport: null };
    expect(explainBackendTls(http, { kind: "not-tls", error: "wrong version number" })).toBeUndefined();
  });

  it("gives the scheme to set when the two sides disagree", () => {
    expect(explainBackendTls({ ...ctx, url: "http://10.0.0.111:9443", transport: null }, tls(named))).toEqual(
      {
        problems: ["10.0.0.111:9443 speaks TLS, but the route sends it plain HTTP (http://10.0.0.111:9443)"],
        fixes: ['"scheme": "https" in the guest\'s traefik_service (or an https:// url)'],
      },
    );
    expect(explainBackendTls(ctx, { kind: "not-tls", error: "wrong version number" })).toEqual({
      problems: ["10.0.0.111:9443 speaks plain HTTP, but the route sends it TLS (https://10.0.0.111:9443)"],
      fixes: ['"scheme": "http" in the guest\'s traefik_service (or an http:// url)'],
    });
  });

  it("says when the backend presented no certificate", () => {
    expect(explainBackendTls(ctx, tls(undefined))).toEqual({
      problems: ["10.0.0.111:9443 presented no certificate"],
      fixes: [],
    });
  });

  it("words an expired certificate with its names, its day and the renewal to run", () => {
    expect(
      explainBackendTls(ctx, tls(cert({ ipAddresses: ["10.0.0.111"], notAfter: "2026-12-01T11:59:59Z" }))),
    ).toEqual({
      problems: ["10.0.0.111:9443's certificate (IP:10.0.0.111) expired on 2026-12-01"],
      fixes: ["renew it (Phoenix: bin/managers/certificate-renewal-manager.sh, or `step ca renew`)"],
    });
    // Valid to the second it was seen: not expired, and not early at its first second either.
    expect(
      explainBackendTls(ctx, tls(cert({ ipAddresses: ["10.0.0.111"], notAfter: NOW.toISOString() }))),
    ).toBeUndefined();
    expect(
      explainBackendTls(ctx, tls(cert({ ipAddresses: ["10.0.0.111"], notBefore: NOW.toISOString() }))),
    ).toBeUndefined();
  });

  it.each([
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  ])("takes %s for a CA the transport does not trust", (code) => {
    expect(explainBackendTls(ctx, tls(named, code))).toEqual({
      problems: [
        `10.0.0.111:9443's certificate was issued by "Phoenix Intermediate CA", which the transport's rootCAs (${ca}) do not contain`,
      ],
      fixes: [
        "add the CA that issued it to backend_tls.root_cas (or backend_tls.routes.portainer.root_cas), as a path inside the Traefik container",
      ],
    });
  });

  it("leaves other verdicts (an expiry Node saw) to the date checks", () => {
    expect(explainBackendTls(ctx, tls(named, "CERT_HAS_EXPIRED"))).toBeUndefined();
  });

  it("offers insecure_skip_verify for a self-signed backend (the Portainer agent makes its own)", () => {
    const self = cert({ ipAddresses: ["10.0.0.111"], selfSigned: true, subject: "portainer-agent" });
    expect(
      explainBackendTls(
        { ...ctx, transport: { ...ctx.transport, rootCAs: [] } },
        tls(self, "DEPTH_ZERO_SELF_SIGNED_CERT"),
      ),
    ).toEqual({
      problems: [
        `10.0.0.111:9443's certificate is self-signed ("portainer-agent"), so the system's CAs (the transport names no rootCAs) cannot vouch for it`,
      ],
      fixes: [
        "backend_tls.routes.portainer: { insecure_skip_verify: true } in phoenix-mesh.yaml, for a backend that makes its own certificate (the Portainer agent does)",
      ],
    });
  });

  it("blames a server_name the certificate does not hold, and removes it when the address would do", () => {
    const byName = {
      ...ctx,
      transport: { ...ctx.transport, serverName: "portainer.internal.thinkheads.ai" },
    };
    expect(explainBackendTls(byName, tls(named))).toEqual({
      problems: [
        `10.0.0.111:9443's certificate names IP:10.0.0.111, but Traefik checks "portainer.internal.thinkheads.ai" (its server_name)`,
      ],
      fixes: [
        "remove server_name (from backend_tls.routes.portainer or backend_tls): the certificate names the URL's address 10.0.0.111",
      ],
    });
  });

  it("lists every problem of one certificate, each with its fix, in order", () => {
    const bad = cert({ dnsNames: ["other.lan"], notAfter: "2026-11-01T00:00:00Z" });
    expect(explainBackendTls(ctx, tls(bad, "UNABLE_TO_VERIFY_LEAF_SIGNATURE"))).toEqual({
      problems: [
        "10.0.0.111:9443's certificate (DNS:other.lan) expired on 2026-11-01",
        expect.stringContaining('was issued by "Phoenix Intermediate CA"'),
        `10.0.0.111:9443's certificate names DNS:other.lan, but Traefik checks "10.0.0.111" (the address in the URL)`,
      ],
      fixes: [
        expect.stringMatching(/^renew it/),
        expect.stringMatching(/^add the CA/),
        "backend_tls.routes.portainer: { server_name: other.lan } in phoenix-mesh.yaml",
      ],
    });
  });

  it("checks an IPv6 backend by its address without brackets", () => {
    const v6 = { ...ctx, url: "https://[fd00::141]:9443", transport: null };
    expect(explainBackendTls(v6, tls(cert({ ipAddresses: ["FD00:0:0:0:0:0:0:141"] })))).toBeUndefined();
    expect(explainBackendTls(v6, tls(cert({ ipAddresses: ["fd00::142"] })))?.fixes).toEqual([
      're-issue the certificate with a SAN for "fd00::141" (step ca certificate … --san fd00::141)',
    ]);
  });

  it("says a certificate without SANs names nothing Go will look at", () => {
    expect(explainBackendTls(ctx, tls(cert({})))?.problems).toEqual([
      `10.0.0.111:9443's certificate names no SANs (subject "portainer.internal.thinkheads.ai", which Go ignores), but Traefik checks "10.0.0.111" (the address in the URL)`,
    ]);
  });
});

describe("certificateNames, at the edges of Go's rules", () => {
  it("ignores a trailing dot on either side", () => {
    expect(certificateNames(cert({ dnsNames: ["grafana.lan."] }), "grafana.lan")).toBe(true);
    expect(certificateNames(cert({ dnsNames: ["grafana.lan"] }), "grafana.lan.")).toBe(true);
    expect(certificateNames(cert({ dnsNames: ["*.lan."] }), "grafana.lan.")).toBe(true);
  });
  it("does not let a wildcard match a bare label, or a different parent", () => {
    expect(certificateNames(cert({ dnsNames: ["*.lan"] }), "lan")).toBe(false);
    expect(certificateNames(cert({ dnsNames: ["*.lan"] }), "grafana.lab")).toBe(false);
    expect(certificateNames(cert({ dnsNames: ["grafana.lan"] }), "grafana.lan.example")).toBe(false);
  });
  it("compares IPv6 addresses with leading zeros, :: at either end, and case", () => {
    const c = cert({ ipAddresses: ["fd00:0000:0000:0000:0000:0000:0000:0141"] });
    expect(certificateNames(c, "FD00::141")).toBe(true);
    expect(certificateNames(cert({ ipAddresses: ["::1"] }), "0:0:0:0:0:0:0:1")).toBe(true);
    expect(certificateNames(cert({ ipAddresses: ["fe80::"] }), "fe80:0:0:0:0:0:0:0")).toBe(true);
    expect(certificateNames(cert({ ipAddresses: ["10.0.0.111"] }), "10.0.0.11")).toBe(false);
  });
});

it("names every CA the transport trusts, comma-separated", () => {
  const e = explainBackendTls(
    {
      route: "r",
      url: "https://10.0.0.5:443",
      transport: { serverName: null, rootCAs: ["/a.crt", "/b.crt"], insecureSkipVerify: false },
    },
    {
      kind: "tls",
      chain: [cert({ ipAddresses: ["10.0.0.5"] })],
      authorizationError: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
      at: NOW.toISOString(),
    },
  );
  expect(e?.problems[0]).toContain("which the transport's rootCAs (/a.crt, /b.crt) do not contain");
});
