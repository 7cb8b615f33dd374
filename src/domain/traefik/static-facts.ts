/**
 * Pure: the one reader of a parsed static configuration (YAML or TOML). Traefik matches its keys
 * without regard to case (paerser's nodes_metadata: strings.EqualFold), so `EntryPoints:` and
 * `Providers: {File: {Directory: …}}` configure it exactly as the camelCase spelling does; every
 * question about the static file is asked here, so no check reads it another way. What a dynamic
 * configuration may name (entryPoints, TCP or UDP by their address's `/udp` suffix; certificate
 * resolvers; plugins), the file provider, the API.
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

export interface FileProvider {
  directory: string | undefined;
  filename: string | undefined;
  /** As Traefik reads it: true, or a string Go's strconv.ParseBool takes as true ("TRUE", "t", "1"). */
  watch: boolean;
  /** Neither a directory nor a filename: Traefik reads no file. */
  empty: boolean;
  /** JSON pointers to the provider and its settings, as the file spells them (for line numbers). */
  pointer: string;
  filenamePointer: string;
  directoryPointer: string;
}

/**
 * The file provider as Traefik would see it, whatever the file holds: `providers.file:` with
 * nothing after it is null, and a hand-written file may put anything there. Only string paths
 * count; anything else is as if absent. Undefined when there is no file provider.
 */
export function fileProviderOf(staticConfig: unknown): FileProvider | undefined {
  const providersKey = keyOf(record(staticConfig), "providers");
  if (providersKey === undefined) return undefined;
  const providers = record(staticConfig)[providersKey];
  const fileKey = keyOf(record(providers), "file");
  if (fileKey === undefined) return undefined;
  const pointer = `/${providersKey}/${fileKey}`;
  const f = record(record(providers)[fileKey]);
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const directory = str(get(f, "directory"));
  const filename = str(get(f, "filename"));
  return {
    directory,
    filename,
    watch: goTrue(get(f, "watch")),
    empty: directory === undefined && filename === undefined,
    pointer,
    filenamePointer: `${pointer}/${keyOf(f, "filename") ?? "filename"}`,
    directoryPointer: `${pointer}/${keyOf(f, "directory") ?? "directory"}`,
  };
}

/** The API section: undefined when absent or empty (`api:` alone enables nothing). */
export function apiOf(staticConfig: unknown): { insecure: boolean } | undefined {
  const api = get(record(staticConfig), "api");
  if (api === undefined || api === null) return undefined;
  return { insecure: goTrue(get(record(api), "insecure")) };
}

/**
 * A boolean as Traefik reads one from its static file: paerser turns every value into text and
 * parses booleans with Go's strconv.ParseBool, so `watch: 1`, `watch: "true"`, `insecure: TRUE` (quoted in
 * YAML) and `watch: "t"` are true. Anything else is false.
 */
function goTrue(value: unknown): boolean {
  const text =
    typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
  return ["1", "t", "T", "TRUE", "true", "True"].includes(text);
}

/** The key of `o` that Traefik reads as `key`, as the file spells it. */
export function keyOf(o: Record<string, unknown>, key: string): string | undefined {
  return Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function get(o: Record<string, unknown>, key: string): unknown {
  const found = keyOf(o, key);
  return found === undefined ? undefined : o[found];
}
