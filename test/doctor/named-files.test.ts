/** The files a dynamic configuration makes Traefik read, which doctor checks exist in the container. */
import { expect, it } from "vitest";
import { filesNamedBy } from "../../src/domain/doctor/named-files.js";

it("lists certificates, keys and CA files wherever Traefik's dynamic configuration names them", () => {
  const config = {
    tls: {
      certificates: [{ certFile: "/etc/traefik/certs/a.crt", keyFile: "/etc/traefik/certs/a.key" }],
      stores: {
        default: {
          defaultCertificate: { certFile: "/etc/traefik/certs/d.crt", keyFile: "/etc/traefik/certs/d.key" },
        },
      },
      options: { mtls: { clientAuth: { caFiles: ["/etc/step-ca/ssl/phoenix_root_ca.crt"] } } },
    },
    http: {
      serversTransports: {
        portainer: { rootCAs: ["/ca.crt"], certificates: [{ certFile: "/c.crt", keyFile: "/c.key" }] },
      },
    },
  };
  expect(filesNamedBy(config as never)).toEqual([
    { path: "/etc/traefik/certs/a.crt", where: "tls.certificates[0].certFile" },
    { path: "/etc/traefik/certs/a.key", where: "tls.certificates[0].keyFile" },
    { path: "/etc/traefik/certs/d.crt", where: "tls.stores.default.defaultCertificate.certFile" },
    { path: "/etc/traefik/certs/d.key", where: "tls.stores.default.defaultCertificate.keyFile" },
    { path: "/etc/step-ca/ssl/phoenix_root_ca.crt", where: "tls.options.mtls.clientAuth.caFiles[0]" },
    { path: "/c.crt", where: "http.serversTransports.portainer.certificates[0].certFile" },
    { path: "/c.key", where: "http.serversTransports.portainer.certificates[0].keyFile" },
  ]);
  // Inline PEM (Traefik accepts the certificate itself in place of a path) is not a file.
  expect(
    filesNamedBy({
      tls: { certificates: [{ certFile: "-----BEGIN CERTIFICATE-----", keyFile: "x" }] },
    } as never),
  ).toEqual([]);
});

it("takes what a hand-written file may hold where a list or map belongs without failing, and numbers each item", () => {
  expect(
    filesNamedBy({
      tls: {
        certificates: [null, "x", { certFile: "/1.crt" }, { keyFile: "/2.key" }],
        stores: { a: null, b: { defaultCertificate: null }, c: "x" },
        options: {
          a: null,
          b: { clientAuth: null },
          c: { clientAuth: { caFiles: "not-a-list" } },
          d: { clientAuth: { caFiles: ["/ca1", 7, "/ca2"] } },
        },
      },
      http: {
        serversTransports: {
          t: null,
          u: { certificates: "x" },
          v: { certificates: [{}, { certFile: "/v.crt" }] },
        },
      },
    } as never),
  ).toEqual([
    { path: "/1.crt", where: "tls.certificates[2].certFile" },
    { path: "/2.key", where: "tls.certificates[3].keyFile" },
    { path: "/ca1", where: "tls.options.d.clientAuth.caFiles[0]" },
    { path: "/ca2", where: "tls.options.d.clientAuth.caFiles[2]" },
    { path: "/v.crt", where: "http.serversTransports.v.certificates[1].certFile" },
  ]);
  expect(filesNamedBy({ tls: { certificates: "x", stores: "x", options: 7 } } as never)).toEqual([]);
  expect(filesNamedBy({})).toEqual([]);
});
