//go:build js && wasm

package jsbridge

import (
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

func TestEventsFollowTheOfficialSemantics(t *testing.T) {
	ev := NewEvents(sdk.NewEmitter())
	evalJS(t, `globalThis.log = []; globalThis.errs = []; console.error = (...a) => errs.push(a.map((x) => x && x.message || String(x)).join(" "));`)
	a := evalJS(t, `(x) => log.push("a:" + x)`)
	b := evalJS(t, `(function (x) { "use strict"; log.push("b:" + x + ":" + (this === null)); })`)
	goPayload := evalJS(t, `(p) => log.push("go:" + JSON.stringify(p))`)
	thrower := evalJS(t, `() => { throw new Error("boom") }`)
	one := func(src string) []safejs.Value { return []safejs.Value{evalJS(t, src)} }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(ev.On("x", a, false))
	must(ev.On("x", thrower, false))
	must(ev.On("x", b, false))
	ev.Emit("x", one(`1`)) // a, thrower (reported), b with this === null
	must(ev.On("y", a, false))
	must(ev.On("y", a, true))
	ev.Emit("y", one(`2`)) // on + once of the same fn: both run...
	ev.Emit("y", one(`3`)) // ...then none is left
	ev.Off("x", a)
	ev.Emit("x", one(`4`)) // thrower, b
	must(ev.On("app-connected", goPayload, false))
	ev.Emitter().Emit(sdk.EventAppConnected, &sdk.App{Name: "slack", ConnectedAccounts: []sdk.ConnectedAccount{}, ConnectedAccountID: "7"})
	want := `["a:1","b:1:true","a:2","a:2","b:4:true",` +
		`"go:{\"id\":0,\"name\":\"slack\",\"title\":\"\",\"icon_url\":\"\",\"docs_url\":\"\",\"login_url\":\"\",\"allow_multiple_connected_accounts\":false,\"connected_accounts\":[],\"connected_account_id\":\"7\"}"]`
	if got := jsonOf(t, evalJS(t, `log`)); got != want {
		t.Errorf("calls = %s\nwant    %s", got, want)
	}
	if got := jsonOf(t, evalJS(t, `errs`)); strings.Count(got, "boom") != 2 {
		t.Errorf("console.error = %s, want the throwing handler reported twice", got)
	}
	if err := ev.On("x", evalJS(t, `42`), false); sdk.CodeOf(err) != sdk.CodeInvalidArgument {
		t.Errorf("On with a number = %v", err)
	}
	if ev.Len() != 3 {
		t.Errorf("%d handlers before OffAll, want 3 (thrower, b, the app-connected one)", ev.Len())
	}
	ev.OffAll()
	if ev.Len() != 0 {
		t.Errorf("%d handlers left after OffAll", ev.Len())
	}
}
