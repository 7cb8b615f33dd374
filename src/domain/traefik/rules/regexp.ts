/**
 * Pure: is a pattern a valid Go regular expression (RE2 syntax, as Traefik compiles it with
 * regexp.Compile), and if not, what does Go say? The answer is Go's own words, `code: \`expr\``
 * (regexp/syntax's error codes), so check's message is the one Traefik logs. JavaScript's engine
 * (with its u flag) stands in after one pass over the pattern that applies what RE2 decides on its
 * own and translates RE2's spellings JavaScript lacks:
 *  - refused first, as Go's regexp/syntax refuses them: lookaround, backreferences (`\1`; `\12`
 *    is an octal escape), escapes RE2 does not know (`\q`, `\Z`, `\é`), repeat counts above 1,000
 *    (`a{1001}`), invalid capture names, unknown POSIX and Unicode classes, a range ending in a
 *    class (`[a-\d]`);
 *  - translated: named groups → plain groups (Go allows names JavaScript does not: `(?P<1a>`,
 *    the same name twice); a leading flag group (`(?i)`) → flags; other flag groups dropped
 *    (`(?i:` → `(?:`); `\Q…\E` → the quoted text, escaped; `\x{41}`, octal `\101` → `\u{41}`;
 *    `\pL` → `\p{L}`, a script → `\p{Script=Greek}`; POSIX classes in brackets → a letter; `\A`,
 *    `\z` → `^`, `$`, and every anchor in a group (`(?:^)`: RE2 lets `^*` or `\b+` repeat an
 *    anchor, JavaScript only a group); a `]` or `}` outside brackets → escaped; escaped punctuation
 *    JavaScript does not escape (`\-`, `\#`) → itself.
 * Checked against Go's own regexp/syntax test cases (test/traefik/fixtures/go-regexps.json) and
 * against what Go's regexp.Compile says of each pattern of test/traefik/fixtures/go-regexp-errors.json
 * (tools/traefik/regexp-verdicts): the hand-written ones verdict and words, 3,000 made up of RE2's
 * pieces the verdict (where a pattern has several faults, Go names the first it reads, and this
 * may name another: 87% of the made-up refusals get Go's exact words). Not judged: RE2's limits on
 * a pattern's total size and nesting (docs/check.md); `check --traefik` uses Go's own.
 */

/** RE2's largest repeat count (regexp/syntax: maxRepeat). */
const MAX_REPEAT = 1000;
/** Letters RE2 reads after a backslash: C escapes, \x, Perl classes, anchors, Unicode classes, \Q. */
const RE2_LETTER_ESCAPES = new Set("aftnrvxdDsSwWbBAzpPQ");
/** RE2's POSIX classes ([[:alpha:]]): regexp/syntax perl_groups.go, posixGroup. */
const POSIX = new Set([
  "alnum",
  "alpha",
  "ascii",
  "blank",
  "cntrl",
  "digit",
  "graph",
  "lower",
  "print",
  "punct",
  "space",
  "upper",
  "word",
  "xdigit",
]);
/** Characters JavaScript's u flag lets a backslash escape outside brackets. */
const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/");

type Result = { source: string } | { problem: string };
const problem = (code: string, expr: string): { problem: string } => ({ problem: `${code}: \`${expr}\`` });

export function re2Problem(pattern: string): string | undefined {
  const translated = translate(pattern);
  if ("problem" in translated) return translated.problem;
  let source = translated.source;
  let flags = "u";
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading !== null) {
    source = source.slice(leading[0].length);
    for (const f of leading[1]!) if (f === "i" || f === "m" || f === "s") flags += f;
  }
  // Inline flag groups elsewhere ((?i:…)) are RE2 syntax JavaScript may not have: not judged.
  source = source.replace(/\(\?[imsU-]+:/g, "(?:").replace(/\(\?[imsU-]+\)/g, "");
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (error) {
    return goWords((error as Error).message, pattern);
  }
}

/** JavaScript's reason, said as Go's regexp/syntax says it. */
function goWords(message: string, pattern: string): string {
  const reason = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
  if (reason === "Unterminated group") return problem("missing closing )", pattern).problem;
  if (reason === "Unterminated character class") return problem("missing closing ]", pattern).problem;
  if (reason === "Unmatched ')'") return problem("unexpected )", pattern).problem;
  if (reason === "Nothing to repeat") return repetitionProblem(pattern);
  if (reason === "Range out of order in character class") {
    const range = /([^\\[\]])-([^\\[\]])/g;
    for (const m of pattern.matchAll(range))
      if (m[1]!.codePointAt(0)! > m[2]!.codePointAt(0)!)
        return problem("invalid character class range", m[0]).problem;
    return problem("invalid character class range", pattern).problem;
  }
  if (reason === "numbers out of order in {} quantifier") {
    const bad = [...pattern.matchAll(/\{(\d+),(\d+)\}/g)].find((m) => Number(m[1]) > Number(m[2]));
    return problem("invalid repeat count", bad?.[0] ?? pattern).problem;
  }
  if (reason === "Invalid group") {
    const at = pattern.indexOf("(?");
    return problem("invalid or unsupported Perl syntax", pattern.slice(at, at + 3)).problem;
  }
  if (/escape/i.test(reason)) return problem("invalid escape sequence", pattern).problem;
  return `${reason}: \`${pattern}\``;
}

/**
 * A repetition operator with nothing to repeat, as Go names it: at the start, after `(` or `|`
 * it is missing its argument; after another operator it is nested (`a**`, `x{2}*`).
 */
function repetitionProblem(pattern: string): string {
  const op = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/;
  let previous: string | undefined; // the operator just read, if the last thing read was one
  let atStart = true;
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    const rest = pattern.slice(i);
    const m = "*+?{".includes(c) ? op.exec(rest) : null;
    if (m !== null) {
      const text = m[0];
      // Go quotes the operator with its lazy "?" (`+?`), as it read both.
      if (atStart) return problem("missing argument to repetition operator", text).problem;
      if (previous !== undefined)
        return problem("invalid nested repetition operator", previous + text).problem;
      previous = text;
      i += text.length;
      continue;
    }
    if (rest.startsWith("\\Q")) {
      // Quoted text: literal characters, or nothing at all (then what came before still counts).
      const end = rest.indexOf("\\E");
      const quoted = end < 0 ? rest.slice(2) : rest.slice(2, end);
      if (quoted !== "") {
        previous = undefined;
        atStart = false;
      }
      i += end < 0 ? rest.length : end + 2;
      continue;
    }
    // A flags-only group ((?i)) sets flags and leaves nothing to repeat: what was true before stays.
    const flagsOnly = /^\(\?[imsU-]*\)/.exec(rest);
    if (flagsOnly !== null) {
      previous = undefined;
      i += flagsOnly[0].length;
      continue;
    }
    previous = undefined;
    atStart = c === "(" || c === "|";
    if (c === "\\") i += 2;
    else if (c === "[") {
      const close = /^\[\^?\]?(?:\\.|\[:[^\]]*:\]|[^\]])*\]/.exec(rest);
      i += close === null ? rest.length : close[0].length;
    } else if (c === "(" && pattern[i + 1] === "?") {
      const group = /^\(\?(?:P?<[^>]*>|[imsU-]*:?)/.exec(rest);
      i += group === null ? 2 : group[0].length;
    } else i++;
  }
  return problem("missing argument to repetition operator", pattern).problem;
}

/**
 * One pass over the pattern, outside and inside brackets: RE2's own refusals, and its escapes
 * spelled as JavaScript spells them.
 */
function translate(pattern: string): Result {
  let out = "";
  let inClass = false;
  let classStart = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const escaped = escape(pattern, i, inClass);
      if ("problem" in escaped) return escaped;
      const isClass = "dDsSwWpP".includes(pattern[i + 1]!);
      out += escaped.source;
      i += escaped.length - 1;
      // After a class in brackets ([\d-z]) RE2 reads "-" as itself; JavaScript's u flag refuses it.
      if (inClass && isClass && pattern[i + 1] === "-") {
        out += "\\-";
        i++;
      }
      continue;
    }
    if (inClass) {
      // A POSIX class ([:alpha:]) inside brackets: a known one stands in as a letter.
      const posix = /^\[:(\^?)([a-z]*):\]/.exec(pattern.slice(i));
      if (posix !== null) {
        if (!POSIX.has(posix[2]!)) return problem("invalid character class range", posix[0]);
        out += "a";
        i += posix[0].length - 1;
        continue;
      }
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      classStart = i;
      out += c;
      // "]" or "^]" right after "[" is a literal "]".
      const start = /^\^?\]/.exec(pattern.slice(i + 1));
      if (start !== null) {
        out += start[0].replace("]", "\\]");
        i += start[0].length;
      }
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const group = groupOpening(pattern, i);
      if ("problem" in group) return group;
      out += group.source;
      i += group.length - 1;
      continue;
    }
    if (c === "{") {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat !== null && (Number(repeat[1]) > MAX_REPEAT || Number(repeat[2] ?? 0) > MAX_REPEAT))
        return problem("invalid repeat count", repeat[0]);
      // A brace that opens no repeat count is a literal to RE2 (`{sub}`, `a{,2}`); JavaScript's u
      // flag wants it escaped. So does the brace that closes it.
      if (repeat === null) {
        out += "\\{";
        const literal = /^\{[^{}]*\}/.exec(pattern.slice(i));
        if (literal !== null) {
          out += `${literal[0].slice(1, -1)}\\}`;
          i += literal[0].length - 1;
        }
        continue;
      }
      out += repeat[0];
      i += repeat[0].length - 1;
      continue;
    }
    // RE2 reads a "]" or "}" outside brackets as itself; JavaScript's u flag wants it escaped.
    if (c === "]" || c === "}") {
      out += `\\${c}`;
      continue;
    }
    // RE2 lets an anchor be repeated (`^*`, `$?`, `\b+`); JavaScript's u flag only a group.
    if (c === "^" || c === "$") {
      out += `(?:${c})`;
      continue;
    }
    out += c;
  }
  // Go quotes an unclosed class from its "[" to the end.
  if (inClass) return problem("missing closing ]", pattern.slice(classStart));
  return { source: out };
}

/** `(?` at `i`: a named group (→ a plain group), a flag group (kept), or what RE2 refuses. */
function groupOpening(pattern: string, i: number): { source: string; length: number } | { problem: string } {
  const rest = pattern.slice(i);
  if (rest.startsWith("(?=") || rest.startsWith("(?!"))
    return problem("invalid or unsupported Perl syntax", rest.slice(0, 3));
  const named = /^\(\?P?<([^>]*)>/.exec(rest);
  if (named !== null) {
    if (!/^[A-Za-z0-9_]+$/.test(named[1]!)) return problem("invalid named capture", named[0]);
    return { source: "(", length: named[0].length };
  }
  // (?<=…), (?<!…) with no ">" after them: Go reads a name that never ends (the rest of the pattern).
  if (rest.startsWith("(?<")) return problem("invalid named capture", rest);
  if (rest.startsWith("(?P")) return problem("invalid or unsupported Perl syntax", "(?P");
  const flags = /^\(\?[imsU-]*[:)]/.exec(rest);
  if (flags === null) return problem("invalid or unsupported Perl syntax", rest.slice(0, 3));
  return { source: flags[0], length: flags[0].length };
}

/** The escape at `i` (a backslash), as JavaScript with its u flag spells it, or RE2's refusal. */
function escape(
  pattern: string,
  i: number,
  inClass: boolean,
): { source: string; length: number } | { problem: string } {
  const next = pattern[i + 1];
  if (next === undefined) return problem("trailing backslash at end of expression", "");
  // Inside brackets RE2 reads no anchors and no quoting (\b is not a backspace there).
  if (inClass && "bBAzQ".includes(next)) return problem("invalid escape sequence", `\\${next}`);
  // A range may not end in a class: [a-\d].
  if (inClass && "dDsSwWpP".includes(next) && pattern[i - 1] === "-" && !/\[\^?-$/.test(pattern.slice(0, i)))
    return problem("invalid escape sequence", `\\${next}`);
  if (next === "Q") {
    // Everything up to \E (or the end) is literal text.
    const end = pattern.indexOf("\\E", i + 2);
    const quoted = pattern.slice(i + 2, end < 0 ? undefined : end);
    return {
      // Escaped as JavaScript's u flag allows outside brackets ("-" only inside them; RE2
      // refuses \Q in brackets anyway).
      source: quoted.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"),
      length: (end < 0 ? pattern.length : end + 2) - i,
    };
  }
  if (/[0-7]/.test(next)) {
    // \0 and \1…\7 followed by another octal digit: an octal code of up to three digits.
    // A single \1…\7 (or \8, \9) is a backreference, which RE2 does not have.
    const octal = /^[0-7]{1,3}/.exec(pattern.slice(i + 1))![0];
    if (next !== "0" && octal.length === 1) return problem("invalid escape sequence", `\\${next}`);
    return { source: `\\u{${parseInt(octal, 8).toString(16)}}`, length: octal.length + 1 };
  }
  if (next === "8" || next === "9") return problem("invalid escape sequence", `\\${next}`);
  if (next === "x") {
    if (pattern[i + 2] === "{") {
      const close = pattern.indexOf("}", i + 3);
      const hex = pattern.slice(i + 3, close < 0 ? undefined : close);
      if (close < 0 || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff)
        // Go's expression ends where it stopped reading: at the brace of \x{}, before it otherwise.
        return problem(
          "invalid escape sequence",
          pattern.slice(i, close < 0 ? undefined : hex === "" ? close + 1 : close),
        );
      return { source: `\\u{${hex}}`, length: close - i + 1 };
    }
    const two = pattern.slice(i + 2, i + 4);
    if (!/^[0-9a-fA-F]{2}$/.test(two)) return problem("invalid escape sequence", pattern.slice(i, i + 4));
    return { source: `\\x${two}`, length: 4 };
  }
  if (next === "p" || next === "P") return unicodeClass(pattern, i);
  if (/[A-Za-z]/.test(next) && !RE2_LETTER_ESCAPES.has(next))
    return problem("invalid escape sequence", `\\${next}`);
  if (next.charCodeAt(0) > 0x7f) return problem("invalid escape sequence", `\\${next}`);
  // RE2's \a (bell) is no JavaScript escape.
  if (next === "a") return { source: "\\x07", length: 2 };
  // RE2's \A and \z (start and end of text) are JavaScript's ^ and $ without the m flag.
  // In a group, as ^ and $ are (translate), so that a repetition of them reads as in RE2.
  if (next === "A" && !inClass) return { source: "(?:^)", length: 2 };
  if (next === "z" && !inClass) return { source: "(?:$)", length: 2 };
  if ((next === "b" || next === "B") && !inClass) return { source: `(?:\\${next})`, length: 2 };
  if (/[A-Za-z]/.test(next)) return { source: `\\${next}`, length: 2 };
  // Punctuation: RE2 lets a backslash escape any; JavaScript's u flag only its own syntax
  // characters (and "-" in brackets). The others stand for themselves.
  if (JS_SYNTAX.has(next) || (inClass && next === "-")) return { source: `\\${next}`, length: 2 };
  return { source: next === " " ? " " : next, length: 2 };
}

/**
 * \pL, \p{Greek}, \p{^Greek}, \PN: a Unicode class RE2 knows (a general category, a script, Any)
 * as JavaScript spells it, or Go's refusal. JavaScript's own tables decide which names exist.
 */
function unicodeClass(pattern: string, i: number): { source: string; length: number } | { problem: string } {
  const negated = pattern[i + 1] === "P";
  const braced = pattern[i + 2] === "{";
  const close = braced ? pattern.indexOf("}", i + 3) : i + 2;
  if (close < 0 || pattern[i + 2] === undefined)
    return problem("invalid character class range", pattern.slice(i));
  const expr = pattern.slice(i, close + 1);
  let name = braced ? pattern.slice(i + 3, close) : pattern[i + 2]!;
  let not = negated;
  if (name.startsWith("^")) {
    name = name.slice(1);
    not = !not;
  }
  const p = not ? "P" : "p";
  for (const spelled of spellings(name)) {
    if (/[^A-Za-z0-9_=]/.test(spelled)) continue;
    try {
      new RegExp(`\\${p}{${spelled}}`, "u");
      return { source: `\\${p}{${spelled}}`, length: close + 1 - i };
    } catch {
      // not this spelling
    }
  }
  return problem("invalid character class range", expr);
}

/** Unicode's general categories, by their long names (JavaScript takes these and the short ones). */
const CATEGORIES = [
  "Letter",
  "Cased_Letter",
  "Uppercase_Letter",
  "Lowercase_Letter",
  "Titlecase_Letter",
  "Modifier_Letter",
  "Other_Letter",
  "Mark",
  "Nonspacing_Mark",
  "Spacing_Mark",
  "Enclosing_Mark",
  "Number",
  "Decimal_Number",
  "Letter_Number",
  "Other_Number",
  "Punctuation",
  "Connector_Punctuation",
  "Dash_Punctuation",
  "Open_Punctuation",
  "Close_Punctuation",
  "Initial_Punctuation",
  "Final_Punctuation",
  "Other_Punctuation",
  "Symbol",
  "Math_Symbol",
  "Currency_Symbol",
  "Modifier_Symbol",
  "Other_Symbol",
  "Separator",
  "Space_Separator",
  "Line_Separator",
  "Paragraph_Separator",
  "Other",
  "Control",
  "Format",
  "Surrogate",
  "Private_Use",
  "Unassigned",
];

/**
 * The JavaScript spellings to try for an RE2 class name, as Go's regexp/syntax (unicodeTable)
 * finds it: Any, Assigned, ASCII; a general category by its short or long name; a script. Go
 * (1.25 on) first makes the name canonical (canonicalName: the first letter upper case, the rest
 * lower, no underscores, hyphens or spaces), so `\p{upper case-letter}` is Lu and `\p{greek}` is
 * Greek, and a script whose name has two words (Old_Italic) is not found at all.
 */
function spellings(name: string): string[] {
  const key = name.replace(/[_\- ]/g, "").toLowerCase();
  if (key === "") return [];
  const goCanonical = key[0]!.toUpperCase() + key.slice(1);
  const special: Record<string, string> = { any: "Any", assigned: "Assigned", ascii: "ASCII", lc: "LC" };
  const category = CATEGORIES.find((c) => c.replace(/_/g, "").toLowerCase() === key);
  return [
    ...(special[key] === undefined ? [] : [special[key]]),
    ...(category === undefined ? [] : [category]),
    ...(key.length <= 2 ? [goCanonical] : []),
    `Script=${goCanonical}`,
  ];
}
