#!/bin/sh
":" //; case "$1" in render|propose|diff) exec node --max-semi-space-size=4 "$0" "$@";; esac; exec node "$0" "$@"
// Launcher for the bundled CLI in dist/. The two lines above are both shell and JavaScript: sh
// runs the second one (`:` does nothing, then exec starts node on this same file with Node's
// flags), and node reads it as a string followed by a comment. So any POSIX sh runs it, with no
// `env -S` (BusyBox's env has none), and the flag reaches V8 before its heap is made:
//  - for the commands that read whole inventories (render, propose, diff), a young generation of
//    at most 4 MiB keeps a 10,000-guest render at ~131 MiB peak instead of ~153 MiB (same wall
//    time). The others are latency-bound: the smaller young generation costs a 2,000-route
//    deploy ~10% more time in scavenges, for no memory it needs.
//  - on Node 22.1 and later, V8's compile cache (in the OS temp folder) spares later runs the
//    compilation of the bundle.
import module from "node:module";

module.enableCompileCache?.();
const { runCli } = await import("../dist/cli.js");
await runCli();
