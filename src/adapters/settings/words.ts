/**
 * The only importer of shell-quote: a setting holding several command-line words
 * (PHOENIX_MESH_SSH_OPTIONS) is split the way a shell splits words — quotes and escapes honoured,
 * `-o "ProxyCommand=ssh -W %h:%p jump"` is two words — and nothing is ever executed or expanded:
 * variables stay literal, and shell operators (; | && > …) are refused.
 */
import { parse } from "shell-quote";

export function splitWords(text: string): { words: string[] } | { error: string } {
  // A function for env makes `$X` come back literally instead of being looked up.
  const tokens = parse(text, (name) => `$${name}`);
  const words: string[] = [];
  for (const t of tokens) {
    if (typeof t === "string") words.push(t);
    else if ("op" in t && t.op === "glob") words.push(t.pattern);
    else return { error: `a shell operator (${"op" in t ? t.op : "comment"}) is not allowed here` };
  }
  return { words };
}
