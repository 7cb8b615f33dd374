/**
 * Pure: a real Traefik's verdict on dynamic files, in check's diagnostics: the file provider's
 * refusal (the whole folder: "Cannot start the provider"), and every object Traefik lists as
 * disabled (errors) or with a warning, in Traefik's own words, placed on the file that defines it.
 */
import type { Diagnostic } from "../../core/diagnostics.js";

export type LogLine = Record<string, unknown>;

export interface JudgeFacts {
  version: string;
  log: LogLine[];
  /** /api/rawdata: section → "name@provider" → object with status and error. */
  rawdata: Record<string, Record<string, Record<string, unknown>>>;
}

const KIND: Record<string, string> = {
  routers: "router",
  services: "service",
  middlewares: "middleware",
  tcpRouters: "TCP router",
  tcpServices: "TCP service",
  tcpMiddlewares: "TCP middleware",
  udpRouters: "UDP router",
  udpServices: "UDP service",
};

export function judgeDiagnostics(
  facts: JudgeFacts,
  /** The judge's copies → the paths the user gave. */
  fileOf: ReadonlyMap<string, string>,
  /** "routers/name" → the file that defines it (the first one, as Traefik). */
  owner: (section: string, name: string) => string | undefined,
): Diagnostic[] {
  const rename = (text: string) => {
    let out = text;
    for (const [copy, path] of fileOf) out = out.split(copy).join(path);
    return out;
  };
  const out: Diagnostic[] = [];
  for (const line of facts.log) {
    if (
      line["level"] !== "error" ||
      typeof line["message"] !== "string" ||
      !line["message"].includes("*file.Provider")
    )
      continue;
    const error = rename(typeof line["error"] === "string" ? line["error"] : line["message"]);
    const file = [...fileOf.values()].find((p) => error.startsWith(`${p}:`));
    out.push({
      severity: "error",
      code: "traefik-provider",
      message: `Traefik refuses the files: ${file === undefined ? error : error.slice(file.length + 2)}`,
      ...(file === undefined ? {} : { file }),
      hint: "Traefik keeps serving its previous configuration while one file cannot be read",
    });
  }
  for (const [section, objects] of Object.entries(facts.rawdata)) {
    const kind = KIND[section];
    if (kind === undefined) continue;
    for (const [fullName, object] of Object.entries(objects ?? {})) {
      if (!fullName.endsWith("@file")) continue;
      const status = typeof object["status"] === "string" ? object["status"] : undefined;
      if (status === "enabled" || status === undefined) continue;
      const name = fullName.slice(0, -"@file".length);
      const errors = Array.isArray(object["error"]) ? (object["error"] as unknown[]).map(String) : [];
      const file = owner(section, name);
      out.push({
        severity: status === "disabled" ? "error" : "warning",
        code: `traefik-${status === "disabled" ? "disabled" : "warning"}`,
        message: `Traefik ${status === "disabled" ? "disables" : "warns about"} ${kind} "${name}": ${errors.map(rename).join("; ") || status}`,
        ...(file === undefined ? {} : { file }),
      });
    }
  }
  return out;
}
