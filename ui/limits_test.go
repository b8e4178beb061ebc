package ui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// nested is JSON nested n levels deep: objects, or arrays.
func nested(n int, arrays bool) string {
	if arrays {
		return strings.Repeat("[", n) + strings.Repeat("]", n)
	}
	return strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1)
}

// A JSON field nested deeper than jsonx.MaxDepth is a field problem of its
// own, whose message names the limit in every language; at the limit it is
// accepted (issue 12: this used to recurse without a bound and kill the
// runtime).
func TestFormJSONFieldDepthLimit(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "meta-hints.json")
	field := f.Lookup("extra")
	for _, text := range []string{nested(jsonx.MaxDepth+1, false), nested(50000, true)} {
		f.SetText(field, text)
		f.Validate()
		if p := field.Problem(); p == nil || p.Key != "json_depth" {
			t.Fatalf("a JSON field nested %d bytes deep: problem %v, want json_depth", len(text), p)
		}
	}
	for _, lang := range Languages() {
		if msg := NewStrings(lang).T("err_json_depth"); !strings.Contains(msg, strconv.Itoa(jsonx.MaxDepth)) {
			t.Errorf("%s: err_json_depth = %q, want the limit %d in it", lang, msg, jsonx.MaxDepth)
		}
	}
	f.SetText(field, nested(jsonx.MaxDepth, false))
	f.Validate()
	if p := field.Problem(); p != nil {
		t.Errorf("a JSON field nested exactly %d levels: problem %v, want none", jsonx.MaxDepth, p)
	}
}

// Prefill params nested deeper than jsonx.MaxDepth are invalid_argument,
// and the message names the limit.
func TestFormPrefillDepthLimit(t *testing.T) {
	t.Parallel()
	f := mustForm(t, "key-order.json")
	err := f.Prefill([]byte(nested(50000, false)))
	if sdk.CodeOf(err) != sdk.CodeInvalidArgument || !strings.Contains(err.Error(), strconv.Itoa(jsonx.MaxDepth)+" levels") {
		t.Fatalf("Prefill of 50,000 levels = %v, want invalid_argument naming the limit", err)
	}
	if err := f.Prefill([]byte(`{"x":` + nested(jsonx.MaxDepth-1, true) + `}`)); err != nil {
		t.Errorf("Prefill at the limit = %v, want nil", err)
	}
}

// deepDoc is an sdk.Doc of any depth: an object with one member, a, down
// to depth levels. It stands for a Doc over a JavaScript value, which no
// parser bounded.
type deepDoc struct{ depth int }

func (d deepDoc) Kind() sdk.Kind {
	if d.depth == 0 {
		return sdk.KindNull
	}
	return sdk.KindObject
}
func (d deepDoc) Text() string { return "" }
func (d deepDoc) Len() int {
	if d.depth == 0 {
		return 0
	}
	return 1
}
func (d deepDoc) Index(i int) sdk.Doc    { return deepDoc{d.depth - 1} }
func (d deepDoc) Key(i int) string       { return "a" }
func (d deepDoc) Get(key string) sdk.Doc { return deepDoc{d.depth - 1} }
func (d deepDoc) JSON() []byte           { return nil }

// sdk.Tree, which the form reads a signature with, walks a Doc at most
// jsonx.MaxDepth levels deep, whoever made it.
func TestTreeDepthLimit(t *testing.T) {
	t.Parallel()
	if v := sdk.Tree(deepDoc{jsonx.MaxDepth}); v == nil {
		t.Error("a Doc at the limit was refused")
	}
	if v := sdk.Tree(deepDoc{1_000_000}); v != nil {
		t.Error("a Doc a million levels deep was read")
	}
	if _, err := parseForm(deepDoc{50000}); sdk.CodeOf(err) != sdk.CodeServerError {
		t.Errorf("a signature 50,000 levels deep: %v, want server_error", err)
	}
}
