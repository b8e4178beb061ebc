//go:build js && wasm

package jsbridge

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
)

func TestPromiseResolvesWorkResults(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{"text", `"text"`},
		{true, `true`},
		{42, `42`},
		{json.RawMessage(`{"b":1,"a":[1,null]}`), `{"b":1,"a":[1,null]}`},
		{map[string]int{"n": 1}, `{"n":1}`},
		{SmallValue(struct {
			IsReady bool `js:"isReady"`
		}{true}), `{"isReady":true}`},
	} {
		v, err := await(t, Promise(context.Background(), func(context.Context) (any, error) { return c.v, nil }))
		if err != nil {
			t.Fatalf("%v: %v", c.v, err)
		}
		if got := jsonOf(t, v); got != c.want {
			t.Errorf("resolved %s, want %s", got, c.want)
		}
	}
}

func TestPromiseRejectsWithIntegryError(t *testing.T) {
	p := Promise(context.Background(), func(context.Context) (any, error) {
		return nil, &sdk.Error{Code: sdk.CodeAppNotFound, Status: 404, Message: "App not found", Details: json.RawMessage(`{"detail":"App not found"}`)}
	})
	e := rejection(t, p)
	if isErr, _ := e.InstanceOf(jsError); !isErr {
		t.Error("the rejection is not an Error")
	}
	if field(t, e, "name") != "IntegryError" || field(t, e, "code") != "app_not_found" || field(t, e, "message") != "App not found" {
		t.Errorf("rejection = %s %s %q", field(t, e, "name"), field(t, e, "code"), field(t, e, "message"))
	}
	status, _ := e.Get("status")
	if n, _ := status.Int(); n != 404 {
		t.Errorf("status = %d, want 404", n)
	}
	details, _ := e.Get("details")
	if got := jsonOf(t, details); got != `{"detail":"App not found"}` {
		t.Errorf("details = %s", got)
	}
	// A plain Go error is internal.
	e = rejection(t, Promise(context.Background(), func(context.Context) (any, error) { return nil, errors.New("plain") }))
	if field(t, e, "code") != "internal" {
		t.Errorf("a plain error rejected with code %q, want internal", field(t, e, "code"))
	}
}

func TestPromiseTurnsPanicsIntoInternal(t *testing.T) {
	e := rejection(t, Promise(context.Background(), func(context.Context) (any, error) {
		var m map[string]int
		m["boom"] = 1 // nil map write
		return nil, nil
	}))
	if field(t, e, "code") != "internal" {
		t.Errorf("panic rejected with code %q, want internal", field(t, e, "code"))
	}
	// A result vert cannot convert is a rejection too, not a crash.
	e = rejection(t, Promise(context.Background(), func(context.Context) (any, error) {
		return SmallValue(map[int]string{1: "x"}), nil
	}))
	if field(t, e, "code") != "internal" {
		t.Errorf("an unconvertible result rejected with %q, want internal", field(t, e, "code"))
	}
	// The program is alive.
	if _, err := await(t, Promise(context.Background(), func(context.Context) (any, error) { return 1, nil })); err != nil {
		t.Fatal(err)
	}
}

func TestPromiseRejectsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	started := make(chan struct{})
	p := Promise(ctx, func(ctx context.Context) (any, error) {
		close(started)
		time.Sleep(time.Hour) // ignores ctx on purpose
		return "late", nil
	})
	<-started
	cancel(sdk.ErrDestroyed)
	if code := field(t, rejection(t, p), "code"); code != "destroyed" {
		t.Errorf("rejected with %q, want the cause's code destroyed", code)
	}
}

func TestAwait(t *testing.T) {
	v, err := await(t, evalJS(t, `new Promise((r) => setTimeout(() => r("later"), 20))`))
	if s, _ := v.String(); err != nil || s != "later" {
		t.Errorf("Await = %q, %v", s, err)
	}
	_, err = await(t, evalJS(t, `Promise.reject(new RangeError("nope"))`))
	if err == nil || err.Error() != "nope" {
		t.Errorf("Await of a rejection = %v, want the error's message", err)
	}
	v, err = await(t, evalJS(t, `7`)) // not a promise: its value
	if n, _ := v.Int(); err != nil || n != 7 {
		t.Errorf("Await(7) = %d, %v", n, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := Await(ctx, evalJS(t, `new Promise(() => {})`)); sdk.CodeOf(err) != sdk.CodeTimeout {
		t.Errorf("Await past the deadline = %v, want timeout", err)
	}
}

// Every js.Func made for promises and awaits is released once they settle.
func TestNoFuncOutlivesItsPromise(t *testing.T) {
	before := LiveFuncs()
	for i := 0; i < 200; i++ {
		if _, err := await(t, Promise(context.Background(), func(ctx context.Context) (any, error) {
			return Await(ctx, evalJS(t, `Promise.resolve(1)`))
		})); err != nil {
			t.Fatal(err)
		}
		_, _ = await(t, Promise(context.Background(), func(context.Context) (any, error) { return nil, errors.New("x") }))
	}
	if after := LiveFuncs(); after != before {
		t.Errorf("live js.Func count went from %d to %d", before, after)
	}
}
