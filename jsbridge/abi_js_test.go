//go:build js && wasm

package jsbridge

import (
	"io/fs"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall/js"
	"testing"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/web/loader"
)

// testABI is the loader's half of the ABI (web/loader/abi.mjs) running
// against this test binary's Go half, as the bundle runs them.
var testABI struct {
	once   sync.Once
	bridge js.Value
}

// installABI runs abi.mjs as web/loader/build.sh ships it (the contract's
// constants before it, its imports and exports gone), binds it to this
// program and installs its host functions. The bridge is also
// globalThis.testBridge, for the tests' JavaScript.
func installABI(t testing.TB) js.Value {
	t.Helper()
	testABI.once.Do(func() {
		src, err := fs.ReadFile(loader.Sources, "abi.mjs")
		if err != nil {
			t.Fatal(err)
		}
		strip := regexp.MustCompile(`(?m)^import .*$`)
		body := strings.ReplaceAll(contract.JS(nil)+strip.ReplaceAllString(string(src), ""), "\nexport ", "\n")
		// wasm_exec.js resumes the program whenever JavaScript calls a
		// js.Func: that call names the Go instance, which holds the module.
		evalJS(t, `(() => { const p = Go.prototype, orig = p._resume;
		  p._resume = function () { globalThis.testGo = this; p._resume = orig; return orig.call(this); }; })()`)
		f := js.FuncOf(func(js.Value, []js.Value) any { return nil })
		f.Invoke()
		f.Release()
		mod := js.Global().Get("Function").New(body + "\nreturn {createBridge, integryImports};").Invoke()
		create := mod.Get("createBridge")
		b := create.Invoke(js.FuncOf(func(_ js.Value, a []js.Value) any {
			panic("the bridge saw a dead runtime: " + a[0].String())
		}), evalJS(t, `(ops) => (globalThis.testApply ? testApply(ops) : "")`),
			evalJS(t, `(id, ok, v) => globalThis.testSettle(id, ok, v)`),
			evalJS(t, `(code, message, cause, status, details) => Object.assign(new Error(message), {code, status, details})`),
			evalJS(t, `(handle, name, payload) => globalThis.testEmit(handle, name, payload)`))
		goInst := js.Global().Get("testGo")
		b.Call("attach", goInst.Get("_inst"), goInst)
		setHost(b.Get("host"))
		js.Global().Set("testBridge", b)
		js.Global().Set("testImportsOf", mod.Get("integryImports"))
		useHost(b.Get("host"))
		testABI.bridge = b
	})
	if testABI.bridge.IsUndefined() {
		t.Fatal("the ABI could not be installed")
	}
	return testABI.bridge
}

// useHost makes h's functions the program's imports (contract.Imports), as
// the loader does with its host object: the runner's "integry" module
// (web/loader/runner.js) forwards to globalThis.integryTestImports.
func useHost(h js.Value) {
	js.Global().Set("integryTestImports", js.Global().Call("testImportsOf", h))
}

// argsOf puts vals in the frame, as the loader does for a call, and
// returns the Args that read them.
func argsOf(t testing.TB, vals ...js.Value) Args {
	t.Helper()
	b := installABI(t)
	list := make([]any, len(vals))
	for i, v := range vals {
		list[i] = v
	}
	b.Call("setFrame", js.ValueOf(list))
	return Args{n: len(vals)}
}

// Strings cross the buffer both ways whole: short ones in it, long ones
// (past its 64 KB) through take, and every character as UTF-8.
func TestStringsCrossTheBuffer(t *testing.T) {
	for what, src := range map[string]string{
		"empty": `""`, "ascii": `"slack"`, "unicode": `"héllo wörld ✓ 🚀"`,
		"long": `"é".repeat(70000)`, "long ascii": `"x".repeat(200000)`,
	} {
		want := evalJS(t, src).String()
		if got, ok := argsOf(t, evalJS(t, src)).Text(0); !ok && len(want) <= MaxNameLength*4 || ok && got != want {
			t.Errorf("%s: %d bytes back, want %d", what, len(got), len(want))
		}
		s, n := frameText(0, 1<<30)
		if n != len(want) || s != want {
			t.Errorf("%s: JavaScript → Go gave %d bytes, want %d", what, n, len(want))
		}
		b := installABI(t)
		back, err := sendText(b.Get("textAt"), []byte(want))
		if err != nil || back.String() != want {
			t.Errorf("%s: Go → JavaScript gave %d characters", what, back.Length())
		}
	}
	// A JSON argument larger than the buffer comes through take too.
	got, err := argsOf(t, evalJS(t, `({s: "ü".repeat(100000)})`)).Object(0, "params", false)
	if err != nil || string(got) != `{"s":"`+strings.Repeat("ü", 100000)+`"}` {
		t.Errorf("a 200 KB object: %d bytes, %v", len(got), err)
	}
}

// The call entry reads its arguments from the frame: the method by its
// index, and nothing of the page's values crosses until a reader asks.
func TestCallEntryReadsTheFrame(t *testing.T) {
	installABI(t)
	var gotMethod, gotName string
	var gotErr error
	exported = Exports{Methods: []string{"a", "getApp"}, Call: func(_, _ int, method string, a Args, _ bool) {
		gotMethod = method
		gotName, gotErr = a.Name(0, "appName")
	}}
	t.Cleanup(func() { exported = Exports{} })
	evalJS(t, `testBridge.call(1, 7, 1, false, ["slack"])`)
	if gotMethod != "getApp" || gotName != "slack" || gotErr != nil {
		t.Errorf("call: method %q, appName %q, %v", gotMethod, gotName, gotErr)
	}
	settled := evalJS(t, `(() => { const out = []; globalThis.testSettled = out; return out; })()`)
	evalJS(t, `globalThis.testSettle = (id, ok, v) => testSettled.push([id, ok, v.code])`)
	evalJS(t, `testBridge.call(1, 8, 5, false, [])`)
	if settled.Length() != 1 || settled.Index(0).Index(0).Int() != 8 || settled.Index(0).Index(1).Bool() || settled.Index(0).Index(2).String() != "invalid_argument" {
		t.Errorf("an unknown method index rejects the call: %v", js.Global().Get("JSON").Call("stringify", settled))
	}
}

// setHost fills host's fields by position from hostNames: the names must
// be the fields', in order, and every one a function of the loader's.
func TestHostNamesAreTheFields(t *testing.T) {
	b := installABI(t)
	names := strings.Fields(hostNames)
	typ := reflect.TypeOf(host)
	if typ.NumField() != len(names) {
		t.Fatalf("host has %d fields, hostNames %d", typ.NumField(), len(names))
	}
	for i, n := range names {
		if f := typ.Field(i); !strings.EqualFold(f.Name, n) || f.Type != reflect.TypeOf(js.Value{}) {
			t.Errorf("field %d is %s %v, hostNames says %s", i, f.Name, f.Type, n)
		}
	}
	for _, n := range append([]string{"make", "frameValue"}, contract.Imports[:]...) {
		if n == "request" || n == "abort" || n == "later" {
			continue // the loader's own, not the bridge's
		}
		if b.Get("host").Get(n).Type() != js.TypeFunction {
			t.Errorf("the bridge has no host function %s", n)
		}
	}
	if host.make.Type() != js.TypeFunction || host.frameValue.Type() != js.TypeFunction {
		t.Error("setHost did not fill the fields from the bridge's host")
	}
}

// The call entry brings the kinds of the first contract.KindsPacked
// arguments with it: each is the kind the frame reports, and the rest are
// asked of the frame.
func TestCallEntryPacksTheKinds(t *testing.T) {
	installABI(t)
	var got, want []int
	exported = Exports{Methods: []string{"m"}, Call: func(_, _ int, _ string, a Args, _ bool) {
		if a.n&argsPacked == 0 {
			t.Error("the call entry's Args have no packed kinds")
		}
		for i := range a.n&0xff + 1 {
			got = append(got, a.kind(i))
			want = append(want, (Args{n: a.n & 0xff}).kind(i))
		}
	}}
	t.Cleanup(func() { exported = Exports{} })
	evalJS(t, `testBridge.call(1, 7, 0, false, [undefined, null, true, 1.5, "s", [], {}, () => 1, Symbol("x"), 10n, "last"])`)
	if len(got) != 12 || !slices.Equal(got, want) || got[9] != contract.KindBigInt || got[7] != kindFunction {
		t.Errorf("packed kinds %v, the frame's %v", got, want)
	}
}

// sendText (for the tests) hands b to JavaScript as an address and a length: host function
// f(args..., address, length). b must stay alive until f returns.
func sendText(f js.Value, b []byte, args ...any) (js.Value, error) {
	var out js.Value
	err := try(func() { out = f.Invoke(append(args, addr(b), len(b))...) })
	runtime.KeepAlive(b)
	return out, err
}
