/** Building blocks for the review's tests: plans, dynamic files and reviews made in a line. */
import type { ReviewPlan } from "../../src/domain/review/plan.js";
import { prepareReview } from "../../src/domain/review/review.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";

/** A review plan: empty groups, nothing unchanged, unless given. */
export function planOf(over: Partial<ReviewPlan> = {}): ReviewPlan {
  return {
    identical: false,
    removed: [],
    changed: [],
    added: [],
    unchanged: 0,
    sections: [],
    common: [],
    ...over,
  };
}

export type Routes = Record<string, { url: string; transport?: string; middlewares?: string[] }>;

/** A dynamic file as phoenix-mesh writes it: a router per host, a loadBalancer per router. */
export function config(routes: Routes, extra: NonNullable<DynamicConfig["http"]> = {}): DynamicConfig {
  const entries = Object.entries(routes);
  return {
    http: {
      routers: Object.fromEntries(
        entries.map(([name, r]) => [
          name,
          {
            rule: `Host(\`${name}.internal.lan\`)`,
            service: name,
            entryPoints: ["web"],
            ...(r.middlewares === undefined ? {} : { middlewares: r.middlewares }),
          },
        ]),
      ),
      services: Object.fromEntries(
        entries.map(([name, r]) => [
          name,
          {
            loadBalancer: {
              servers: [{ url: r.url }],
              ...(r.transport === undefined ? {} : { serversTransport: r.transport }),
            },
          },
        ]),
      ),
      ...extra,
    },
  };
}

export const review = (before: DynamicConfig, after: DynamicConfig, renderWarnings: string[] = []) =>
  prepareReview({
    before: { config: before, text: undefined },
    after: { config: after, text: undefined },
    labels: { old: "a/f.yml", new: "b/f.yml" },
    domain: "internal.lan",
    renderWarnings,
  });
