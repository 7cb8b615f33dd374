/** `check --traefik`: the files judged by a real Traefik (adapters/traefik-binary), in check's diagnostics. */
import { resolve } from "node:path";
import { judgeWithTraefik } from "../../adapters/traefik-binary/judge.js";
import { readTextFile } from "../../adapters/io/read-text.js";
import type { CommandIO } from "../../core/command-io.js";
import { parseConfigDocument } from "../../core/config-document.js";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { ConfigFile } from "../../domain/traefik/check-files.js";
import { judgeDiagnostics } from "../../domain/traefik/judge-verdict.js";
import { staticFactsOf } from "../../domain/traefik/static-facts.js";

const SECTION_PATH: Record<string, [string, string]> = {
  routers: ["http", "routers"],
  services: ["http", "services"],
  middlewares: ["http", "middlewares"],
  tcpRouters: ["tcp", "routers"],
  tcpServices: ["tcp", "services"],
  tcpMiddlewares: ["tcp", "middlewares"],
  udpRouters: ["udp", "routers"],
  udpServices: ["udp", "services"],
};

export async function traefikVerdict(
  binary: string,
  files: ConfigFile[],
  staticPath: string | undefined,
  io: CommandIO,
): Promise<{ version: string; diagnostics: Diagnostic[] }> {
  const entryPoints =
    staticPath === undefined
      ? new Map([["web", "tcp" as const]])
      : staticFactsOf(
          parseConfigDocument(
            await readTextFile(resolve(io.cwd, staticPath), staticPath, "USAGE"),
            staticPath,
          ).value,
        ).entryPoints;
  io.stderr(
    `starting ${binary} on loopback to judge ${files.length} file${files.length === 1 ? "" : "s"}…\n`,
  );
  const facts = await judgeWithTraefik({ binary: resolve(io.cwd, binary), files, entryPoints });
  const owner = (section: string, name: string) => {
    const [top, kind] = SECTION_PATH[section] ?? [];
    if (top === undefined || kind === undefined) return undefined;
    return files.find((f) => {
      const value = parseConfigDocument(f.text, f.path).value as
        Record<string, Record<string, Record<string, unknown>>> | undefined;
      return value?.[top]?.[kind]?.[name] !== undefined;
    })?.path;
  };
  return { version: facts.version, diagnostics: judgeDiagnostics(facts, facts.fileOf, owner) };
}
