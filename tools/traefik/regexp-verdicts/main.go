// Command regexp-verdicts asks Go's regexp package (what Traefik compiles HostRegexp, PathRegexp,
// HeaderRegexp, QueryRegexp and HostSNIRegexp with) about each pattern of a JSON list on stdin,
// and prints each with Go's error, or null when it compiles. phoenix-mesh's RE2 check
// (src/domain/traefik/rules/regexp.ts) is tested against the output:
// test/traefik/fixtures/go-regexp-errors.json.
//
//	go run ./regexp-verdicts < regexp-verdicts/patterns.json   (scripts/traefik-types.sh runs it)
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime"
)

// Verdict is one pattern and what Go says of it.
type Verdict struct {
	Pattern string  `json:"pattern"`
	Error   *string `json:"error"`
}

func main() {
	var patterns []string
	if err := json.NewDecoder(os.Stdin).Decode(&patterns); err != nil {
		fmt.Fprintln(os.Stderr, "regexp-verdicts: stdin must be a JSON list of strings:", err)
		os.Exit(2)
	}
	out := struct {
		Source   string    `json:"source"`
		Verdicts []Verdict `json:"verdicts"`
	}{Source: "tools/traefik/regexp-verdicts, " + runtime.Version() + " regexp.Compile"}
	for _, p := range patterns {
		v := Verdict{Pattern: p}
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
