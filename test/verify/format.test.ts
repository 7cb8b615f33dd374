/** verify's report for people: what is loaded, each object and probe, and one verdict line. */
import { expect, it } from "vitest";
import { formatVerifyReport } from "../../src/domain/verify/format.js";
import type { VerifyReport } from "../../src/domain/verify/run.js";

const base: VerifyReport = {
  ok: true,
  revision: "0123456789ab",
  live: ["0123456789ab"],
  loaded: true,
  loadedAfterMs: 1234,
  objects: [
    { kind: "router", name: "web@file", status: "enabled", ok: true, errors: [] },
    { kind: "router", name: "api@file", status: "enabled", ok: true, errors: [] },
    { kind: "service", name: "web@file", status: "enabled", ok: true, errors: [] },
    {
      kind: "middleware",
      name: "phoenix-mesh-revision-0123456789ab@file",
      status: "enabled",
      ok: true,
      errors: [],
    },
    { kind: "serversTransport", name: "tls@file", status: "enabled", ok: true, errors: [] },
  ],
  probes: [],
  problems: [],
};

it("says the revision is loaded and when, lists each object, and counts each kind", () => {
  const text = formatVerifyReport(base);
  const lines = text.split("\n");
  expect(lines[0]).toBe("revision 0123456789ab is loaded (seen after 1.2 s)");
  expect(lines[1]).toMatch(/^KIND\s+NAME\s+STATUS\s+TRAEFIK SAYS$/);
  expect(lines[2]).toMatch(/^-+ {2}-+/);
  expect(lines[3]).toMatch(/^router\s+web@file\s+enabled\s*$/);
  expect(
    text.endsWith("OK: 2 routers, 1 services, 1 middlewares, 1 serversTransports as the file says\n"),
  ).toBe(true);
});

it("leaves out the time when it is not known, and the table when there are no objects", () => {
  const text = formatVerifyReport({ ...base, loadedAfterMs: null, objects: [] });
  expect(text).toBe(
    "revision 0123456789ab is loaded\nOK: 0 routers, 0 services, 0 middlewares, 0 serversTransports as the file says\n",
  );
  expect(formatVerifyReport({ ...base, revision: null, objects: [] })).toMatch(/^revision \? is loaded/);
});

it("marks what failed and lists every problem under FAILED", () => {
  const text = formatVerifyReport({
    ...base,
    ok: false,
    objects: [
      {
        kind: "router",
        name: "api@file",
        status: "disabled",
        ok: false,
        errors: ["no entryPoint", "bad rule"],
      },
    ],
    problems: ["router api@file is disabled: no entryPoint; bad rule", "probe a.lan → HTTP 502"],
  });
  expect(text).toMatch(/^router\s+api@file\s+disabled ✗\s+no entryPoint; bad rule$/m);
  expect(
    text.endsWith(
      "FAILED:\n  - router api@file is disabled: no entryPoint; bad rule\n  - probe a.lan → HTTP 502\n",
    ),
  ).toBe(true);
  expect(text).not.toContain("OK:");
});

it("does not claim loaded when it is not", () => {
  const text = formatVerifyReport({
    ...base,
    ok: false,
    loaded: false,
    loadedAfterMs: null,
    objects: [],
    problems: ["not loaded"],
  });
  expect(text).toBe("FAILED:\n  - not loaded\n");
});

it("shows each probe with its status or error, and counts the hosts that answered", () => {
  const text = formatVerifyReport({
    ...base,
    probes: [
      { host: "a.lan", router: "web", ok: true, status: 200, error: null, tls: null },
      { host: "b.lan", router: "web", ok: true, status: 301, error: null, tls: null },
    ],
  });
  expect(text).toMatch(/^HOST\s+ROUTER\s+PROBE$/m);
  expect(text).toMatch(/^a\.lan\s+web\s+200$/m);
  expect(text).toContain("; 2 hosts answered\n");
  const failed = formatVerifyReport({
    ...base,
    ok: false,
    probes: [{ host: "c.lan", router: "r", ok: false, status: null, error: "ECONNREFUSED", tls: null }],
    problems: ["probe c.lan → ECONNREFUSED"],
  });
  expect(failed).toMatch(/^c\.lan\s+r\s+ECONNREFUSED ✗$/m);
});
