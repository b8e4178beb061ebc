//go:build js && wasm

package jsbridge

import (
	"syscall/js"
	"testing"

	"github.com/integry-go/integry/sdk"
)

// holdDoc holds v in the loader, as an answer's body is held, and returns
// its Doc (nil for what is no JSON value); the test releases it.
func holdDoc(t *testing.T, v js.Value) sdk.Doc {
	t.Helper()
	argsOf(t, v)
	packed := int(hostFrameHold(0))
	t.Cleanup(func() { release(packed >> 4) })
	return heldOf(packed, packed>>4, nil)
}

// A Doc over a parsed value reads what the SDK reads, in key order, and
// hands the page the very same value back.
func TestDocReadsAParsedValue(t *testing.T) {
	v := evalJS(t, `JSON.parse('{"network_code":"200","n":42,"f":1.5,"ok":true,"none":null,"list":[1,"a"],"obj":{"z":1,"a":2}}')`)
	d := holdDoc(t, v)
	if d.Kind() != sdk.KindObject || d.Len() != 7 || d.Key(0) != "network_code" || d.Key(6) != "obj" {
		t.Fatalf("object: kind %v, len %d, keys %q %q", d.Kind(), d.Len(), d.Key(0), d.Key(6))
	}
	for key, want := range map[string]string{"network_code": "200", "n": "42", "f": "1.5", "ok": "true", "none": ""} {
		if got := d.Get(key).Text(); got != want {
			t.Errorf("Get(%q).Text() = %q, want %q", key, got, want)
		}
	}
	if d.Get("none").Kind() != sdk.KindNull || d.Get("missing") != nil || d.Get("constructor") != nil || d.Get("toString") != nil {
		t.Error("null is null; absent and inherited members are nil")
	}
	list := d.Get("list")
	if list.Kind() != sdk.KindArray || list.Len() != 2 || list.Index(1).Text() != "a" || list.Index(2) != nil || list.Key(0) != "" {
		t.Errorf("array: %v %d", list.Kind(), list.Len())
	}
	obj := d.Get("obj")
	if obj.Key(0) != "z" || obj.Index(1).Text() != "2" || string(obj.JSON()) != `{"z":1,"a":2}` {
		t.Errorf("object members in order: %q %q %s", obj.Key(0), obj.Index(1).Text(), obj.JSON())
	}
	out, err := ToJS(d)
	if err != nil || !out.v.Equal(v) {
		t.Error("ToJS of a browser Doc is the same JavaScript value")
	}
	for _, src := range []string{`undefined`, `(() => 1)`, `Symbol("s")`, `10n`} {
		if holdDoc(t, evalJS(t, src)) != nil {
			t.Errorf("%s is no JSON value: its Doc must be nil", src)
		}
	}
}

// A Doc the sdk parsed in Go crosses once, through JSON.parse.
func TestToJSParsesOtherDocs(t *testing.T) {
	d, err := sdk.ParseDoc([]byte(`{"a":[1,2]}`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := ToJS(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := evalJS(t, `JSON.stringify`).Invoke(out.v).String(); got != `{"a":[1,2]}` {
		t.Errorf("ToJS(parsed Doc) = %s", got)
	}
	if got := evalJS(t, `JSON.stringify`).Invoke(MustJS(t, JSON(`[1,"x"]`))).String(); got != `[1,"x"]` {
		t.Errorf("ToJS(JSON) = %s", got)
	}
	if _, err := ToJS(struct{}{}); sdk.CodeOf(err) != sdk.CodeInternal {
		t.Errorf("a Go value without a JavaScript form = %v, want internal", err)
	}
}

// MustJS is ToJS, failing the test on an error.
func MustJS(t *testing.T, v any) js.Value {
	t.Helper()
	out, err := ToJS(v)
	if err != nil {
		t.Fatal(err)
	}
	return out.v
}
