/** Guest addresses from Phoenix's `network_config.ip` ("10.0.0.141/24", "dhcp", IPv6). */
import { isIP } from "node:net";

export type AddressResult =
  | { ok: true; address: string; family: 4 | 6 }
  | { ok: false; reason: "missing" | "dhcp" | "invalid"; detail: string };

export function parseGuestAddress(ip: string | undefined): AddressResult {
  if (ip === undefined) return { ok: false, reason: "missing", detail: "it has no network_config.ip" };
  const value = ip.trim();
  if (/^(dhcp|auto|manual)6?$/i.test(value)) {
    return {
      ok: false,
      reason: "dhcp",
      detail: `its network_config.ip is "${ip}", so its address is not known in advance`,
    };
  }
  const slash = value.indexOf("/");
  const address = slash === -1 ? value : value.slice(0, slash);
  const prefix = slash === -1 ? undefined : value.slice(slash + 1);
  const family = isIP(address);
  if (family === 0)
    return {
      ok: false,
      reason: "invalid",
      detail: `network_config.ip "${ip}" is not an IPv4 or IPv6 address`,
    };
  if (prefix !== undefined) {
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
      return {
        ok: false,
        reason: "invalid",
        detail: `network_config.ip "${ip}" has an invalid prefix length /${prefix}`,
      };
    }
  }
  return { ok: true, address: address.toLowerCase(), family: family as 4 | 6 };
}

/** Host part of a URL: IPv6 needs brackets. */
export function urlHost(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}
