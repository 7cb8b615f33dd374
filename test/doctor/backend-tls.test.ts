/** doctor's certificate-expiry rule, held against how Phoenix really issues and renews certificates. */
import { expect, it } from "vitest";
import { checkBackendTls } from "../../src/domain/doctor/backend-tls.js";

const look = (notBefore: string, notAfter: string, at: Date, insecure = false) => ({
  context: {
    route: "portainer",
    url: "https://10.0.0.111:9443",
    transport: {
      serverName: null,
      rootCAs: ["/etc/step-ca/ssl/phoenix_root_ca.crt"],
      insecureSkipVerify: insecure,
    },
  },
  seen: {
    kind: "tls" as const,
    authorizationError: null,
    at: at.toISOString(),
    chain: [
      {
        subject: "portainer.internal.thinkheads.ai",
        issuer: "Phoenix Intermediate CA",
        dnsNames: [],
        ipAddresses: ["10.0.0.111"],
        notBefore,
        notAfter,
        selfSigned: false,
      },
    ],
  },
});
const status = (findings: { status: string }[]) => findings.map((f) => f.status);

it("does not warn about a fresh 24-hour step-ca certificate (Phoenix's CERT_VALIDITY), renewed at 12 hours left", () => {
  const now = new Date("2026-12-01T02:00:00Z");
  expect(status(checkBackendTls([look("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", now)], "102"))).toEqual(
    ["ok"],
  );
});

it("warns when a 24-hour certificate is past its renewal point: renewal is not running", () => {
  const now = new Date("2026-12-01T13:00:00Z");
  const f = checkBackendTls([look("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", now)], "102");
  expect(f[0]).toMatchObject({ status: "warning", message: expect.stringContaining("expires in 11 hours") });
});

it("warns 14 days ahead for a long-lived certificate, and not 15", () => {
  const issued = "2026-01-01T00:00:00Z";
  const expires = "2027-01-01T00:00:00Z";
  expect(status(checkBackendTls([look(issued, expires, new Date("2026-12-17T00:00:00Z"))], "102"))).toEqual([
    "ok",
  ]);
  expect(status(checkBackendTls([look(issued, expires, new Date("2026-12-19T00:00:00Z"))], "102"))).toEqual([
    "warning",
    "ok",
  ]);
});

it("says nothing about expiry when verification is off for the route", () => {
  const now = new Date("2026-12-01T23:00:00Z");
  expect(
    status(checkBackendTls([look("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", now, true)], "102")),
  ).toEqual(["ok"]);
});
