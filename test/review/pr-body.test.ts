/** Where a merge goes, said in the pull request from the base commit's settings. */
import { expect, it } from "vitest";
import { reachLine } from "../../src/domain/review/pr-body.js";

const TARGET = "pct://102/etc/traefik/dynamic/dynamic_conf.yml";

it("names the target and the one Traefik that must serve the file", () => {
  expect(reachLine([{ target: TARGET, apis: ["http://10.0.0.12:8080"] }])).toBe(
    "After merge, `phoenix-mesh deploy` puts it into `pct://102/etc/traefik/dynamic/dynamic_conf.yml` and proves it live on Traefik `http://10.0.0.12:8080`.",
  );
});

it("names every instance when several serve the file, and says one failing rolls back", () => {
  expect(reachLine([{ target: TARGET, apis: ["http://10.0.0.12:8080", "http://10.0.0.13:8080"] }])).toBe(
    "After merge, `phoenix-mesh deploy` puts it into `pct://102/etc/traefik/dynamic/dynamic_conf.yml` and proves it live on all 2 Traefik instances: `http://10.0.0.12:8080`, `http://10.0.0.13:8080`; if one does not serve it, it is rolled back.",
  );
});

it("says when nothing would deploy or prove the file", () => {
  expect(reachLine([])).toMatch(/^No deploy target in the settings/);
  expect(reachLine([{ target: TARGET, apis: [] }])).toMatch(
    /no Traefik API is set \(`deploy.traefik_api`\), so nothing proves it live\.$/,
  );
});

it("never shows a password in a URL, nor lets a URL break out of its code span", () => {
  const line = reachLine([
    {
      target: "ssh://root:hunter2@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml",
      apis: ["http://admin:s3cret@10.0.0.12:8080"],
    },
  ]);
  expect(line).not.toMatch(/hunter2|s3cret/);
  expect(line).toContain("`ssh://root:***@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml`");
  expect(line).toContain("`http://admin:***@10.0.0.12:8080`");
  expect(reachLine([{ target: "file:///x`y\n## z", apis: [] }])).toContain("`file:///xy## z`");
});

it("lists every target of deploy.targets with its Traefik, all or none", () => {
  expect(
    reachLine([
      { target: TARGET, apis: ["http://10.0.0.12:8080"] },
      {
        target: "ssh://root@pve2.lan/pct/103/etc/traefik/dynamic/dynamic_conf.yml",
        apis: ["http://10.0.0.13:8080"],
      },
    ]),
  ).toBe(
    "After merge, `phoenix-mesh deploy` puts it into all 2 targets at once, or into none: `pct://102/etc/traefik/dynamic/dynamic_conf.yml` (proved on Traefik `http://10.0.0.12:8080`); `ssh://root@pve2.lan/pct/103/etc/traefik/dynamic/dynamic_conf.yml` (proved on Traefik `http://10.0.0.13:8080`).",
  );
});
