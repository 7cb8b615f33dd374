// phoenix-mesh's own checks of a dynamic file, each on an input of its own: an HTTPS backend with
// no transport to trust it, a missing revision marker, references to nothing, and where each is.
import { describe, expect, it } from "vitest";
import { checkDynamicConfig } from "../../src/domain/traefik/check-dynamic.js";

const MARKER =
  "    phoenix-mesh-revision-0123456789ab:\n      headers:\n        customResponseHeaders:\n          X-Phoenix-Mesh-Revision: 0123456789ab\n";

function file(service: string, { marker = true, extraMiddlewares = "", routerExtra = "" } = {}): string {
  return `http:
  routers:
    app:
      rule: Host(\`app.lan\`)
      service: app
${routerExtra}  services:
    app:
      loadBalancer:
${service}  middlewares:
${marker ? MARKER : ""}${extraMiddlewares}`;
}

const codes = (text: string) =>
  checkDynamicConfig(text, "d.yml").diagnostics.map((d) => `${d.severity} ${d.code}`);

describe("the output check", () => {
  it("accepts a plain file with a revision marker without a word", () => {
    expect(codes(file("        servers:\n          - url: http://10.0.0.5:8080\n"))).toEqual([]);
  });

  it("warns of an HTTPS backend with no serversTransport, at the service's loadBalancer", () => {
    const text = file(
      "        servers:\n          - url: http://10.0.0.5:8080\n          - url: https://10.0.0.6:8443\n",
    );
    const [d, ...rest] = checkDynamicConfig(text, "d.yml").diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: "warning",
      code: "https-without-transport",
      pointer: "/http/services/app/loadBalancer",
      file: "d.yml",
      line: 8,
    });
    expect(d?.message).toContain('service "app" has an HTTPS backend');
  });

  it("says nothing of TLS when the HTTPS backend has a transport", () => {
    const text = `${file("        serversTransport: tls\n        servers:\n          - url: https://10.0.0.6:8443\n")}  serversTransports:\n    tls:\n      serverName: app.lan\n`;
    expect(codes(text)).toEqual([]);
  });

  it("refuses a serversTransport that is not defined, at its line and column", () => {
    const text = file(
      "        serversTransport: missing\n        servers:\n          - url: https://10.0.0.6:8443\n",
    );
    const errors = checkDynamicConfig(text, "d.yml").diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        code: "ref-transport",
        pointer: "/http/services/app/loadBalancer/serversTransport",
        line: 9,
        column: 9,
      }),
    ]);
    expect(errors[0]?.message).toContain('"missing"');
  });

  it("refuses a router middleware that is not defined, and says where to define one", () => {
    const text = file("        servers:\n          - url: http://10.0.0.5:8080\n", {
      routerExtra: "      middlewares: [lan-only]\n",
    });
    const errors = checkDynamicConfig(text, "d.yml").diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        code: "ref-middleware",
        pointer: "/http/routers/app/middlewares/0",
        line: 6,
      }),
    ]);
    expect(errors[0]?.hint).toContain('under "middlewares:" in phoenix-mesh.yaml');
  });

  it("warns when no revision marker is there, since verify cannot prove what Traefik loaded", () => {
    const text = file("        servers:\n          - url: http://10.0.0.5:8080\n", {
      marker: false,
      extraMiddlewares: "    other:\n      stripPrefix:\n        prefixes: [/a]\n",
    });
    expect(codes(text)).toEqual(["warning revision-missing"]);
  });
});
