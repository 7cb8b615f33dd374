// The routes' domain: Phoenix's domain_name is the public zone and Traefik serves internal.<it>
// (the remediation plan's rule); a setting wins; names compare without case and without the root
// dot (RFC 1034 §3.1: "example.lan." and "example.lan" are the same name).
import { describe, expect, it } from "vitest";
import { deriveDomain } from "../../src/domain/inventory/domain.js";

describe("deriveDomain", () => {
  it.each([
    ["phoenix.lan", undefined, "internal.phoenix.lan"],
    ["Phoenix.LAN.", undefined, "internal.phoenix.lan"],
    ["internal.phoenix.lan", undefined, "internal.phoenix.lan"],
    ["Internal.Phoenix.lan", undefined, "internal.phoenix.lan"],
    ["phoenix.lan", "Lab.Example.COM.", "lab.example.com"],
    [undefined, "lab.example.com", "lab.example.com"],
    ["phoenix.lan", "internal2.lan", "internal2.lan"],
    ["internalx.lan", undefined, "internal.internalx.lan"],
  ])("domain_name %j with setting %j → %s", (name, setting, domain) => {
    expect(deriveDomain(name, setting)).toBe(domain);
  });

  it("has none without a domain_name or a setting", () => {
    expect(deriveDomain(undefined, undefined)).toBeUndefined();
  });
});
