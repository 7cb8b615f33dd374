/**
 * Pure: which files Traefik's directory provider reads and in what order (pkg/provider/file,
 * loadFileConfigFromDirectory): every file whose extension, in any case, is .yml, .yaml or
 * .toml, in the folder and recursively in its subfolders (hidden ones too), each folder's
 * entries in name order (os.ReadDir).
 */
export function isDynamicFileName(name: string): boolean {
  return /\.(ya?ml|toml)$/i.test(name);
}

/** Paths relative to the folder, in the order Traefik reads them: a depth-first walk, each folder's entries sorted by name. */
export function traefikReadOrder(paths: string[]): string[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...paths].sort((a, b) => {
    const pa = a.split("/");
    const pb = b.split("/");
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const c = cmp(pa[i] ?? "", pb[i] ?? "");
      if (c !== 0) return c;
    }
    return pa.length - pb.length;
  });
}
