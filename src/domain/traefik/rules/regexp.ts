/**
 * Pure: is a pattern a valid Go regular expression (RE2 syntax, as Traefik compiles it)? JavaScript's
 * engine stands in, after RE2's own spellings are translated (`(?P<name>`, leading flag groups
 * such as `(?i)`), and the Perl features RE2 refuses are refused first: lookaround and
 * backreferences. This approximates Go's regexp package; a few patterns it cannot judge alike
 * (Unicode classes such as \pN spelled without braces, POSIX classes outside brackets) are
 * documented in docs/check.md. `check --traefik` uses Go's own.
 */
export function re2Problem(pattern: string): string | undefined {
  if (/\(\?(=|!|<=|<!)/.test(pattern)) return "invalid or unsupported Perl syntax: lookaround";
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern))
    return "invalid escape sequence: backreferences are not supported";
  let source = pattern.replace(/\(\?P</g, "(?<");
  let flags = "u";
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading !== null) {
    source = source.slice(leading[0].length);
    for (const f of leading[1]!) if (f === "i" || f === "m" || f === "s") flags += f;
  }
  // Inline flag groups elsewhere ((?i:…)) are RE2 syntax JavaScript may not have: not judged.
  source = source.replace(/\(\?[imsU-]+:/g, "(?:").replace(/\(\?[imsU-]+\)/g, "");
  // POSIX classes inside brackets ([[:alpha:]]) are RE2; JavaScript has none: stand in a letter.
  source = source.replace(/\[:\^?[a-z]+:\]/g, "a");
  // RE2's \z (end of text) and \A; JavaScript spells them $ and ^ (without the m flag).
  source = source.replace(/\\z/g, "$").replace(/\\A/g, "^");
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (error) {
    // With the u flag JavaScript refuses identity escapes RE2 allows (\-, \/ …) only for letters.
    try {
      new RegExp(source);
      return undefined;
    } catch {
      return (error as Error).message.replace(/^Invalid regular expression: /, "");
    }
  }
}
