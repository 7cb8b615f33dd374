/** doctor's certificate-expiry rule, held against how Phoenix really issues and renews certificates. */
import { describe, expect, it } from "vitest";
import { checkBackendTls, PHOENIX_ROOT_CA_ON_HOST } from "../../src/domain/doctor/backend-tls.js";

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
        dnsNames: [] as string[],
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
  // Exactly 14 days left is not yet "within 14 days".
  expect(status(checkBackendTls([look(issued, expires, new Date("2026-12-18T00:00:00Z"))], "102"))).toEqual([
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

describe("each backend's finding, in full", () => {
  const context = look("2026-11-01T00:00:00Z", "2027-11-01T00:00:00Z", new Date()).context;
  const at = new Date("2026-12-01T00:00:00Z");

  it("has nothing to say with no HTTPS backend", () => {
    expect(checkBackendTls([], "102")).toEqual([]);
  });

  it("counts the backends it found valid", () => {
    const fine = look("2026-11-01T00:00:00Z", "2027-11-01T00:00:00Z", at);
    expect(checkBackendTls([fine], "102")).toEqual([
      {
        check: "backend.tls",
        status: "ok",
        message: "1 HTTPS backend: certificates valid for their transports",
      },
    ]);
    expect(checkBackendTls([fine, fine], "102").at(-1)?.message).toBe(
      "2 HTTPS backends: certificates valid for their transports",
    );
  });

  it("calls a CA file the container lacks an error, with the pct push from Phoenix's root CA on the host", () => {
    const seen = {
      kind: "not-inspected" as const,
      reason: "the CA file /etc/traefik/ca.crt does not exist in the container",
    };
    expect(checkBackendTls([{ context, seen }], "102")).toEqual([
      {
        check: "backend.tls.portainer",
        status: "error",
        message:
          "portainer: its transport trusts /etc/traefik/ca.crt, which does not exist in the container: Traefik cannot verify 10.0.0.111:9443 and answers 500",
        fix: `copy Phoenix's root CA there, on the Proxmox host: pct push 102 ${PHOENIX_ROOT_CA_ON_HOST} /etc/traefik/ca.crt`,
      },
    ]);
    expect(checkBackendTls([{ context, seen }], undefined)[0]?.fix).toContain("pct push <ctid> ");
  });

  it("warns, without blaming the certificate, when it could not look", () => {
    const unreachable = { kind: "unreachable" as const, error: "connect EHOSTUNREACH 10.0.0.111:9443" };
    const other = { kind: "not-inspected" as const, reason: "no route to the guests' network" };
    expect(
      checkBackendTls(
        [
          { context, seen: unreachable },
          { context, seen: other },
        ],
        "102",
      ),
    ).toEqual([
      {
        check: "backend.tls.portainer",
        status: "warning",
        message:
          "portainer: could not look at 10.0.0.111:9443's certificate (connect EHOSTUNREACH 10.0.0.111:9443)",
        fix: "run doctor where the backends can be reached (the Proxmox host)",
      },
      {
        check: "backend.tls.portainer",
        status: "warning",
        message:
          "portainer: could not look at 10.0.0.111:9443's certificate (no route to the guests' network)",
        fix: "run doctor where the backends can be reached (the Proxmox host)",
      },
      {
        check: "backend.tls",
        status: "ok",
        message: "2 HTTPS backends: certificates valid for their transports",
      },
    ]);
  });

  it("is an error, every problem and every fix on one line, when Traefik would refuse the certificate", () => {
    const bad = look("2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", at);
    bad.seen.chain[0]!.ipAddresses = ["10.0.0.99"];
    bad.seen.chain[0]!.dnsNames = ["portainer.lan"];
    const findings = checkBackendTls([bad, look("2026-11-01T00:00:00Z", "2027-11-01T00:00:00Z", at)], "102");
    expect(findings).toEqual([
      {
        check: "backend.tls.portainer",
        status: "error",
        message:
          "portainer: 10.0.0.111:9443's certificate (DNS:portainer.lan, IP:10.0.0.99) expired on 2026-06-01; 10.0.0.111:9443's certificate names DNS:portainer.lan, IP:10.0.0.99, but Traefik checks \"10.0.0.111\" (the address in the URL)",
        fix: "renew it (Phoenix: bin/managers/certificate-renewal-manager.sh, or `step ca renew`); or backend_tls.routes.portainer: { server_name: portainer.lan } in phoenix-mesh.yaml",
      },
    ]);
  });

  it("words the time left in hours under two days, in days from two days, with the expiry in UTC", () => {
    const expires = "2027-01-01T00:00:00.000Z";
    const f = (hoursLeft: number) =>
      checkBackendTls(
        [look("2026-01-01T00:00:00Z", expires, new Date(Date.parse(expires) - hoursLeft * 3_600_000))],
        "102",
      )[0];
    expect(f(47.5)).toEqual({
      check: "backend.tls.portainer",
      status: "warning",
      message: "portainer: 10.0.0.111:9443's certificate expires in 47 hours (2027-01-01 00:00 UTC)",
      fix: "renew it (Phoenix: bin/managers/certificate-renewal-manager.sh, run by phoenix sync; or `step ca renew`)",
    });
    expect(f(48)?.message).toContain("expires in 2 days (");
    expect(f(24 * 13 + 23)?.message).toContain("expires in 13 days (");
  });

  it("skips the expiry rule for a chain without a leaf, which the explanation already reports", () => {
    const empty = look("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", at);
    empty.seen.chain = [];
    // No fix to offer: the finding has none, rather than an empty one.
    expect(checkBackendTls([empty], "102")).toEqual([
      {
        check: "backend.tls.portainer",
        status: "error",
        message: "portainer: 10.0.0.111:9443 presented no certificate",
      },
    ]);
  });
});
