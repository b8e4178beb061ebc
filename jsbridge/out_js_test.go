//go:build js && wasm

package jsbridge

import (
	"context"
	"runtime"
	"syscall/js"
	"testing"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/sdk"
)

// Results, rejections and event payloads reach the page in their form
// (settleWith, emitWith): the loader makes each from numbers and one
// string, as ToJS would have converted it.
func TestResultsAndEventsCrossInTheirForm(t *testing.T) {
	installABI(t)
	evalJS(t, `(() => { globalThis.got = []; globalThis.testSettle = (id, ok, v) => got.push({id, ok, v});
	  globalThis.testEmit = (h, name, v) => got.push({id: h, name, v}); })()`)
	details, err := sdk.ParseDoc([]byte(`{"detail":"no","n":[1]}`))
	if err != nil {
		t.Fatal(err)
	}
	Resolve(1, "héllo\x00 ✓")
	Resolve(2, 2.5)
	Resolve(3, true)
	Resolve(4, nil)
	Resolve(5, JSON(`{"a":[1,"x"]}`))
	Resolve(6, Fields("isReady", true, "n", 3.0, "s", `q"`, "j", JSON(`[null]`)))
	Reject(7, &sdk.Error{Code: sdk.CodeNotFound, Message: "gone\x00 away", Status: 404, Details: details})
	Reject(8, &sdk.Error{Code: sdk.CodeTimeout})
	Resolve(9, JSON(`{bad`)) // not JSON: the call is rejected instead
	Emit(3, "app-connected", JSON(`{"name":"slack"}`))
	Emit(3, "error", &sdk.Error{Code: sdk.CodeInternal, Message: "m"})
	want := `[{"id":1,"ok":true,"v":"héllo\u0000 ✓"},{"id":2,"ok":true,"v":2.5},{"id":3,"ok":true,"v":true},{"id":4,"ok":true},` +
		`{"id":5,"ok":true,"v":{"a":[1,"x"]}},{"id":6,"ok":true,"v":{"isReady":true,"n":3,"s":"q\"","j":[null]}},` +
		`{"id":7,"ok":false,"v":{"code":"not_found","status":404,"details":{"detail":"no","n":[1]}},"message":"gone\u0000 away"},` +
		`{"id":8,"ok":false,"v":{"code":"timeout"},"message":"timeout"},{"id":9,"ok":false,"v":{"code":"internal"},"message":"jsbridge: the result could not be made: …"},` +
		`{"id":3,"name":"app-connected","v":{"name":"slack"}},{"id":3,"name":"error","v":{"code":"internal"},"message":"m"}]`
	// (The engine words JSON.parse's error: only its start is compared.)
	got := evalJS(t, `JSON.stringify(got.map((g) => g.v instanceof Error ? Object.assign(g, {message: g.v.message.replace(/made: .*/, "made: …")}) : g))`).String()
	if got != want {
		t.Errorf("settled and emitted\n got %s\nwant %s", got, want)
	}
}

// A body Go keeps (Do) stays held in the loader while Go holds a Doc of
// it, and is released once Go has collected them all: no js.Value lives in
// Go for it, and no finalizer per member read.
func TestKeptBodiesAreReleasedWhenCollected(t *testing.T) {
	fakeHost(t, `() => [200, "", {apps: [{name: "slack"}, {name: "gmail"}]}]`)
	collected := func() int { // cleanups run on a goroutine of their own, after a collection
		n := 0
		for range 100 {
			runtime.GC()
			runtime.Gosched()
			if n = evalJS(t, `testBridge.heldCount()`).Int(); n == 0 {
				break
			}
		}
		return n
	}
	if n := collected(); n != 0 { // bodies earlier tests kept
		t.Fatalf("%d values held before the test, and not released", n)
	}
	resp, err := Fetch{}.Do(context.Background(), &sdk.Request{Method: "GET", URL: "https://x/apps"})
	if err != nil {
		t.Fatal(err)
	}
	app := resp.Body.Get("apps").Index(1)
	resp = nil
	runtime.GC()
	runtime.GC()
	if n := evalJS(t, `testBridge.heldCount()`).Int(); n == 0 || app.Get("name").Text() != "gmail" {
		t.Fatalf("a Doc Go holds lost its body (%d held)", n)
	}
	runtime.KeepAlive(app)
	app = nil
	if n := collected(); n != 0 {
		t.Errorf("%d values still held after Go collected the body's Docs", n)
	}
}

// The imported host functions (imports_js.go) are plain WebAssembly calls:
// one that throws answers -1 and Go goes on (a throw must never unwind Go's
// stack), and one that calls into Go again, as a page's event handler may,
// runs that entry and returns.
func TestImportsSurviveThrowsAndReentry(t *testing.T) {
	installABI(t)
	evalJS(t, `(() => { globalThis.got = []; globalThis.testSettle = (id, ok, v) => got.push({id, ok, v}); })()`)
	evalJS(t, `globalThis.testEmit = (h, name) => { if (name === "boom") throw new Error("a page handler threw");
	  testBridge.call(1, 21, 99, false, []); got.push({id: h, name}); }`)
	exported = Exports{Methods: []string{"m"}}
	t.Cleanup(func() { exported = Exports{} })
	Emit(4, "boom", "x")                                        // the handler throws: the import answers -1, Emit reports it
	Emit(5, "reenters", "x")                                    // the handler calls an unknown method: rejected inside, then it returns
	if code := hostFrameKind(-1 << 20); code != kindUndefined { // past the frame: undefined, not a throw
		t.Errorf("frameKind far past the frame answered %d", code)
	}
	got := evalJS(t, `JSON.stringify(got.map((g) => g.v instanceof Error ? {id: g.id, ok: g.ok, code: g.v.code} : g))`).String()
	if want := `[{"id":21,"ok":false,"code":"invalid_argument"},{"id":5,"name":"reenters"}]`; got != want {
		t.Errorf("settled and emitted\n got %s\nwant %s", got, want)
	}
	h := js.Global().Get("Object").Call("assign", js.ValueOf(map[string]any{}), testABI.bridge.Get("host"))
	h.Set("valLen", evalJS(t, `() => { throw new Error("broken") }`))
	useHost(h)
	defer useHost(testABI.bridge.Get("host"))
	if n := hostValLen(1); n != -1 {
		t.Errorf("a throwing host function answered %d, want -1", n)
	}
}

// With puts a Doc into an object Go writes, as its first member: a held
// answer by its number (the page gets the very value the loader holds),
// any other Doc as JSON, nil as null.
func TestWithPutsADocIntoAnObject(t *testing.T) {
	installABI(t)
	evalJS(t, `(() => { globalThis.got = []; globalThis.testSettle = (id, ok, v) => got.push(v); })()`)
	body := evalJS(t, `globalThis.heldBody = JSON.parse('{"output":[{"id":1}],"next_page":"c2"}')`)
	d := holdDoc(t, body)
	parsed, err := sdk.ParseDoc([]byte(`[1,2]`))
	if err != nil {
		t.Fatal(err)
	}
	page := func(doc sdk.Doc, next string) any {
		return With(doc, "result", nil, "next", next)
	}
	Resolve(1, page(d, "c2"))
	Resolve(2, page(nil, ""))
	Resolve(3, page(parsed, "c3"))
	if o, ok := outOf(page(d, "")); !ok || o.form != contract.FormWith {
		t.Errorf("a held Doc goes in form %d, want FormWith", o.form)
	}
	got := evalJS(t, `JSON.stringify(got)`).String()
	want := `[{"result":{"output":[{"id":1}],"next_page":"c2"},"next":"c2"},{"result":null,"next":""},{"result":[1,2],"next":"c3"}]`
	if got != want {
		t.Errorf("pages\n got %s\nwant %s", got, want)
	}
	if !evalJS(t, `got[0].result === heldBody`).Bool() {
		t.Error("the page's result is a copy, not the value the loader holds")
	}
}
