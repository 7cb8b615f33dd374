import { isAbsolute, relative, resolve } from "node:path";

/** A path as users should see it in messages: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
}
