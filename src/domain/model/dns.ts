/**
 * DNS names as Traefik Host rules and certificates need them. Everything a name can carry into the
 * YAML or the rule (quotes, backticks, `||`, spaces, newlines) is outside this alphabet, so a name
 * that passes here cannot break out of its YAML key or widen a Host rule.
 */
const LABEL_PATTERN = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const LABEL = new RegExp(`^${LABEL_PATTERN}$`, "i");
/**
 * A whole valid name in one test (labels as LABEL, at most 253 characters): the common case,
 * without the split and the per-label tests that word a problem (22,000 names at 10,000 guests).
 */
const VALID_NAME = new RegExp(`^(?=[a-z0-9.-]{1,253}$)${LABEL_PATTERN}(?:\\.${LABEL_PATTERN})*$`, "i");

export type NameProblem = {
  kind: "empty" | "non-ascii" | "characters" | "label" | "too-long";
  detail: string;
};

/** Checks a service name or host: dot-separated DNS labels of letters, digits and hyphens. */
export function checkDnsName(name: string): NameProblem | undefined {
  if (VALID_NAME.test(name)) return undefined;
  if (name.length === 0) return { kind: "empty", detail: "it is empty" };
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(name)) {
    return {
      kind: "non-ascii",
      detail: "it contains non-ASCII characters; write internationalised names in punycode (xn--…)",
    };
  }
  const bad = name.match(/[^A-Za-z0-9.-]/);
  if (bad !== null) {
    return {
      kind: "characters",
      detail: `it contains ${describeChar(bad[0])}; only letters, digits, hyphens (and dots between labels) are allowed`,
    };
  }
  if (name.length > 253) return { kind: "too-long", detail: "it is longer than 253 characters" };
  for (const label of name.split(".")) {
    if (!LABEL.test(label)) {
      return {
        kind: "label",
        detail:
          label === ""
            ? "it has an empty label (two dots in a row, or a dot at the start or end)"
            : `the label "${label}" must start and end with a letter or digit and be at most 63 characters`,
      };
    }
  }
  return undefined;
}

function describeChar(ch: string): string {
  const names: Record<string, string> = {
    " ": "a space",
    "\n": "a line break",
    "\r": "a carriage return",
    "\t": "a tab",
    "`": "a backtick",
    '"': "a double quote",
    "'": "a single quote",
    "|": 'a "|"',
    ":": 'a ":"',
    _: "an underscore",
  };
  return names[ch] ?? `the character ${JSON.stringify(ch)}`;
}

/** Router/service identifier in Traefik: the lower-cased name with dots turned to hyphens. */
export function routeId(name: string): string {
  return name.toLowerCase().replace(/\./g, "-");
}

export function isInside(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
