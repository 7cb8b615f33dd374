#!/usr/bin/env bash
# Build the pinned Traefik (tools/traefik/go.mod) from the Go module proxy into a
# cache folder outside git, once; later runs reuse the binary.
#
#   scripts/build-traefik.sh            # prints the binary's path on stdout
#   PHOENIX_MESH_CACHE=/some/dir scripts/build-traefik.sh
#
# Progress goes to stderr; only the path goes to stdout, so callers can do
#   TRAEFIK_BIN=$(scripts/build-traefik.sh)
# The first build downloads ~400 modules and compiles for several minutes on
# two cores. Release binaries are never downloaded: only the module proxy is used.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mod="$here/tools/traefik"
version=$(awk '$1 == "github.com/traefik/traefik/v3" { print $2; exit }' "$mod/go.mod")
[ -n "$version" ] || { echo "build-traefik: no traefik version pinned in $mod/go.mod" >&2; exit 2; }

cache=${PHOENIX_MESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/phoenix-mesh}
# The key includes go.sum's digest so a change of pin or dependency rebuilds.
key=$(cat "$mod/go.mod" "$mod/go.sum" | sha256sum | cut -c1-12)
bin="$cache/traefik-$version-$key"

if [ -x "$bin" ]; then
  echo "build-traefik: using cached $bin" >&2
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null 2>&1 || { echo "build-traefik: Go is not installed (need Go >= 1.25 on PATH or in /usr/local/go)" >&2; exit 3; }

mkdir -p "$cache"
echo "build-traefik: building Traefik $version with $(go version | cut -d' ' -f3) (first build takes minutes)…" >&2
start=$(date +%s)
cd "$mod"
echo "build-traefik: downloading modules…" >&2
go mod download -x 2>&1 | awk '/^# get .*200/ { n++; if (n % 50 == 0) printf "build-traefik:   %d modules fetched\n", n > "/dev/stderr" }' || true
echo "build-traefik: compiling…" >&2
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# -trimpath for reproducible paths; version stamped so /api/version reports it
# (doctor reads it to decide what SIGHUP does).
go build -trimpath \
  -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$version -X github.com/traefik/traefik/v3/pkg/version.Codename=phoenix-mesh-test" \
  -o "$tmp" github.com/traefik/traefik/v3/cmd/traefik
mv -f "$tmp" "$bin"
trap - EXIT
echo "build-traefik: built in $(( $(date +%s) - start ))s: $bin" >&2
echo "$bin"
