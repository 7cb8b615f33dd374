/** A shell word that `sh` reads back as exactly `arg` (for commands that cross SSH, and hook scripts). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-.,:/@%+=]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
