/** Pure: routers Traefik loaded from files, and the ones it disabled, with its own reason. */
import type { ApiObject } from "../traefik/api-types.js";
import { error, ok, type Finding } from "./finding.js";

export function checkLiveRouters(routers: readonly ApiObject[]): Finding[] {
  const fromFiles = routers.filter((r) => r.provider === "file" || r.name.endsWith("@file"));
  const broken = fromFiles.filter((r) => (r.status ?? "enabled") !== "enabled" || (r.error ?? []).length > 0);
  if (broken.length === 0) return [ok("live.routers", `${fromFiles.length} @file routers, all enabled`)];
  return broken.map((r) =>
    error(
      "live.routers",
      `router ${r.name} is ${r.status ?? "?"}: ${(r.error ?? []).join("; ") || "no reason given"}`,
      "fix the route in the inventory or phoenix-mesh.yaml, render and deploy",
    ),
  );
}
