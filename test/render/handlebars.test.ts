/**
 * A user's templates rendered with Handlebars in strict mode, and each way they fail named at the
 * template's file, line and column, with what to do.
 */
import { describe, expect, it } from "vitest";
import { renderTemplates, templateEngine } from "../../src/domain/render/handlebars.js";
import type { TemplateSet } from "../../src/domain/render/template-set.js";

const set = (main: string, partials: Record<string, string> = {}): TemplateSet => ({
  main: { name: "dynamic_conf.yml.hbs", path: "templates/dynamic_conf.yml.hbs", source: main },
  partials: Object.entries(partials).map(([name, source]) => ({
    name,
    path: `templates/partials/${name}.hbs`,
    source,
  })),
});
const render = async (
  s: TemplateSet,
  context: object = { domain: "lan", routers: [{ id: "a", port: 80, on: true }] },
) => renderTemplates(s, context, await templateEngine(s));

describe("renderTemplates", () => {
  it("renders with the helpers and partials, escaping nothing (this is YAML, not HTML)", async () => {
    expect(
      await render(
        set("d: {{q domain}} <&>\n{{#each routers}}{{> router}}{{/each}}", {
          router: "- {{id}} {{bool on}}\n",
        }),
      ),
    ).toEqual({ ok: true, text: 'd: "lan" <&>\n- a true\n' });
  });

  it("offers only its own helpers", async () => {
    expect(await render(set("a: {{upper domain}}\n"))).toMatchObject({
      ok: false,
      diagnostic: { file: "templates/dynamic_conf.yml.hbs", message: expect.stringContaining("upper") },
    });
  });

  it("names a field the model does not have, at its line and column", async () => {
    expect(await render(set("a: 1\nb: {{nope}}\n"))).toEqual({
      ok: false,
      diagnostic: {
        severity: "error",
        code: "template-unknown-field",
        message: 'the template uses "nope", which the route model does not have',
        file: "templates/dynamic_conf.yml.hbs",
        line: 2,
        column: 6,
        hint: "templates see only the route model (never the raw inventory); see docs/templates.md for its fields",
      },
    });
  });

  it("names the field a helper was given that does not exist, at the helper's place", async () => {
    expect(await render(set("a: 1\n  b: {{q missingField}}\n"))).toMatchObject({
      ok: false,
      diagnostic: {
        code: "template-unknown-field",
        message: expect.stringContaining('"missingField"'),
        line: 2,
        column: 6,
      },
    });
  });

  it("says what a helper was given instead of what it takes, quoting the call", async () => {
    expect(await render(set("a: {{list domain}}\n"))).toEqual({
      ok: false,
      diagnostic: {
        severity: "error",
        code: "template-helper",
        message: 'list expects an array, got string "lan" in {{list domain}}',
        file: "templates/dynamic_conf.yml.hbs",
        line: 1,
        column: 4,
        hint: "templates see only the route model; see docs/templates.md for its fields",
      },
    });
  });

  it("places a syntax error on the template's line, with how to see the output", async () => {
    const result = await render(set("a: 1\nb: {{#each routers}}\n"));
    expect(result).toMatchObject({
      ok: false,
      diagnostic: {
        code: "template-error",
        file: "templates/dynamic_conf.yml.hbs",
        // Where Handlebars finds the block unclosed: the end of the template.
        line: 3,
        hint: "fix the template; `phoenix-mesh render --out -` shows what it renders",
      },
    });
    expect(!result.ok && result.diagnostic.message).toMatch(/Parse error|Expecting/);
    expect(!result.ok && result.diagnostic.message).not.toContain("\n");
  });

  it("names the partial a failure comes from, not the main template", async () => {
    const result = await render(set("{{#each routers}}{{> router}}{{/each}}", { router: "x\n{{nothere}}" }));
    expect(result).toMatchObject({
      ok: false,
      diagnostic: { code: "template-unknown-field", file: "templates/partials/router.hbs", line: 2 },
    });
    const broken = await render(set("{{> router}}", { router: "{{#if}}" }));
    expect(broken).toMatchObject({
      ok: false,
      diagnostic: { code: "template-error", file: "templates/partials/router.hbs" },
    });
  });

  it("says a partial the main template calls but nobody defined is missing", async () => {
    const result = await render(set("{{> nothing}}"));
    expect(result).toMatchObject({
      ok: false,
      diagnostic: { code: "template-error", file: "templates/dynamic_conf.yml.hbs" },
    });
    expect(!result.ok && result.diagnostic.message).toContain("nothing");
  });
});

describe("renderTemplates' failures, located", () => {
  const lines = (n: number) => "x: 1\n".repeat(n);

  it("calls a helper given no argument at all a helper error, not an unknown field", async () => {
    expect(await render(set("a: {{q}}\n"))).toMatchObject({
      ok: false,
      diagnostic: {
        code: "template-helper",
        line: 1,
        column: 4,
        message: expect.stringMatching(/ in \{\{q\}\}$/),
      },
    });
  });

  it("places an unknown field past line 9 and column 9", async () => {
    // At the field's name for a plain field, at the call for a helper's argument.
    expect(await render(set(`${lines(11)}key_name: {{nope}}\n`))).toMatchObject({
      ok: false,
      diagnostic: { code: "template-unknown-field", line: 12, column: 13 },
    });
    expect(await render(set(`${lines(11)}key_name: {{q missing}}\n`))).toMatchObject({
      ok: false,
      diagnostic: {
        code: "template-unknown-field",
        message: expect.stringContaining('"missing"'),
        line: 12,
        column: 11,
      },
    });
  });

  it("places a syntax error past line 9", async () => {
    expect(await render(set(`${lines(11)}b: {{#each routers}}\n`))).toMatchObject({
      ok: false,
      diagnostic: { code: "template-error", line: 13 },
    });
  });

  it("quotes a helper call only when it is on one line", async () => {
    const result = await render(set("a: {{list\n  domain}}\n"));
    expect(result).toMatchObject({ ok: false, diagnostic: { code: "template-helper", line: 1 } });
    expect(!result.ok && result.diagnostic.message).toBe('list expects an array, got string "lan"');
  });

  it("names the partial where a helper failed", async () => {
    expect(
      await render(set("{{#each routers}}{{> router}}{{/each}}", { router: "ok\n  - {{list id}}\n" })),
    ).toMatchObject({
      ok: false,
      diagnostic: { code: "template-helper", file: "templates/partials/router.hbs", line: 2, column: 5 },
    });
  });

  it("compiles a user's template in strict mode, and renders the built-in ones as they are", async () => {
    expect(await render(set("a: {{domain}}\nb: {{routers.0.nope}}\n"))).toMatchObject({
      ok: false,
      diagnostic: { code: "template-unknown-field" },
    });
    expect(await templateEngine(set("a"))).not.toBe(
      await templateEngine({ ...set("a"), main: { ...set("a").main, spec: {} } }),
    );
  });
});
