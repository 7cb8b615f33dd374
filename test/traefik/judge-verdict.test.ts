/**
 * A real Traefik's verdict in check's words. The facts have the shapes Traefik gives: its JSON log
 * lines (`level`, `message`, `error`; the file provider refusing a folder logs "Cannot start the
 * provider *file.Provider", pkg/provider/aggregator/aggregator.go at v3.6.12), and /api/rawdata (section → "name@provider" → status and error).
 */
import { expect, it } from "vitest";
import { judgeDiagnostics, type JudgeFacts } from "../../src/domain/traefik/judge-verdict.js";

const COPY = "/tmp/judge-1234/dynamic/a.yml";
const USER = "traefik/dynamic/a.yml";
const fileOf = new Map([[COPY, USER]]);
const facts = (over: Partial<JudgeFacts>): JudgeFacts => ({
  version: "3.6.12",
  log: [],
  rawdata: {},
  ...over,
});
const ownedBy = (file: string | undefined) => () => file;

it("says when the file provider refuses the files, on the user's path, with the rest of the error", () => {
  const d = judgeDiagnostics(
    facts({
      log: [
        {
          level: "error",
          providerName: "file",
          error: `${COPY}: yaml: line 3: did not find expected key`,
          message: "Cannot start the provider *file.Provider",
        },
      ],
    }),
    fileOf,
    ownedBy(undefined),
  );
  expect(d).toEqual([
    {
      severity: "error",
      code: "traefik-provider",
      message: "Traefik refuses the files: yaml: line 3: did not find expected key",
      file: USER,
      hint: "Traefik keeps serving its previous configuration while one file cannot be read",
    },
  ]);
});

it("keeps the whole message when it names no file, and falls back to the message without an error field", () => {
  const [d] = judgeDiagnostics(
    facts({
      log: [{ level: "error", message: "Cannot start the provider *file.Provider: no such directory" }],
    }),
    fileOf,
    ownedBy(undefined),
  );
  expect(d).toEqual({
    severity: "error",
    code: "traefik-provider",
    message: "Traefik refuses the files: Cannot start the provider *file.Provider: no such directory",
    hint: "Traefik keeps serving its previous configuration while one file cannot be read",
  });
});

it("ignores log lines that are not the file provider's errors", () => {
  const log = [
    { level: "warn", message: "Cannot start the provider *file.Provider", error: "x" },
    { level: "error", message: "Error while starting server *docker.Provider", error: "y" },
    { level: "error", message: 42 },
    { level: "info", message: "Configuration loaded from flags." },
  ];
  expect(judgeDiagnostics(facts({ log }), fileOf, ownedBy(undefined))).toEqual([]);
});

it("reports each disabled object as an error and each warned one as a warning, in Traefik's words, on its file", () => {
  const d = judgeDiagnostics(
    facts({
      rawdata: {
        routers: {
          "web@file": { status: "disabled", error: [`the service "missing@file" does not exist (${COPY})`] },
          "ok@file": { status: "enabled" },
          "nostatus@file": {},
          "dash@internal": { status: "disabled", error: ["not ours"] },
        },
        services: { "s@file": { status: "warning", error: ["1 server is down"] } },
        tcpRouters: { "t@file": { status: "disabled", error: ["a", "b"] } },
        udpServices: { "u@file": { status: "warning" } },
        entryPoints: { "web@file": { status: "disabled" } },
      },
    }),
    fileOf,
    (section, name) => (section === "routers" && name === "web" ? USER : undefined),
  );
  expect(d).toEqual([
    {
      severity: "error",
      code: "traefik-disabled",
      message: `Traefik disables router "web": the service "missing@file" does not exist (${USER})`,
      file: USER,
    },
    {
      severity: "warning",
      code: "traefik-warning",
      message: 'Traefik warns about service "s": 1 server is down',
    },
    { severity: "error", code: "traefik-disabled", message: 'Traefik disables TCP router "t": a; b' },
    // No error text: the status is the message.
    { severity: "warning", code: "traefik-warning", message: 'Traefik warns about UDP service "u": warning' },
  ]);
});

it("names every kind Traefik lists the way check names them", () => {
  const sections = [
    "routers",
    "services",
    "middlewares",
    "tcpRouters",
    "tcpServices",
    "tcpMiddlewares",
    "udpRouters",
    "udpServices",
  ];
  const d = judgeDiagnostics(
    facts({
      rawdata: Object.fromEntries(
        sections.map((s) => [s, { "x@file": { status: "disabled", error: ["e"] } }]),
      ),
    }),
    fileOf,
    ownedBy(undefined),
  );
  expect(d.map((x) => x.message)).toEqual([
    'Traefik disables router "x": e',
    'Traefik disables service "x": e',
    'Traefik disables middleware "x": e',
    'Traefik disables TCP router "x": e',
    'Traefik disables TCP service "x": e',
    'Traefik disables TCP middleware "x": e',
    'Traefik disables UDP router "x": e',
    'Traefik disables UDP service "x": e',
  ]);
});

it("puts every judge copy's path back to the user's, wherever it appears", () => {
  const two = new Map([
    ["/tmp/j/a.yml", "a.yml"],
    ["/tmp/j/b.yml", "conf/b.yml"],
  ]);
  const [d] = judgeDiagnostics(
    facts({
      rawdata: {
        routers: {
          "r@file": { status: "disabled", error: ["/tmp/j/a.yml and /tmp/j/b.yml and /tmp/j/a.yml"] },
        },
      },
    }),
    two,
    ownedBy(undefined),
  );
  expect(d?.message).toBe('Traefik disables router "r": a.yml and conf/b.yml and a.yml');
});
