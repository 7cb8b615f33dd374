/**
 * Pure: is a pattern a valid Go regular expression (RE2 syntax, as Traefik compiles it with
 * regexp.Compile)? JavaScript's engine stands in, after one pass over the pattern that applies
 * what RE2 decides on its own and translates RE2's spellings JavaScript lacks:
 *  - refused first, as Go's regexp/syntax refuses them: lookaround, backreferences (`\1`; `\12`
 *    is an octal escape), escapes of letters RE2 does not know (`\q`, `\e`, `\Z`), and repeat
 *    counts above 1,000 (`a{1001}`);
 *  - translated: `(?P<name>` → `(?<name>`; a leading flag group (`(?i)`) → flags; other flag
 *    groups dropped (`(?i:` → `(?:`, JavaScript may not have them); `\Q…\E` → the quoted text,
 *    escaped; `\x{41}` → `\u{41}`; `\pL` → `\p{L}`; octal `\101` → `\u{41}`; POSIX classes in brackets
 *    (`[[:alpha:]]`) → a letter; `\A`, `\z` → `^`, `$`.
 * Checked against the cases of Go's own regexp/syntax tests (test/traefik/fixtures/go-regexps.json).
 * A few patterns it still cannot judge alike (the limits on a pattern's total size and nesting)
 * are documented in docs/check.md. `check --traefik` uses Go's own.
 */

/** RE2's largest repeat count (regexp/syntax: maxRepeat). */
const MAX_REPEAT = 1000;
/** Letters RE2 reads after a backslash: C escapes, \x, Perl classes, anchors, Unicode classes, \Q. */
const RE2_LETTER_ESCAPES = new Set("aftnrvxdDsSwWbBAzpPQ");

export function re2Problem(pattern: string): string | undefined {
  if (/\(\?(=|!|<=|<!)/.test(pattern)) return "invalid or unsupported Perl syntax: lookaround";
  const translated = translate(pattern);
  if ("problem" in translated) return translated.problem;
  let source = translated.source.replace(/\(\?P</g, "(?<");
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
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (error) {
    // With the u flag JavaScript refuses identity escapes RE2 allows (\-, \/ …) only for letters,
    // which translate has already judged.
    try {
      new RegExp(source);
      return undefined;
    } catch {
      return (error as Error).message.replace(/^Invalid regular expression: /, "");
    }
  }
}

/**
 * One pass over the pattern, outside and inside brackets: RE2's own refusals, and its escapes
 * spelled as JavaScript spells them.
 */
function translate(pattern: string): { source: string } | { problem: string } {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) return { problem: "trailing backslash at end of expression" };
      // Inside brackets RE2 reads no anchors and no quoting (\b is not a backspace there).
      if (inClass && "bBAzQ".includes(next)) return { problem: `invalid escape sequence: \\${next}` };
      if (next === "Q") {
        // Everything up to \E (or the end) is literal text.
        const end = pattern.indexOf("\\E", i + 2);
        const quoted = pattern.slice(i + 2, end < 0 ? undefined : end);
        out += quoted.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (/[0-7]/.test(next)) {
        // \0 and \1…\7 followed by another octal digit: an octal code of up to three digits.
        // A single \1…\7 (or \8, \9) is a backreference, which RE2 does not have.
        const octal = /^[0-7]{1,3}/.exec(pattern.slice(i + 1))![0];
        if (next !== "0" && octal.length === 1)
          return { problem: "invalid escape sequence: backreferences are not supported" };
        out += `\\u{${parseInt(octal, 8).toString(16)}}`;
        i += octal.length;
        continue;
      }
      if (next === "8" || next === "9")
        return { problem: "invalid escape sequence: backreferences are not supported" };
      if (next === "x" && pattern[i + 2] === "{") {
        const close = pattern.indexOf("}", i + 3);
        if (close < 0) return { problem: `invalid escape sequence: ${pattern.slice(i)}` };
        out += `\\u{${pattern.slice(i + 3, close)}}`;
        i = close;
        continue;
      }
      if ((next === "p" || next === "P") && pattern[i + 2] !== "{" && pattern[i + 2] !== undefined) {
        // RE2's one-letter Unicode class (\pL) is JavaScript's \p{L}.
        out += `\\${next}{${pattern[i + 2]}}`;
        i += 2;
        continue;
      }
      if (/[A-Za-z]/.test(next) && !RE2_LETTER_ESCAPES.has(next))
        return { problem: `invalid escape sequence: \\${next}` };
      // RE2's \A and \z (start and end of text) are JavaScript's ^ and $ without the m flag.
      if (next === "A" && !inClass) out += "^";
      else if (next === "z" && !inClass) out += "$";
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      // A POSIX class ([:alpha:]) inside brackets is copied whole: its "]" does not close.
      const posix = /^\[:\^?[a-z]+:\]/.exec(pattern.slice(i));
      if (posix !== null) {
        out += posix[0];
        i += posix[0].length - 1;
        continue;
      }
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // "]" or "^]" right after "[" is a literal "]".
      const start = /^\^?\]/.exec(pattern.slice(i + 1));
      if (start !== null) {
        out += start[0].replace("]", "\\]");
        i += start[0].length;
      }
      continue;
    }
    if (c === "{") {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat !== null && (Number(repeat[1]) > MAX_REPEAT || Number(repeat[2] ?? 0) > MAX_REPEAT))
        return { problem: `invalid repeat count: ${repeat[0]}` };
    }
    out += c;
  }
  return { source: out };
}
