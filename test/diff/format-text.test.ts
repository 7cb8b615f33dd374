/** `diff`'s plain text: a summary line, a line per host (+ added, - removed, ~ changed), a line per section. */
import { describe, expect, it } from "vitest";
import { describeRoute, formatDiffText } from "../../src/domain/diff/format-text.js";
import type { ConfigDiff, HostRoute } from "../../src/domain/diff/semantic.js";

const route = (over: Partial<HostRoute> = {}): HostRoute => ({
  protocol: "http",
  router: "portainer",
  rule: "Host(`portainer.lan`)",
  service: "portainer",
  backends: ["https://10.0.0.111:9443"],
  entryPoints: ["websecure"],
  middlewares: [],
  tls: null,
  transport: null,
  ...over,
});

describe("describeRoute", () => {
  it("gives the backends and entryPoints, then what else applies", () => {
    expect(describeRoute(route())).toBe("https://10.0.0.111:9443 [websecure]");
    expect(
      describeRoute(
        route({
          backends: ["http://a:1", "http://b:1"],
          entryPoints: ["web", "websecure"],
          transport: "portainer-tls",
          tls: "default",
          middlewares: ["lan-only", "headers"],
        }),
      ),
    ).toBe(
      "http://a:1, http://b:1 [web,websecure] (transport portainer-tls; tls default; middlewares lan-only,headers)",
    );
    expect(describeRoute(route({ tls: "step" }))).toBe("https://10.0.0.111:9443 [websecure] (tls step)");
    expect(describeRoute(null)).toBe("-");
  });
});

describe("formatDiffText", () => {
  const diff = (over: Partial<ConfigDiff>): ConfigDiff => ({
    identical: false,
    summary: { added: 0, removed: 0, changed: 0 },
    hosts: [],
    sections: [],
    ...over,
  });

  it("says so when nothing routes differently", () => {
    expect(formatDiffText(diff({ identical: true }))).toBe("no routing changes\n");
  });

  it("lists each host with its mark, a changed one before → after, and each section's names", () => {
    const text = formatDiffText(
      diff({
        summary: { added: 1, removed: 1, changed: 1 },
        hosts: [
          {
            host: "new.lan",
            change: "added",
            before: null,
            after: route({ backends: ["http://n:1"] }),
            what: [],
          },
          {
            host: "old.lan",
            change: "removed",
            before: route({ backends: ["http://o:1"] }),
            after: null,
            what: [],
          },
          {
            host: "portainer.lan",
            change: "changed",
            before: route(),
            after: route({ backends: ["https://10.0.0.111:9444"] }),
            what: ["port 9443 → 9444"],
          },
        ],
        sections: [
          { section: "middlewares", added: ["a", "b"], removed: ["c"], changed: ["d"] },
          { section: "tls.options", added: [], removed: [], changed: [] },
          { section: "services", added: [], removed: ["x"], changed: [] },
        ],
      }),
    );
    expect(text).toBe(
      [
        "1 host added, 1 removed, 1 changed",
        "+ new.lan: http://n:1 [websecure]",
        "- old.lan: http://o:1 [websecure]",
        "~ portainer.lan: https://10.0.0.111:9443 [websecure] → https://10.0.0.111:9444 [websecure]",
        "middlewares: added a, b; removed c; changed d",
        "services: removed x",
        "",
      ].join("\n"),
    );
  });
});

it("counts hosts in the plural but for one", () => {
  const summary = (added: number) =>
    formatDiffText({
      identical: false,
      summary: { added, removed: 0, changed: 2 },
      hosts: [],
      sections: [],
    }).split("\n")[0];
  expect([summary(0), summary(1), summary(2)]).toEqual([
    "0 hosts added, 0 removed, 2 changed",
    "1 host added, 0 removed, 2 changed",
    "2 hosts added, 0 removed, 2 changed",
  ]);
});
