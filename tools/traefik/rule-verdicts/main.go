// Command rule-verdicts collects the router rules of Traefik's own muxer tests (every `rule:`
// string in pkg/muxer/{http,tcp}/*_test.go of the pinned Traefik) and asks Traefik's own muxers
// whether each parses, under the syntax its test uses. phoenix-mesh's rule parser
// (src/domain/traefik/rules/) is tested against this list: test/traefik/fixtures/rule-verdicts.json.
//
//	go run ./rule-verdicts "$(go list -m -f '{{.Dir}}' github.com/traefik/traefik/v3)"
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	httpmuxer "github.com/traefik/traefik/v3/pkg/muxer/http"
	tcpmuxer "github.com/traefik/traefik/v3/pkg/muxer/tcp"
	"github.com/traefik/traefik/v3/pkg/tcp"
)

// Verdict is one rule and what Traefik says of it.
type Verdict struct {
	Kind   string  `json:"kind"`
	Syntax string  `json:"syntax"`
	Rule   string  `json:"rule"`
	Error  *string `json:"error"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rule-verdicts TRAEFIK_SOURCE_DIR")
		os.Exit(2)
	}
	root := os.Args[1]
	seen := map[string]bool{}
	var out []Verdict
	for _, kind := range []string{"http", "tcp"} {
		files, _ := filepath.Glob(filepath.Join(root, "pkg/muxer", kind, "*_test.go"))
		sort.Strings(files)
		for _, file := range files {
			syntax := "v3"
			if strings.Contains(filepath.Base(file), "_v2") {
				syntax = "v2"
			}
			for _, rule := range rulesIn(file) {
				key := kind + "\x00" + syntax + "\x00" + rule
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, Verdict{Kind: kind, Syntax: syntax, Rule: rule, Error: verdict(kind, syntax, rule)})
			}
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}

// rulesIn returns every string literal given as `rule:` in a composite literal of the file.
func rulesIn(file string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		panic(err)
	}
	var rules []string
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok || key.Name != "rule" {
			return true
		}
		if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if value, err := strconv.Unquote(lit.Value); err == nil {
				rules = append(rules, value)
			}
		}
		return true
	})
	return rules
}

func verdict(kind, syntax, rule string) *string {
	var err error
	if kind == "http" {
		parser, perr := httpmuxer.NewSyntaxParser()
		if perr != nil {
			panic(perr)
		}
		err = httpmuxer.NewMuxer(parser).AddRoute(rule, syntax, 0, http.NotFoundHandler())
	} else {
		muxer, merr := tcpmuxer.NewMuxer()
		if merr != nil {
			panic(merr)
		}
		err = muxer.AddRoute(rule, syntax, 0, tcp.HandlerFunc(func(tcp.WriteCloser) {}))
	}
	if err == nil {
		return nil
	}
	message := err.Error()
	return &message
}
