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
