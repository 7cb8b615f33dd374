// Command regexp-verdicts asks Go's regexp package (what Traefik compiles HostRegexp, PathRegexp,
// HeaderRegexp, QueryRegexp and HostSNIRegexp with) about each pattern of a JSON list on stdin,
// and prints each with Go's error, or null when it compiles. phoenix-mesh's RE2 check
// (src/domain/traefik/rules/regexp.ts) is tested against the output:
// test/traefik/fixtures/go-regexp-errors.json.
//
//	go run ./regexp-verdicts -random 3000 < regexp-verdicts/patterns.json   (scripts/traefik-types.sh runs it)
//
// After the hand-written patterns come -random patterns made of RE2's pieces (groups, flags,
// classes, escapes, repetitions, in any order) from a fixed seed: the same list on every run, and
// one that reaches corners nobody thought to write down.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"runtime"
	"strings"
)

// pieces are what random patterns are made of: each construct RE2 reads, and some it refuses.
var pieces = []string{
	"a", "b", "z", "0", "9", "é", ".", "^", "$", "|", "-", ":", "<", ">", "{", "}", ",",
	"(", ")", "(?:", "(?i)", "(?U)", "(?s)", "(?m)", "(?-i)", "(?i:", "(?z)", "(?P<n>", "(?<m>", "(?P<>",
	"(?=", "(?!", "(?<=", "(?P=n)",
	"[", "]", "[^", "[a-z]", "[z-a]", "[:alpha:]", "[[:digit:]]", "[[:foo:]]", "[]", "[^]",
	"*", "+", "?", "*?", "+?", "??", "{2}", "{2,}", "{1,3}", "{3,1}", "{,2}", "{1001}", "{1000,1001}",
	"\\", "\\d", "\\D", "\\w", "\\s", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\C", "\\q",
	"\\pL", "\\pX", "\\p{Greek}", "\\p{^L}", "\\P{Lu}", "\\p{Foo}", "\\pZ",
	"\\x41", "\\x4", "\\x{41}", "\\x{}", "\\x{110000}", "\\xG1", "\\u0041",
	"\\0", "\\1", "\\8", "\\101", "\\08", "\\a", "\\f", "\\t", "\\n", "\\r", "\\v",
	"\\-", "\\/", "\\.", "\\ ", "\\!", "\\é", "\\Q", "\\E", "\\Qa(\\E",
}

// randomPatterns gives n patterns of 1 to 8 pieces, the same n for the same seed.
func randomPatterns(n int, seed int64) []string {
	r := rand.New(rand.NewSource(seed))
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		var b strings.Builder
		for k := 1 + r.Intn(8); k > 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

// Verdict is one pattern and what Go says of it.
type Verdict struct {
	Pattern string  `json:"pattern"`
	Error   *string `json:"error"`
	// MadeUp marks the -random patterns.
	MadeUp bool `json:"madeUp,omitempty"`
}

func main() {
	random := flag.Int("random", 0, "patterns to make up after those on stdin")
	seed := flag.Int64("seed", 1, "the seed of the made-up patterns")
	flag.Parse()
	var patterns []string
	if err := json.NewDecoder(os.Stdin).Decode(&patterns); err != nil {
		fmt.Fprintln(os.Stderr, "regexp-verdicts: stdin must be a JSON list of strings:", err)
		os.Exit(2)
	}
	written := len(patterns)
	patterns = append(patterns, randomPatterns(*random, *seed)...)
	out := struct {
		Source   string    `json:"source"`
		Verdicts []Verdict `json:"verdicts"`
	}{Source: "tools/traefik/regexp-verdicts, " + runtime.Version() + " regexp.Compile"}
	for i, p := range patterns {
		v := Verdict{Pattern: p, MadeUp: i >= written}
		if _, err := regexp.Compile(p); err != nil {
			msg := err.Error()
			v.Error = &msg
		}
		out.Verdicts = append(out.Verdicts, v)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		os.Exit(1)
	}
}
