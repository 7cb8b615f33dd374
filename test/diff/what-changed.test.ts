/** whatChanged: a changed host's route in the words a reviewer checks, one entry per aspect. */
import { describe, expect, it } from "vitest";
import { whatChanged } from "../../src/domain/diff/what-changed.js";
import type { HostRoute } from "../../src/domain/diff/types.js";

// Portainer as phoenix-mesh renders it: HTTPS to the VM's 9443 through its own transport.
const portainer: HostRoute = {
  protocol: "http",
  router: "portainer",
  rule: "Host(`portainer.internal.thinkheads.ai`)",
  service: "portainer",
  backends: ["https://10.0.0.111:9443"],
  entryPoints: ["websecure"],
  middlewares: ["secure-headers"],
  tls: "default",
  transport: "portainer-tls",
};
const after = (over: Partial<HostRoute>) => whatChanged(portainer, { ...portainer, ...over });

describe("whatChanged", () => {
  it("finds nothing when nothing changed", () => {
    expect(whatChanged(portainer, { ...portainer })).toEqual([]);
  });

  it("names each part of a single backend's URL that changed", () => {
    expect(after({ backends: ["https://10.0.0.111:9444"] })).toEqual(["port 9443 → 9444"]);
    expect(after({ backends: ["http://10.0.0.111:9443"] })).toEqual(["scheme https → http"]);
    expect(after({ backends: ["https://10.0.0.112:9443"] })).toEqual(["address 10.0.0.111 → 10.0.0.112"]);
    expect(after({ backends: ["https://10.0.0.111:9443/api?x=1"] })).toEqual(["path / → /api?x=1"]);
    expect(after({ backends: ["http://10.0.0.112:9000"] })).toEqual([
      "scheme https → http",
      "address 10.0.0.111 → 10.0.0.112",
      "port 9443 → 9000",
    ]);
  });

  it("takes a scheme's default port for a URL without one", () => {
    expect(after({ backends: ["https://10.0.0.111"] })).toEqual(["port 9443 → 443"]);
    expect(after({ backends: ["http://10.0.0.111:9443"], service: "portainer" })).toEqual([
      "scheme https → http",
    ]);
    expect(
      whatChanged(
        { ...portainer, backends: ["http://a.lan"] },
        { ...portainer, backends: ["https://a.lan"] },
      ),
    ).toEqual(["scheme http → https", "port 80 → 443"]);
    expect(
      whatChanged(
        { ...portainer, backends: ["h2c://a.lan"] },
        { ...portainer, backends: ["h2c://a.lan:81"] },
      ),
    ).toEqual(["port  → 81"]);
  });

  it("lists whole backend lists when there is more than one, or a URL it cannot read", () => {
    expect(after({ backends: ["https://10.0.0.111:9443", "https://10.0.0.112:9443"] })).toEqual([
      "backends https://10.0.0.111:9443 → https://10.0.0.111:9443,https://10.0.0.112:9443",
    ]);
    expect(after({ backends: [] })).toEqual(["backends https://10.0.0.111:9443 → none"]);
    const tcp = { ...portainer, backends: ["10.0.0.111:5432"] };
    expect(whatChanged(tcp, { ...tcp, backends: ["10.0.0.111:5433"] })).toEqual([
      "backends 10.0.0.111:5432 → 10.0.0.111:5433",
    ]);
  });

  it("calls two spellings of one URL a backends change, not nothing", () => {
    expect(after({ backends: ["https://10.0.0.111:9443/"] })).toEqual([
      "backends https://10.0.0.111:9443 → https://10.0.0.111:9443/",
    ]);
  });

  it("reports a renamed service only when its backends stayed the same", () => {
    expect(after({ service: "portainer-v2" })).toEqual(["service portainer → portainer-v2"]);
    expect(after({ service: "portainer-v2", backends: ["https://10.0.0.111:9444"] })).toEqual([
      "port 9443 → 9444",
    ]);
  });

  it("names entryPoints, TLS and transport changes in a reviewer's words", () => {
    expect(after({ entryPoints: ["web", "websecure"] })).toEqual(["entryPoints websecure → web,websecure"]);
    expect(after({ entryPoints: [] })).toEqual(["entryPoints websecure → none"]);
    expect(after({ tls: null })).toEqual(["TLS default certificate → none"]);
    expect(after({ tls: "step-ca" })).toEqual(["TLS default certificate → resolver step-ca"]);
    expect(after({ transport: null })).toEqual(["transport portainer-tls → none"]);
    expect(whatChanged({ ...portainer, transport: null }, portainer)).toEqual([
      "transport none → portainer-tls",
    ]);
  });

  it("lists middlewares added and removed, each on its own", () => {
    expect(after({ middlewares: ["secure-headers", "lan-only"] })).toEqual(["middleware +lan-only"]);
    expect(after({ middlewares: [] })).toEqual(["middleware −secure-headers"]);
    expect(after({ middlewares: ["lan-only"] })).toEqual([
      "middleware +lan-only",
      "middleware −secure-headers",
    ]);
    expect(after({ middlewares: ["secure-headers", "secure-headers"] })).toEqual([]);
  });

  it("says a rule was rewritten without repeating it", () => {
    expect(after({ rule: "Host(`portainer.lan`)" })).toEqual(["rule rewritten"]);
    expect(after({ rule: null })).toEqual(["rule rewritten"]);
  });

  it("names a router rename only when it is the sole change", () => {
    expect(after({ router: "portainer-https" })).toEqual(["router portainer → portainer-https"]);
    expect(after({ router: "portainer-https", tls: null })).toEqual(["TLS default certificate → none"]);
  });

  it("puts the backend's changes first, then the rest in a fixed order", () => {
    expect(
      after({
        backends: ["https://10.0.0.111:9444"],
        entryPoints: ["web"],
        tls: null,
        transport: null,
        middlewares: ["lan-only"],
        rule: "Host(`p.lan`)",
      }),
    ).toEqual([
      "port 9443 → 9444",
      "entryPoints websecure → web",
      "TLS default certificate → none",
      "transport portainer-tls → none",
      "middleware +lan-only",
      "middleware −secure-headers",
      "rule rewritten",
    ]);
  });
});

it("calls lists of the same length with one backend replaced a backends change", () => {
  const two = { ...portainer, backends: ["http://a.lan:1", "http://b.lan:1"] };
  expect(whatChanged(two, { ...two, backends: ["http://a.lan:1", "http://c.lan:1"] })).toEqual([
    "backends http://a.lan:1,http://b.lan:1 → http://a.lan:1,http://c.lan:1",
  ]);
});
