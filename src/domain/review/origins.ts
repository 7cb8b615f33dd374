/**
 * Pure: where each route of a rendered file comes from, read back from the comment phoenix-mesh's
 * router template writes on each router's key (`"ollama-gpu0": # from lxc 914 ollama-gpu0 via
 * ports`, `# from the settings file`). Reading it from the file, not from the model, gives the
 * origin of removed routes too (the base file knows them) and works for `diff` of two files.
 * A hand-written file, or a template that drops the comment, simply has no origins.
 */
const ROUTER_KEY =
  /^\s+"((?:[^"\\]|\\.)+)":\s+# from (?:(lxc|vm) (\S+) (.*?) via (\S+)|(the settings file))\s*$/;

/** Router id → "LXC 914 ollama-gpu0 (ports)" / "VM 1001 Portainer (traefik_service)" / "settings file". */
export function routerOrigins(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line.includes("# from ")) continue;
    const m = ROUTER_KEY.exec(line);
    if (m === null) continue;
    const id = unquote(m[1]!);
    if (id === undefined || out.has(id)) continue;
    out.set(
      id,
      m[6] === undefined ? `${m[2] === "vm" ? "VM" : "LXC"} ${m[3]} ${m[4]} (${m[5]})` : "settings file",
    );
  }
  return out;
}

function unquote(body: string): string | undefined {
  try {
    const value: unknown = JSON.parse(`"${body}"`);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
