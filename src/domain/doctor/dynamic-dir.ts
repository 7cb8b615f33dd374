/**
 * Pure: the watched folder, as Traefik's file provider reads it (pkg/provider/file,
 * loadFileConfigFromDirectory): every .yml/.yaml/.toml file, in the folder and recursively in its
 * subfolders (hidden ones too), each folder's entries in name order. When two files define the
 * same name, the first one read wins and Traefik only logs "already configured, skipping". One
 * file it cannot parse makes it refuse the whole folder: nothing in it changes any more. With
 * `filename` instead of `directory`, only that file is read.
 */
import { basename } from "node:path";
import type { DynamicConfig } from "../traefik/dynamic-types.js";
import { error, ok, onHost, warning, type Finding } from "./finding.js";

export interface DirFacts {
  exists: boolean;
  writable: boolean;
  /**
   * Every configuration file Traefik's directory provider reads (paths relative to the folder,
   * in Traefik's reading order), with what it defines, or why it cannot be parsed.
   */
  others: {
    name: string;
    config: DynamicConfig | undefined;
    syntaxError?: { message: string; line: number; column: number } | undefined;
  }[];
}

export { traefikReadOrder } from "../traefik/read-order.js";

const LEFTOVER = /(^\.|~$|\.(tmp|bak|orig|swp|new|old)\.(ya?ml|toml)$|\.(ya?ml|toml)\.(ya?ml|toml)$)/;

export function checkDynamicDir(
  dir: string,
  livePath: string,
  facts: DirFacts,
  ours: DynamicConfig | undefined,
  mode: "directory" | "filename" = "directory",
  ctid: string | undefined = undefined,
): Finding[] {
  const sh = (command: string) => onHost(ctid, command);
  if (!facts.exists) {
    return [
      error(
        "dir.exists",
        `the dynamic folder ${dir} does not exist; a file provider watching it fails at start and takes SIGHUP handling with it`,
        `create it and restart Traefik: ${sh(`sh -c 'mkdir -p ${dir} && systemctl restart traefik'`)}`,
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
          `check its owner and mode: ${sh(`chmod u+w ${dir}`)}`,
        ),
  );
  const ownName = basename(livePath);
  if (mode === "filename") {
    const others = facts.others.filter((o) => o.name !== ownName);
    if (others.length > 0)
      findings.push(
        ok(
          "dir.other-file",
          `providers.file.filename: Traefik reads only ${ownName}, not the ${others.length} other file${others.length === 1 ? "" : "s"} beside it`,
        ),
      );
    return findings;
  }
  const order = facts.others.map((o) => o.name);
  const oursAt = order.indexOf(ownName);
  const kinds = ["routers", "services", "middlewares", "serversTransports"] as const;
  const ourNames = new Map(
    kinds.map((k) => [k, new Set(Object.keys((ours?.http?.[k] as object | undefined) ?? {}))]),
  );
  for (const [index, other] of facts.others.entries()) {
    if (other.name === ownName) continue;
    if (other.syntaxError !== undefined) {
      const e = other.syntaxError;
      findings.push(
        error(
          "dir.broken-file",
          `${dir}/${other.name}:${e.line}:${e.column} cannot be parsed (${e.message}): while it is there Traefik refuses the whole folder, so no change to ${ownName} is loaded`,
          `fix it, or move it out of ${dir} and its subfolders: ${sh(`mv ${dir}/${other.name} /root/`)}`,
        ),
      );
      continue;
    }
    const copy =
      other.name.includes("/") &&
      (basename(other.name) === ownName ||
        Object.keys(other.config?.http?.middlewares ?? {}).some((m) =>
          m.startsWith("phoenix-mesh-revision-"),
        ));
    if (LEFTOVER.test(basename(other.name)) || copy) {
      findings.push(
        (copy ? error : warning)(
          "dir.leftover",
          copy
            ? `${dir}/${other.name} is an old copy of the rendered file in a subfolder, and Traefik reads subfolders too${index < oursAt ? ": it is read first, so its routes win over the live file's" : ""}`
            : `${other.name} looks like a leftover of a half-finished write, and Traefik loads it`,
          `move it out of ${dir}: ${sh(`mv ${dir}/${other.name} /root/`)}`,
        ),
      );
      continue;
    }
    const clashes = kinds.flatMap((k) =>
      Object.keys((other.config?.http?.[k] as object | undefined) ?? {})
        .filter((n) => ourNames.get(k)?.has(n))
        .map((n) => `${k.replace(/s$/, "")} ${n}`),
    );
    if (clashes.length > 0) {
      const first = index < oursAt || oursAt === -1;
      findings.push(
        error(
          "dir.collision",
          `${other.name} also defines ${clashes.join(", ")}: Traefik reads ${first ? other.name : ownName} first and serves its definition${first ? ` instead of ${ownName}'s` : ""}, with only "already configured, skipping" in its log`,
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
