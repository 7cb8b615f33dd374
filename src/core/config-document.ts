/** A Traefik configuration file's text → its value and problems: TOML when its name ends in .toml, else YAML (as Traefik decides). */
import { parseToml } from "./toml/document.js";
import { parseYaml, type YamlDocument } from "./yaml/document.js";

export type ConfigDocument = YamlDocument;

/** By the file's extension, as Traefik decides; a label such as `routes.toml@main (abc123)` counts by its path. */
export function isToml(path: string): boolean {
  return /\.toml($|@| \()/i.test(path);
}

export function parseConfigDocument(text: string, path: string): ConfigDocument {
  return isToml(path) ? parseToml(text) : parseYaml(text);
}
