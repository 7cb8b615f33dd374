#!/usr/bin/env bash
# Regenerate what phoenix-mesh knows of the pinned Traefik (tools/traefik/go.mod) from Traefik's
# own Go code: the description of its dynamic configuration types, its muxers' verdicts on the
# rules of its own tests, and Go's regexp verdicts on the patterns of
# tools/traefik/regexp-verdicts/patterns.json (what Traefik's *Regexp matchers compile with). Run after bumping the pin; test/traefik/generated.test.ts fails
# while the committed files differ from what this prints.
#
#   scripts/traefik-types.sh            # rewrite the three files
#   scripts/traefik-types.sh --print D  # write them into folder D instead (the drift test)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null 2>&1 || { echo "traefik-types: Go is not installed" >&2; exit 3; }
types="$here/src/generated/traefik-dynamic-types.ts"
verdicts="$here/test/traefik/fixtures/rule-verdicts.json"
regexps="$here/test/traefik/fixtures/go-regexp-errors.json"
if [ "${1:-}" = "--print" ]; then
  types="$2/traefik-dynamic-types.ts"
  verdicts="$2/rule-verdicts.json"
  regexps="$2/go-regexp-errors.json"
fi
cd "$here/tools/traefik"
echo "traefik-types: describing Traefik's dynamic configuration types…" >&2
go run ./dynamic-types > "$types.tmp" && mv "$types.tmp" "$types"
echo "traefik-types: asking Traefik's muxers about the rules of its own tests…" >&2
go run ./rule-verdicts "$(go list -m -f '{{.Dir}}' github.com/traefik/traefik/v3)" > "$verdicts.tmp" && mv "$verdicts.tmp" "$verdicts"
echo "traefik-types: asking Go's regexp package about the patterns of regexp-verdicts/patterns.json and 3,000 made up…" >&2
go run ./regexp-verdicts -random 3000 < regexp-verdicts/patterns.json > "$regexps.tmp" && mv "$regexps.tmp" "$regexps"
