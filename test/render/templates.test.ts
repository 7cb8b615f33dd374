import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { PROJECT_ROOT, EXAMPLE_REPO, tempDir, writeFiles } from "../support/fixtures.js";

const PREVIOUS = "# previous output\nhttp: {}\n";
let dir: string;
let out: string;

beforeEach(async () => {
  dir = await tempDir();
  out = join(dir, "dynamic_conf.yml");
  await writeFiles(dir, { "dynamic_conf.yml": PREVIOUS });
});

async function renderWith(templates: Record<string, string>) {
  await writeFiles(join(dir, "templates"), templates);
  return runCli(
    [
      "render",
      "--config",
      join(EXAMPLE_REPO, "phoenix-mesh.yaml"),
      "--templates",
      join(dir, "templates"),
      "--out",
      out,
    ],
    { cwd: dir },
  );
}

describe("user templates", () => {
  it("replace a built-in partial by name and render through the same checks", async () => {
    const builtin = await readFile(join(PROJECT_ROOT, "templates/partials/service.hbs"), "utf8");
    const run = await renderWith({
      "partials/service.hbs": builtin.replace("loadBalancer:", "loadBalancer:\n    passHostHeader: true"),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(out, "utf8")).toContain("passHostHeader: true");
  });

  it("fail with the template's file and line when a template uses a field the model does not have", async () => {
    const run = await renderWith({
      "partials/router.hbs": "{{q id}}:\n  rule: {{q rule}}\n  service: {{q inventoryPassword}}\n",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /error: templates\/partials\/router.hbs:3:\d+: the template uses "inventoryPassword", which the route model does not have/,
    );
    expect(await readFile(out, "utf8")).toBe(PREVIOUS);
  });

  it("fail with the output line when a template renders invalid YAML", async () => {
    const run = await renderWith({ "partials/service.hbs": "{{q id}}:\n  loadBalancer:\n servers: [\n" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: dynamic_conf.yml:\d+:\d+: the output is not valid YAML/);
    expect(run.stderr).toMatch(/the templates rendered an invalid Traefik configuration/);
    expect(await readFile(out, "utf8")).toBe(PREVIOUS);
  });

  it("fail when the output is YAML but not a Traefik configuration (a key Traefik's types do not have)", async () => {
    const run = await renderWith({
      "partials/router.hbs":
        "{{q id}}:\n  rule: {{q rule}}\n  service: {{q service}}\n  entrypoint: {{list entryPoints}}\n",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /dynamic_conf.yml:\d+:\d+ \/http\/routers\/granite-3b\/entrypoint: not a valid Traefik v3 dynamic configuration: unknown key "entrypoint" in "http.routers.granite-3b" \(did you mean "entryPoints"\?\)/,
    );
  });

  it("accept keys in another case, as Traefik matches them (regression: `entrypoints` was refused)", async () => {
    const run = await renderWith({
      "partials/router.hbs":
        "{{q id}}:\n  Rule: {{q rule}}\n  service: {{q service}}\n  entrypoints: {{list entryPoints}}\n",
    });
    expect(run.stderr).not.toContain("not a valid Traefik");
    expect(run.code).toBe(0);
  });

  it("fail when a router points at a service that is not defined (a hand-edited template)", async () => {
    const run = await renderWith({
      "partials/router.hbs": '{{q id}}:\n  rule: {{q rule}}\n  service: "missing-{{id}}"\n',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/router "granite-3b" uses service "missing-granite-3b", which is not defined/);
  });

  it("fail when a template lets {{ through to Traefik's Go templating", async () => {
    const run = await renderWith({
      "partials/middleware.hbs": "{{q id}}: {}\n",
      "dynamic_conf.yml.hbs":
        'http:\n  routers: {}\n  services: {}\n  middlewares:\n    {{> revision}}\n# {{json "{{"}}\n',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the output contains "\{\{", which Traefik would evaluate as a Go template/);
  });

  it("fail on a Handlebars syntax error with the template's line", async () => {
    const run = await renderWith({
      "partials/transport.hbs": "{{q id}}:\n{{#if serverName}}\n  serverName: {{q serverName}}\n",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: templates\/partials\/transport.hbs(:\d+:\d+)?: .*/);
  });

  it("reject a helper given the wrong kind of value", async () => {
    const run = await renderWith({
      "partials/router.hbs": "{{q id}}:\n  rule: {{q hosts}}\n  service: {{q service}}\n",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /templates\/partials\/router.hbs.*q expects a string, number or boolean, got an array/,
    );
  });
});
