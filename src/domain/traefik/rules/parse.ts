/**
 * Pure: Traefik's rule language read as Traefik reads it. Traefik hands a rule to
 * vulcand/predicate, which parses it as a Go expression (go/parser.ParseExpr) and accepts only
 * calls of known matchers with string literal arguments, joined by `&&`, `||`, `!` and
 * parentheses. Strings are Go literals: raw (`…`, no escapes) or interpreted ("…", Go escapes).
 * Matcher names match as written, all lower case, all upper case, or capitalised (rules.NewParser).
 */

export type RuleNode =
  | { op: "and"; left: RuleNode; right: RuleNode }
  | { op: "or"; left: RuleNode; right: RuleNode }
  | { op: "not"; operand: RuleNode }
  | { op: "call"; name: string; args: string[]; at: number };

export class RuleSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the rule. */
    readonly at: number,
  ) {
    super(message);
  }
}

type Token =
  | { kind: "ident"; text: string; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "punct"; text: "(" | ")" | "," | "&&" | "||" | "!"; at: number }
  | { kind: "end"; at: number };

export function parseRule(rule: string): RuleNode {
  const tokens = tokenize(rule);
  let i = 0;
  const peek = () => tokens[i]!;
  const next = () => tokens[i++]!;
  const expect = (text: string) => {
    const t = next();
    if (t.kind !== "punct" || t.text !== text)
      throw new RuleSyntaxError(`expected '${text}', found ${describe(t)}`, t.at);
  };
  const isPunct = (t: Token, text: string) => t.kind === "punct" && t.text === text;

  // `||` binds looser than `&&`, as in Go; both associate to the left.
  const binary = (op: "or" | "and", token: "||" | "&&", operand: () => RuleNode) => (): RuleNode => {
    let left = operand();
    while (isPunct(peek(), token)) {
      next();
      left = { op, left, right: operand() };
    }
    return left;
  };
  const and = binary("and", "&&", () => unary());
  const or = binary("or", "||", and);
  const unary = (): RuleNode => {
    if (isPunct(peek(), "!")) {
      next();
      return { op: "not", operand: unary() };
    }
    return primary();
  };
  const primary = (): RuleNode => {
    const t = next();
    if (isPunct(t, "(")) {
      const inner = or();
      expect(")");
      return inner;
    }
    if (t.kind === "string")
      throw new RuleSyntaxError(`a string must be an argument of a matcher (${describe(t)})`, t.at);
    if (t.kind !== "ident") throw new RuleSyntaxError(`expected a matcher, found ${describe(t)}`, t.at);
    if (!isPunct(peek(), "(")) throw new RuleSyntaxError(`${t.text} is not defined`, t.at);
    next();
    const args: string[] = [];
    while (!isPunct(peek(), ")")) {
      const a = next();
      if (a.kind === "ident") throw new RuleSyntaxError(`${a.text} is not defined`, a.at);
      if (a.kind !== "string")
        throw new RuleSyntaxError(`expected a string argument to ${t.text}, found ${describe(a)}`, a.at);
      args.push(a.value);
      if (isPunct(peek(), ",")) next();
      else if (!isPunct(peek(), ")"))
        throw new RuleSyntaxError(`expected ',' or ')', found ${describe(peek())}`, peek().at);
    }
    next();
    return { op: "call", name: t.text, args, at: t.at };
  };

  if (peek().kind === "end") throw new RuleSyntaxError("the rule is empty", 0);
  const tree = or();
  if (peek().kind !== "end") throw new RuleSyntaxError(`unexpected ${describe(peek())}`, peek().at);
  return tree;
}

function describe(t: Token): string {
  if (t.kind === "end") return "the end of the rule";
  if (t.kind === "string") return `the string ${JSON.stringify(t.value)}`;
  return `'${t.text}'`;
}

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i]!;
    const code = rule.charCodeAt(i);
    // Go's whitespace between tokens: space, tab, newline, carriage return.
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      i++;
      continue;
    }
    const at = i;
    if (isLetter(code)) {
      let j = i + 1;
      while (j < rule.length && (isLetter(rule.charCodeAt(j)) || isDigit(rule.charCodeAt(j)))) j++;
      tokens.push({ kind: "ident", text: rule.slice(i, j), at });
      i = j;
      continue;
    }
    if (c === "`") {
      const end = rule.indexOf("`", i + 1);
      if (end === -1) throw new RuleSyntaxError("raw string literal not terminated", at);
      tokens.push({ kind: "string", value: rule.slice(i + 1, end).replace(/\r/g, ""), at });
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const { value, end } = interpreted(rule, i);
      tokens.push({ kind: "string", value, at });
      i = end;
      continue;
    }
    const two = rule.slice(i, i + 2);
    if (two === "&&" || two === "||") {
      tokens.push({ kind: "punct", text: two, at });
      i += 2;
      continue;
    }
    if (c === "(" || c === ")" || c === "," || c === "!") {
      tokens.push({ kind: "punct", text: c, at });
      i++;
      continue;
    }
    throw new RuleSyntaxError(`unexpected '${c}'`, at);
  }
  tokens.push({ kind: "end", at: rule.length });
  return tokens;
}

/** A Go interpreted string literal from `start` (its opening quote): its value and the offset after it. */
function interpreted(rule: string, start: number): { value: string; end: number } {
  let out = "";
  let i = start + 1;
  while (i < rule.length) {
    const c = rule[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c === "\n") break;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const e = rule[i + 1];
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      '"': '"',
    };
    if (e !== undefined && e in simple) {
      out += simple[e];
      i += 2;
      continue;
    }
    const hex = (len: number) => {
      const digits = rule.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits))
        throw new RuleSyntaxError("invalid escape in string literal", i);
      return parseInt(digits, 16);
    };
    if (e === "x") {
      out += String.fromCharCode(hex(2));
      i += 4;
    } else if (e === "u") {
      out += String.fromCodePoint(hex(4));
      i += 6;
    } else if (e === "U") {
      out += String.fromCodePoint(hex(8));
      i += 10;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const digits = rule.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits)) throw new RuleSyntaxError("invalid octal escape in string literal", i);
      out += String.fromCharCode(parseInt(digits, 8));
      i += 4;
    } else throw new RuleSyntaxError("unknown escape sequence in string literal", i);
  }
  throw new RuleSyntaxError("string literal not terminated", start);
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
