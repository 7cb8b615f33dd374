/**
 * What a router's rule routes (hosts and paths), read with the rule parser, as the semantic diff
 * and verify use it. Traefik's rule syntax (v3, and v2 under ruleSyntax: v2): Host and HostSNI
 * name hosts, Path and PathPrefix name paths, and a rule that does not parse routes nothing.
 */
import { describe, expect, it } from "vitest";
import { hostsOf, routedBy } from "../../src/domain/traefik/rule.js";

describe("routedBy", () => {
  it("reads an HTTP rule's hosts and paths", () => {
    expect(routedBy("Host(`a.lan`) && PathPrefix(`/api`)")).toEqual({ hosts: ["a.lan"], paths: ["/api"] });
    expect(routedBy("Host(`a.lan`) || Host(`b.lan`)")).toEqual({ hosts: ["a.lan", "b.lan"], paths: [] });
  });

  it("routes nothing for no rule, or one that does not parse", () => {
    expect(routedBy(undefined)).toEqual({ hosts: [], paths: [] });
    expect(routedBy("Host(`a.lan`")).toEqual({ hosts: [], paths: [] });
    expect(routedBy("Nope(`a.lan`)")).toEqual({ hosts: [], paths: [] });
  });

  it("reads v2's Host with several hosts only under ruleSyntax v2", () => {
    expect(routedBy("Host(`a.lan`,`b.lan`)", "v2").hosts).toEqual(["a.lan", "b.lan"]);
    expect(routedBy("Host(`a.lan`,`b.lan`)").hosts).toEqual([]);
  });

  it("reads a TCP rule's HostSNI as hosts, with no paths", () => {
    expect(routedBy("HostSNI(`db.lan`)", undefined, "tcp")).toEqual({ hosts: ["db.lan"], paths: [] });
    // HostSNI is not an HTTP matcher: an HTTP router with it does not parse.
    expect(routedBy("HostSNI(`db.lan`)")).toEqual({ hosts: [], paths: [] });
  });
});

describe("hostsOf", () => {
  it("is routedBy's hosts", () => {
    expect(hostsOf("Host(`a.lan`) && Path(`/x`)")).toEqual(["a.lan"]);
    expect(hostsOf(undefined)).toEqual([]);
    expect(hostsOf("HostSNI(`db.lan`)", undefined, "tcp")).toEqual(["db.lan"]);
  });
});
