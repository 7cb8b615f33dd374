/**
 * Pure: deploy target URLs.
 *   pct://102/etc/traefik/dynamic/dynamic_conf.yml            pct on this machine (the Proxmox host)
 *   ssh://root@pve.lan[:22]/pct/102/etc/traefik/dynamic/…      ssh to the host, then pct there
 *   file:///etc/traefik/dynamic/dynamic_conf.yml               a local folder (Traefik on this machine)
 *   redis://[user@]host[:port][/db][?root_key=traefik]          Traefik's Redis provider (rediss:// for TLS)
 * A Redis password never goes in the URL (it would show in argv, logs and the settings file): it
 * comes from PHOENIX_MESH_REDIS_PASSWORD.
 */
import { PhoenixMeshError } from "../../core/errors.js";
import { checkRootKey } from "../../domain/kv/tree.js";
import { SECRET_ENV } from "../settings/table.js";

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
  | { kind: "dir"; path: string }
  | RedisSpec;

export interface RedisSpec {
  kind: "redis";
  tls: boolean;
  user: string | undefined;
  host: string;
  port: number;
  db: number;
  /** Traefik's providers.redis.rootKey. */
  rootKey: string;
}

/** The environment variable the Redis password comes from. */
export const REDIS_PASSWORD_ENV = SECRET_ENV.redisPassword;

const EXAMPLES =
  "pct://102/etc/traefik/dynamic/dynamic_conf.yml, ssh://root@pve.lan/pct/102/etc/traefik/dynamic/dynamic_conf.yml, file:///etc/traefik/dynamic/dynamic_conf.yml or redis://10.0.0.13:6379/0?root_key=traefik";

/** A user name ssh and the remote host accept; never one that could be read as an option. */
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
/** A DNS name or IPv4 address (URL has already lower-cased it), or an IPv6 literal. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

export function parseTargetUrl(text: string): TargetSpec {
  // A password someone put in the URL is not repeated in the error (it would reach logs).
  const shown = text.replace(/^([a-z]+:\/\/[^/@:]*:)[^@/]*@/i, "$1***@");
  const bad = (why: string) =>
    new PhoenixMeshError("USAGE", `deploy target ${JSON.stringify(shown)}: ${why}`, {
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
  if (url.protocol === "redis:" || url.protocol === "rediss:") return redisSpec(url, bad);
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

function redisSpec(url: URL, bad: (why: string) => PhoenixMeshError): RedisSpec {
  if (url.password !== "")
    throw bad(`no password in the URL (it would show in argv and logs): set ${REDIS_PASSWORD_ENV}`);
  if (url.hostname === "") throw bad("no host");
  if (!HOST.test(url.hostname)) throw bad(`"${url.hostname}" is not a host name or address`);
  const user = url.username === "" ? undefined : decodeURIComponent(url.username);
  if (user !== undefined && !USER.test(user)) throw bad(`"${user}" is not a Redis user name`);
  const dbText = url.pathname.replace(/^\//, "");
  if (!/^(|[0-9]|1[0-5])$/.test(dbText)) throw bad("the path is the database number, 0 to 15 (/0)");
  let rootKey = "traefik";
  for (const [name, value] of url.searchParams) {
    if (name !== "root_key") throw bad(`unknown option ${name} (the one option is root_key)`);
    const why = checkRootKey(value);
    if (why !== undefined) throw bad(`root_key ${JSON.stringify(value)}: ${why}`);
    rootKey = value;
  }
  if (url.hash !== "") throw bad("no #fragment");
  return {
    kind: "redis",
    tls: url.protocol === "rediss:",
    user,
    host: url.hostname,
    port: url.port === "" ? 6379 : Number(url.port),
    db: dbText === "" ? 0 : Number(dbText),
    rootKey,
  };
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
    case "redis":
      return `Redis ${spec.tls ? "(TLS) " : ""}${spec.user === undefined ? "" : `${spec.user}@`}${spec.host}:${spec.port}/${spec.db}, root key ${spec.rootKey}`;
  }
}

/**
 * The Traefik provider that serves what a target holds: "redis" for a redis:// target, else
 * "file". Traefik names each object `<name>@<provider>`; an unreadable target counts as a file.
 */
export function providerOf(url: string | undefined): "file" | "redis" {
  if (url === undefined) return "file";
  try {
    return parseTargetUrl(url).kind === "redis" ? "redis" : "file";
  } catch {
    return "file";
  }
}
