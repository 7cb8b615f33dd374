/**
 * What a reviewer must not miss, most dangerous first: routes that stop answering, what Traefik
 * checks of each HTTPS backend whose TLS is new or changed (from the transport's own settings),
 * hosts outside the domain.
 */
import { describe, expect, it } from "vitest";
import type { PlanRow } from "../../src/domain/review/plan.js";
import { planOf } from "../support/review.js";
import { names, planWarnings } from "../../src/domain/review/warnings.js";
import type { DynamicConfig } from "../../src/domain/traefik/dynamic-types.js";

const row = (
  change: PlanRow["change"],
  host: string,
  backend = "http://10.0.0.9:80",
  transport: string | null = null,
  what: string[] = [],
) =>
  ({
    host,
    change,
    what,
    origin: null,
    diff: { after: change === "removed" ? null : { backends: [backend], transport } },
  }) as unknown as PlanRow;
const plan = planOf;

describe("names", () => {
  it("lists up to eight hosts, then says how many more and where", () => {
    const eight = Array.from({ length: 8 }, (_, i) => row("added", `h${i}.lan`));
    expect(names(eight, "in the tables")).toBe(eight.map((r) => `\`${r.host}\``).join(", "));
    const many = Array.from({ length: 1010 }, (_, i) => row("added", `h${i}.lan`));
    expect(names(many, "in the tables")).toBe(
      `${many
        .slice(0, 8)
        .map((r) => `\`${r.host}\``)
        .join(", ")} and 1,002 more (in the tables)`,
    );
  });
});

describe("planWarnings", () => {
  it("has nothing to say of a plan that only adds plain HTTP hosts inside the domain", () => {
    expect(planWarnings(plan({ added: [row("added", "a.lan")] }), {}, "lan")).toEqual([]);
  });

  it("warns first of routes that will stop answering", () => {
    expect(planWarnings(plan({ removed: [row("removed", "ollama.lan")] }), {}, "lan")).toEqual([
      "⚠️ **1 route removed**: `ollama.lan` will stop answering.",
    ]);
    expect(
      planWarnings(plan({ removed: [row("removed", "a.lan"), row("removed", "b.lan")] }), {}, "lan")[0],
    ).toBe("⚠️ **2 routes removed**: `a.lan`, `b.lan` will stop answering.");
  });

  it("says what Traefik checks of each new HTTPS backend, by its transport", () => {
    const after: DynamicConfig = {
      http: {
        serversTransports: {
          "portainer-tls": { rootCAs: ["/etc/traefik/ca.crt"], serverName: "portainer.lan" },
          "agent-tls": { insecureSkipVerify: true },
          "v6-tls": {},
        },
      },
    };
    const p = plan({
      added: [
        row("added", "portainer.lan", "https://10.0.0.111:9443", "portainer-tls"),
        row("added", "agent.lan", "https://10.0.0.112:9001", "agent-tls"),
        row("added", "v6.lan", "https://[fd00::1]:443", "v6-tls"),
        row("added", "bare.lan", "https://10.0.0.5:443", null),
        row("added", "ghost.lan", "https://10.0.0.6:443", "missing-tls"),
        row("added", "plain.lan", "http://10.0.0.7:80", null),
      ],
    });
    expect(planWarnings(p, after, "lan")).toEqual([
      "🔒 HTTPS backends whose certificate must chain to `/etc/traefik/ca.crt` and name the name `portainer.lan` (`portainer-tls`): `portainer.lan`.",
      "⚠️ HTTPS backends with certificate verification **DISABLED** (`agent-tls`: insecureSkipVerify): `agent.lan`.",
      "🔒 HTTPS backends whose certificate must chain to the system's CAs and name the address in the backend URL (`v6-tls`): `v6.lan`.",
      "🔒 HTTPS backends with **no serversTransport** (Traefik trusts only the system's CAs): `bare.lan`.",
      "🔒 HTTPS backends checked by serversTransport `missing-tls`, which this file does not define: `ghost.lan`.",
    ]);
  });

  it("speaks of a changed host's TLS only when its scheme or transport changed", () => {
    const after: DynamicConfig = { http: { serversTransports: { t: { insecureSkipVerify: true } } } };
    const portOnly = row("changed", "a.lan", "https://10.0.0.1:444", "t", ["port 443 → 444"]);
    const scheme = row("changed", "b.lan", "https://10.0.0.2:443", "t", ["scheme http → https"]);
    const transport = row("changed", "c.lan", "https://10.0.0.3:443", "t", ["transport none → t"]);
    expect(planWarnings(plan({ changed: [portOnly, scheme, transport] }), after, "lan")).toEqual([
      "⚠️ HTTPS backends with certificate verification **DISABLED** (`t`: insecureSkipVerify): `b.lan`, `c.lan`.",
    ]);
  });

  it("names the rootCAs of a transport, each in code", () => {
    const after: DynamicConfig = { http: { serversTransports: { t: { rootCAs: ["/a.crt", "/b.crt"] } } } };
    expect(
      planWarnings(plan({ added: [row("added", "a.lan", "https://10.0.0.1", "t")] }), after, "lan"),
    ).toEqual([
      "🔒 HTTPS backends whose certificate must chain to `/a.crt`, `/b.crt` and name the address in the backend URL (`t`): `a.lan`.",
    ]);
  });

  it("names changed and added hosts outside the domain, not removed ones, and only when a domain is known", () => {
    const p = plan({
      added: [row("added", "a.other.org"), row("added", "in.lan")],
      changed: [row("changed", "b.other.org")],
      removed: [row("removed", "c.other.org")],
    });
    expect(planWarnings(p, {}, "lan")).toEqual([
      "⚠️ **1 route removed**: `c.other.org` will stop answering.",
      "🌐 Hosts outside `lan`: `b.other.org`, `a.other.org` — check the gateway and the certificate cover them.",
    ]);
    expect(planWarnings(p, {}, undefined)).toHaveLength(1);
    expect(planWarnings(p, {}, "")).toHaveLength(1);
  });
});
