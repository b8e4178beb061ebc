//go:build js && wasm

package jsbridge

import (
	"syscall/js"
	"testing"

	"github.com/integry-go/integry/sdk"
)

// evalJS evaluates a JavaScript expression.
func evalJS(t testing.TB, src string) js.Value {
	t.Helper()
	var v js.Value
	if err := try(func() { v = js.Global().Get("Function").New("return (" + src + ")").Invoke() }); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// badNames are values no name argument accepts.
var badNames = map[string]string{
	"undefined": `undefined`, "null": `null`, "empty": `""`, "blank": `"  \t"`, "number": `42`,
	"boolean": `true`, "object": `({})`, "array": `[]`, "function": `(() => 1)`, "symbol": `Symbol("s")`,
	"bigint": `10n`, "huge": `"x".repeat(5e6)`,
}

func TestNameRejectsEverythingButAString(t *testing.T) {
	for what, src := range badNames {
		_, err := argsOf(t, evalJS(t, src)).Name(0, "appName")
		if sdk.CodeOf(err) != sdk.CodeInvalidArgument {
			t.Errorf("Name(%s) = %v, want invalid_argument", what, err)
		}
	}
	if _, err := argsOf(t).Name(0, "appName"); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
		t.Errorf("a missing argument = %v", err)
	}
	s, err := argsOf(t, evalJS(t, `"slack"`)).Name(0, "appName")
	if err != nil || s != "slack" {
		t.Errorf("Name(slack) = %q, %v", s, err)
	}
}

func TestObjectReadsJSONText(t *testing.T) {
	got, err := argsOf(t, evalJS(t, `({b: 1, a: [1, "ü"], skip: undefined})`)).Object(0, "params", false)
	if err != nil || string(got) != `{"b":1,"a":[1,"ü"]}` {
		t.Errorf("Object = %s, %v", got, err)
	}
	for what, src := range map[string]string{
		"undefined": `undefined`, "null": `null`, "string": `"{}"`, "array": `[1]`, "function": `(() => 1)`,
		"symbol": `Symbol("s")`, "bigint": `10n`, "cycle": `(() => { const o = {}; o.o = o; return o; })()`,
		"nested bigint": `({n: 1n})`, "throwing toJSON": `({toJSON() { throw new Error("no") }})`,
		"too large": `({s: "x".repeat(9e6)})`,
	} {
		if _, err := argsOf(t, evalJS(t, src)).Object(0, "params", false); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
			t.Errorf("Object(%s) = %v, want invalid_argument", what, err)
		}
	}
	if got, err := argsOf(t, evalJS(t, `undefined`)).Object(0, "vars", true); err != nil || got != nil {
		t.Errorf("optional Object(undefined) = %s, %v", got, err)
	}
}

func TestAccountID(t *testing.T) {
	for src, want := range map[string]string{`undefined`: "", `null`: "", `""`: "", `"42"`: "42", `42`: "42", `" 7 "`: "7"} {
		got, err := argsOf(t, evalJS(t, src)).AccountID(0, "connectedAccountId")
		if err != nil || got != want {
			t.Errorf("AccountID(%s) = %q, %v; want %q", src, got, err, want)
		}
	}
	for _, src := range []string{`"abc"`, `-1`, `0`, `1.5`, `NaN`, `Infinity`, `({})`, `[]`, `true`, `10n`, `Symbol("s")`, `"9".repeat(40)`} {
		if _, err := argsOf(t, evalJS(t, src)).AccountID(0, "connectedAccountId"); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
			t.Errorf("AccountID(%s) = %v, want invalid_argument", src, err)
		}
	}
}

func TestCursor(t *testing.T) {
	long := `"c".repeat(5000)` // longer than a name may be
	for src, want := range map[string]int{`undefined`: 0, `null`: 0, `""`: 0, `"p2"`: 2, long: 5000} {
		got, err := argsOf(t, evalJS(t, src)).Cursor(0)
		if err != nil || len(got) != want {
			t.Errorf("Cursor(%.20s) = %d bytes, %v; want %d", src, len(got), err, want)
		}
	}
	for _, src := range []string{`42`, `({})`, `["p2"]`, `true`, `10n`, `Symbol("s")`, `"x".repeat(9e6)`} {
		if _, err := argsOf(t, evalJS(t, src)).Cursor(0); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
			t.Errorf("Cursor(%s) = %v, want invalid_argument", src, err)
		}
	}
}

func TestTypeOfSurvivesBigInt(t *testing.T) {
	if k := typeOf(evalJS(t, `10n`)); k != -1 {
		t.Errorf("typeOf(10n) = %v, want -1", k)
	}
	if _, err := getUntrusted(evalJS(t, `({get x() { throw new Error("getter") }})`), "x"); err == nil || err.Error() != "getter" {
		t.Errorf("a throwing getter = %v, want its error", err)
	}
	if _, ok := argsOf(t, evalJS(t, `new Proxy({}, {get() { throw new Error("trap") }})`)).Member(0, "onChangeCallback"); ok {
		t.Error("a throwing Proxy has no member")
	}
}
