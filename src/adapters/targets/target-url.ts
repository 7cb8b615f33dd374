/**
 * Pure: deploy target URLs.
 *   pct://102/etc/traefik/dynamic/dynamic_conf.yml            pct on this machine (the Proxmox host)
 *   ssh://root@pve.lan[:22]/pct/102/etc/traefik/dynamic/…      ssh to the host, then pct there
 *   file:///etc/traefik/dynamic/dynamic_conf.yml               a local folder (Traefik on this machine)
 */
import { PhoenixMeshError } from "../../core/errors.js";

export type TargetSpec =
  | { kind: "pct"; ctid: string; path: string }
  | {
      kind: "ssh";
      user: string | undefined;
      host: string;
      port: number | undefined;
      ctid: string;
      path: string;
    }
  | { kind: "dir"; path: string };

const EXAMPLES =
  "pct://102/etc/traefik/dynamic/dynamic_conf.yml, ssh://root@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml or file:///etc/traefik/dynamic/dynamic_conf.yml";

/** A user name ssh and the remote host accept; never one that could be read as an option. */
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
/** A DNS name or IPv4 address (URL has already lower-cased it), or an IPv6 literal. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

export function parseTargetUrl(text: string): TargetSpec {
  const bad = (why: string) =>
    new PhoenixMeshError("USAGE", `deploy target ${JSON.stringify(text)}: ${why}`, {
      hint: `write it like ${EXAMPLES}`,
    });
  // Control characters and whitespace (a newline from a variable) never belong in a target.
  if (hasControl(text, true)) throw bad("it contains whitespace or a control character");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad("not a URL");
  }
  const path = decodeURIComponent(url.pathname);
  const checkPath = (p: string) => {
    if (hasControl(p, false)) throw bad("the file path contains a control character");
    if (!p.startsWith("/") || p.split("/").includes(".."))
      throw bad("the file path must be absolute, without ..");
    if (!/\.(ya?ml|toml)$/i.test(p))
      throw bad("Traefik's file provider only reads .yml, .yaml and .toml files");
    return p;
  };
  switch (url.protocol) {
    case "pct:": {
      if (!/^[1-9][0-9]{2,8}$/.test(url.hostname))
        throw bad("the container id after pct:// must be a number such as 102");
      return { kind: "pct", ctid: url.hostname, path: checkPath(path) };
    }
    case "ssh:": {
      const m = /^\/pct\/([1-9][0-9]{2,8})(\/.*)$/.exec(path);
      if (m === null) throw bad("the path must be /pct/<container id>/<file path in the container>");
      if (url.hostname === "") throw bad("no host");
      // What reaches ssh's argv must never look like an option (ssh://-oProxyCommand=…@host).
      if (!HOST.test(url.hostname)) throw bad(`"${url.hostname}" is not a host name or address`);
      const user = url.username === "" ? undefined : decodeURIComponent(url.username);
      if (user !== undefined && !USER.test(user))
        throw bad(`"${user}" is not a user name (letters, digits, _ . -, not starting with -)`);
      if (url.password !== "") throw bad("no password in the URL: ssh uses your keys");
      return {
        kind: "ssh",
        user,
        host: url.hostname,
        port: url.port === "" ? undefined : Number(url.port),
        ctid: m[1] ?? "",
        path: checkPath(m[2] ?? ""),
      };
    }
    case "file:":
      if (url.hostname !== "") throw bad("file:// URLs name a local path: file:///etc/…");
      return { kind: "dir", path: checkPath(path) };
    default:
      throw bad(`unknown scheme ${url.protocol}`);
  }
}

function hasControl(text: string, orSpace: boolean): boolean {
  return [...text].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f || (orSpace && code === 0x20);
  });
}

export function describeTarget(spec: TargetSpec): string {
  switch (spec.kind) {
    case "pct":
      return `LXC ${spec.ctid}:${spec.path} (pct)`;
    case "ssh":
      return `LXC ${spec.ctid}:${spec.path} on ${spec.user === undefined ? "" : `${spec.user}@`}${spec.host} (ssh + pct)`;
    case "dir":
      return `${spec.path} (local)`;
  }
}
