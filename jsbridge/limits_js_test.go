//go:build js && wasm

package jsbridge

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// hostileThrows are values a page's getter can throw. Reading their message
// with a plain property read threw past syscall/js and ended the Go program
// (found by the fuzz lane, issue 12); the last one throws itself from every
// trap, so converting each throw in turn would recurse without end.
var hostileThrows = map[string]string{
	"revoked proxy":    `(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()`,
	"throwing proxy":   `new Proxy({}, {get() { throw new Error("trap") }})`,
	"throwing message": `({get message() { throw new Error("getter") }})`,
	"self-throwing":    `(() => { const p = new Proxy({}, {get() { throw p }, getPrototypeOf() { throw p }}); return p; })()`,
	"symbol":           `Symbol("thrown")`,
}

func TestObjectSurvivesHostileThrows(t *testing.T) {
	for what, src := range hostileThrows {
		v := evalJS(t, `(() => { const thrown = `+src+`; return {get a() { throw thrown; }}; })()`)
		_, err := argsOf(t, v).Object(0, "params", false)
		if sdk.CodeOf(err) != sdk.CodeInvalidArgument || !strings.Contains(err.Error(), "params cannot be turned into JSON") {
			t.Errorf("a getter throwing a %s: %v, want invalid_argument", what, err)
		}
	}
}

// A RangeError from JSON.stringify (too deep or too long for the engine)
// names the limits.
func TestObjectRangeErrorNamesTheLimits(t *testing.T) {
	v := evalJS(t, `({get a() { throw new RangeError("Invalid string length") }})`)
	_, err := argsOf(t, v).Object(0, "params", false)
	want := strconv.Itoa(jsonx.MaxDepth) + " levels deep and take at most " + strconv.Itoa(MaxJSONLength) + " characters"
	if sdk.CodeOf(err) != sdk.CodeInvalidArgument || !strings.Contains(err.Error(), want) {
		t.Errorf("a RangeError: %v, want invalid_argument with %q", err, want)
	}
}

// fromJS never lets a thrown value's own throws through.
func TestFromJSReadsHostileValues(t *testing.T) {
	for what, src := range hostileThrows {
		if err := fromJS(evalJS(t, src)); err == nil || err.Error() == "" {
			t.Errorf("%s: %v", what, err)
		}
	}
	if got := fromJS(evalJS(t, `new Error("plain")`)).Error(); got != "plain" {
		t.Errorf("an Error's message: %q", got)
	}
}

// A whole body (a form's schema) nested deeper than jsonx.MaxDepth is a
// server_error naming the limit.
func TestFetchRefusesDeepWholeBodies(t *testing.T) {
	fakeHost(t, `() => [200, "", '{"a":'.repeat(50000) + '1' + '}'.repeat(50000)]`)
	_, err := Fetch{}.Do(context.Background(), &sdk.Request{Method: "GET", URL: "https://x/", ReadAll: true})
	if sdk.CodeOf(err) != sdk.CodeServerError || !strings.Contains(err.Error(), strconv.Itoa(jsonx.MaxDepth)+" levels") {
		t.Errorf("a deep schema: %v, want server_error naming the limit", err)
	}
}
