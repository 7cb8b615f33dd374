// Command dynamic-types describes Traefik's dynamic configuration as Traefik's own file provider
// reads it, from the Go types of the pinned Traefik (this module's go.mod), for phoenix-mesh's
// checker, as src/generated/traefik-dynamic-types.ts (read by src/domain/traefik/dynamic-schema.ts).
// Run by `npm run traefik-types`; a drift test regenerates it wherever Go is installed.
//
// The description follows github.com/traefik/paerser, which the file provider decodes with:
//   - a key names a struct field by its Go field name, compared without regard to case
//     (EqualFold), and fields of embedded structs count as the parent's;
//   - every scalar arrives as a string and is converted by the field's kind (ParseBool,
//     ParseInt with the field's bit size, ParseFloat; durations take seconds or Go's "10s");
//   - a struct or map with no children is an error unless its field is tagged file:"allowEmpty";
//   - a field tagged file:"-" is ignored; a map of interface{} takes any value (plugins).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	ptypes "github.com/traefik/paerser/types"
	"github.com/traefik/traefik/v3/pkg/config/dynamic"
)

// Type is one node of the description: kind plus what the kind needs.
type Type struct {
	Kind     string            `json:"kind"`
	Fields   map[string]*Field `json:"fields,omitempty"`
	Elem     string            `json:"elem,omitempty"`
	Bits     int               `json:"bits,omitempty"`
	Unsigned bool              `json:"unsigned,omitempty"`
	Unit     string            `json:"unit,omitempty"`
}

// Field is a struct field by its Go name.
type Field struct {
	// JSON is the name Traefik's own documentation and API use (the json tag): phoenix-mesh
	// reads a configuration by these names once its keys are matched.
	JSON       string `json:"json"`
	Type       string `json:"type"`
	AllowEmpty bool   `json:"allowEmpty,omitempty"`
	Ignored    bool   `json:"ignored,omitempty"`
}

type walker struct{ types map[string]*Type }

var (
	paerserDuration = reflect.TypeOf(ptypes.Duration(0))
	goDuration      = reflect.TypeOf(time.Duration(0))
)

func (w *walker) ref(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case paerserDuration:
		return w.add("duration(s)", &Type{Kind: "duration", Unit: "s"})
	case goDuration:
		return w.add("duration(ns)", &Type{Kind: "duration", Unit: "ns"})
	}
	switch t.Kind() {
	case reflect.String:
		return w.add("string", &Type{Kind: "string"})
	case reflect.Bool:
		return w.add("bool", &Type{Kind: "bool"})
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return w.add(fmt.Sprintf("int%d", t.Bits()), &Type{Kind: "int", Bits: t.Bits()})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return w.add(fmt.Sprintf("uint%d", t.Bits()), &Type{Kind: "int", Bits: t.Bits(), Unsigned: true})
	case reflect.Float32, reflect.Float64:
		return w.add(fmt.Sprintf("float%d", t.Bits()), &Type{Kind: "float", Bits: t.Bits()})
	case reflect.Interface:
		return w.add("any", &Type{Kind: "any"})
	case reflect.Slice:
		return w.add("[]"+w.ref(t.Elem()), &Type{Kind: "slice", Elem: w.ref(t.Elem())})
	case reflect.Map:
		return w.add("map["+w.ref(t.Elem())+"]", &Type{Kind: "map", Elem: w.ref(t.Elem())})
	case reflect.Struct:
		name := t.PkgPath() + "." + t.Name()
		if _, seen := w.types[name]; seen {
			return name
		}
		node := &Type{Kind: "struct", Fields: map[string]*Field{}}
		w.types[name] = node // before the fields: types refer to themselves (Chain, Failover…)
		w.fields(t, node)
		return name
	}
	panic(fmt.Sprintf("unsupported kind %s (%s)", t.Kind(), t))
}

func (w *walker) add(name string, t *Type) string {
	if _, seen := w.types[name]; !seen {
		w.types[name] = t
	}
	return name
}

// fields adds t's exported fields to node, embedded structs' fields included, as paerser finds them.
func (w *walker) fields(t reflect.Type, node *Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			w.fields(f.Type, node)
			continue
		}
		if _, taken := node.Fields[f.Name]; taken {
			continue // paerser takes the first match
		}
		tag := f.Tag.Get("file")
		jsonName, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if jsonName == "" || jsonName == "-" {
			jsonName = f.Name
		}
		node.Fields[f.Name] = &Field{JSON: jsonName, Type: w.ref(f.Type), AllowEmpty: tag == "allowEmpty", Ignored: tag == "-"}
	}
}

func main() {
	w := &walker{types: map[string]*Type{}}
	root := w.ref(reflect.TypeOf(dynamic.Configuration{}))
	version := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/traefik/traefik/v3" {
				version = dep.Version
			}
		}
	}
	names := make([]string, 0, len(w.types))
	for name := range w.types {
		names = append(names, name)
	}
	sort.Strings(names)
	ordered := make([]json.RawMessage, 0, len(names))
	for _, name := range names {
		body, err := json.Marshal(w.types[name])
		if err != nil {
			panic(err)
		}
		key, _ := json.Marshal(name)
		ordered = append(ordered, json.RawMessage(string(key)+": "+string(body)))
	}
	fmt.Printf("// Generated by tools/traefik/dynamic-types from Traefik %s's Go types. Do not edit: run `npm run traefik-types`.\n", version)
	fmt.Printf("export const TRAEFIK_DYNAMIC_TYPES = {\n  \"traefik\": %q,\n  \"root\": %q,\n  \"types\": {\n", version, root)
	for i, entry := range ordered {
		sep := ","
		if i == len(ordered)-1 {
			sep = ""
		}
		fmt.Printf("    %s%s\n", entry, sep)
	}
	fmt.Println("  }\n};")
	_ = os.Stdout.Sync()
}
