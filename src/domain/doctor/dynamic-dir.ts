/**
 * Pure: the watched folder. Traefik reads every .yml/.yaml/.toml file in it (and in its
 * subfolders); when two files define the same router, the first one read wins and Traefik only
 * logs a warning. Leftovers of half-finished writes are loaded too.
 */
import { basename } from "node:path";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { error, ok, warning, type Finding } from "./finding.js";

export interface DirFacts {
  exists: boolean;
  writable: boolean;
  /** Other configuration files Traefik reads from the folder, with what they define. */
  others: { name: string; config: DynamicConfig | undefined }[];
}

const LEFTOVER = /(^\.|~$|\.(tmp|bak|orig|swp|new|old)\.(ya?ml|toml)$|\.(ya?ml|toml)\.(ya?ml|toml)$)/;

export function checkDynamicDir(
  dir: string,
  livePath: string,
  facts: DirFacts,
  ours: DynamicConfig | undefined,
): Finding[] {
  if (!facts.exists) {
    return [
      error(
        "dir.exists",
        `the dynamic folder ${dir} does not exist; a file provider watching it fails at start and takes SIGHUP handling with it`,
        `create it (mkdir -p ${dir}) and restart Traefik`,
      ),
    ];
  }
  const findings: Finding[] = [ok("dir.exists", `${dir} exists`)];
  findings.push(
    facts.writable
      ? ok("dir.writable", `${dir} is writable`)
      : error(
          "dir.writable",
          `${dir} is not writable for the deploy`,
          `check its owner and mode (chmod u+w ${dir})`,
        ),
  );
  const ourRouters = new Set(Object.keys(ours?.http?.routers ?? {}));
  const ourServices = new Set(Object.keys(ours?.http?.services ?? {}));
  for (const other of facts.others) {
    if (other.name === basename(livePath)) continue;
    if (LEFTOVER.test(other.name)) {
      findings.push(
        warning(
          "dir.leftover",
          `${other.name} looks like a leftover of a half-finished write, and Traefik loads it`,
          `check it and remove it: rm ${dir}/${other.name}`,
        ),
      );
      continue;
    }
    const clashes = [
      ...Object.keys(other.config?.http?.routers ?? {})
        .filter((r) => ourRouters.has(r))
        .map((r) => `router ${r}`),
      ...Object.keys(other.config?.http?.services ?? {})
        .filter((s) => ourServices.has(s))
        .map((s) => `service ${s}`),
    ];
    if (clashes.length > 0) {
      findings.push(
        error(
          "dir.collision",
          `${other.name} also defines ${clashes.join(", ")}: whichever file Traefik reads first wins, with only a warning in its log`,
          `remove those from ${other.name}, or rename the routes`,
        ),
      );
    } else {
      findings.push(
        ok("dir.other-file", `${other.name} is also loaded; it defines nothing the rendered file does`),
      );
    }
  }
  return findings;
}
