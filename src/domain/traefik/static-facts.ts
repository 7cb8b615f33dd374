/**
 * Pure: what a dynamic configuration may name from the static one — entryPoints (TCP or UDP by
 * their address's `/udp` suffix), certificate resolvers, plugins — read from a parsed static
 * configuration (YAML or TOML, keys matched without regard to case as Traefik does).
 */
export interface StaticFacts {
  entryPoints: Map<string, "tcp" | "udp">;
  certResolvers: Set<string>;
  plugins: Set<string>;
}

export function staticFactsOf(value: unknown): StaticFacts {
  const root = record(value);
  const entryPoints = new Map<string, "tcp" | "udp">();
  for (const [name, ep] of Object.entries(record(get(root, "entryPoints")))) {
    const address = get(record(ep), "address");
    entryPoints.set(name, typeof address === "string" && /\/udp$/i.test(address) ? "udp" : "tcp");
  }
  const experimental = record(get(root, "experimental"));
  return {
    entryPoints,
    certResolvers: new Set(Object.keys(record(get(root, "certificatesResolvers")))),
    plugins: new Set([
      ...Object.keys(record(get(experimental, "plugins"))),
      ...Object.keys(record(get(experimental, "localPlugins"))),
    ]),
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function get(o: Record<string, unknown>, key: string): unknown {
  const found = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : o[found];
}
