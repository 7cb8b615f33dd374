// Phoenix's network_config.ip as its scripts write it ("10.0.0.141/24", "dhcp"; LXC configs also
// take IPv6 with a prefix, and a bare address), read by the rules of the address families:
// RFC 791 / RFC 4291 addresses, prefix lengths 0–32 (IPv4) and 0–128 (IPv6).
import { describe, expect, it } from "vitest";
import { parseGuestAddress, urlHost } from "../../src/domain/model/address.js";

describe("parseGuestAddress", () => {
  it.each([
    ["10.0.0.141/24", "10.0.0.141", 4],
    ["10.0.0.141", "10.0.0.141", 4], // no prefix: the whole address, not "10.0.0.14"
    ["  10.0.0.5/24  ", "10.0.0.5", 4],
    ["10.0.0.1/0", "10.0.0.1", 4],
    ["10.0.0.1/32", "10.0.0.1", 4],
    ["fd00::10/64", "fd00::10", 6],
    ["FD00::A/64", "fd00::a", 6],
    ["fd00::10", "fd00::10", 6],
    ["2001:db8::1/128", "2001:db8::1", 6],
    ["::1/0", "::1", 6],
  ])("reads %j as %s (IPv%i)", (ip, address, family) => {
    expect(parseGuestAddress(ip)).toEqual({ ok: true, address, family });
  });

  it.each(["dhcp", "DHCP", "auto", "manual", "dhcp6", "auto6", " dhcp "])(
    "says %j is not known in advance",
    (ip) => {
      const r = parseGuestAddress(ip);
      expect(r).toMatchObject({ ok: false, reason: "dhcp" });
      expect(!r.ok && r.detail).toContain(`"${ip}"`);
    },
  );

  it("says a guest without an address has none", () => {
    expect(parseGuestAddress(undefined)).toEqual({
      ok: false,
      reason: "missing",
      detail: "it has no network_config.ip",
    });
  });

  it.each([
    ["10.0.0.256/24", "not an IPv4 or IPv6 address"],
    ["10.0.0/24", "not an IPv4 or IPv6 address"],
    ["host.lan", "not an IPv4 or IPv6 address"],
    ["", "not an IPv4 or IPv6 address"],
    ["dhcpx", "not an IPv4 or IPv6 address"],
    ["10.0.0.1/33", "invalid prefix length /33"],
    ["10.0.0.1/", "invalid prefix length /"],
    ["10.0.0.1/abc", "invalid prefix length /abc"],
    ["10.0.0.1/1000", "invalid prefix length /1000"],
    ["10.0.0.1/-1", "invalid prefix length /-1"],
    ["fd00::1/129", "invalid prefix length /129"],
    ["fd00::1/64/64", "invalid prefix length /64/64"],
  ])("refuses %j: %s", (ip, detail) => {
    const r = parseGuestAddress(ip);
    expect(r).toMatchObject({ ok: false, reason: "invalid" });
    expect(!r.ok && r.detail).toContain(detail);
  });

  it("accepts IPv6 prefixes up to 128 and IPv4 ones up to 32, on both sides of each bound", () => {
    expect(parseGuestAddress("fd00::1/128").ok).toBe(true);
    expect(parseGuestAddress("fd00::1/33").ok).toBe(true);
    expect(parseGuestAddress("10.0.0.1/32").ok).toBe(true);
    expect(parseGuestAddress("10.0.0.1/33").ok).toBe(false);
  });
});

describe("urlHost", () => {
  it("puts an IPv6 address in brackets (RFC 3986 §3.2.2) and leaves others alone", () => {
    expect(urlHost("fd00::10")).toBe("[fd00::10]");
    expect(urlHost("10.0.0.5")).toBe("10.0.0.5");
    expect(urlHost("vault.lan")).toBe("vault.lan");
  });
});
