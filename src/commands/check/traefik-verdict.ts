/** `check --traefik`: the files judged by a real Traefik (adapters/traefik-binary), in check's diagnostics. */
import { resolve } from "node:path";
import { judgeWithTraefik } from "../../adapters/traefik-binary/judge.js";
import type { CommandIO } from "../../core/command-io.js";
import { parseConfigDocument } from "../../core/config-document.js";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { ConfigFile } from "../../domain/traefik/check-files.js";
import { judgeDiagnostics } from "../../domain/traefik/judge-verdict.js";

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
  /** From the static configuration check already read; without one, Traefik's usual `web`. */
  entryPoints: ReadonlyMap<string, "tcp" | "udp"> | undefined,
  io: CommandIO,
): Promise<{ version: string; diagnostics: Diagnostic[] }> {
  io.stderr(
    `starting ${binary} on loopback to judge ${files.length} file${files.length === 1 ? "" : "s"}…\n`,
  );
  const facts = await judgeWithTraefik({
    binary: resolve(io.cwd, binary),
    files,
    entryPoints: new Map(entryPoints ?? [["web", "tcp"]]),
  });
  // Each file parsed once, for which file defines an object Traefik disabled (the first, as Traefik).
  const values = files.map(
    (f) =>
      [f.path, parseConfigDocument(f.text, f.path).value] as [
        string,
        Record<string, Record<string, Record<string, unknown>>> | undefined,
      ],
  );
  const owner = (section: string, name: string) => {
    const [top, kind] = SECTION_PATH[section] ?? [];
    if (top === undefined || kind === undefined) return undefined;
    return values.find(([, value]) => value?.[top]?.[kind]?.[name] !== undefined)?.[0];
  };
  return { version: facts.version, diagnostics: judgeDiagnostics(facts, facts.fileOf, owner) };
}
