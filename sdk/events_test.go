package sdk_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/integry-go/integry/sdk"
)

func TestEmitterOnOnceOff(t *testing.T) {
	t.Parallel()
	e := sdk.NewEmitter()
	var got []string
	unsub := e.On("x", func(p any) { got = append(got, "on:"+p.(string)) })
	e.Once("x", func(p any) { got = append(got, "once:"+p.(string)) })
	e.Emit("x", "1")
	e.Emit("x", "2")
	unsub()
	e.Emit("x", "3")
	if want := []string{"on:1", "once:1", "on:2"}; !slices.Equal(got, want) {
		t.Errorf("handlers ran %q, want %q: on every time until unsubscribed, once only once", got, want)
	}
	if n := e.Total(); n != 0 {
		t.Errorf("%d handlers left, want none", n)
	}
}

// TestEmitterOffRemovesEveryRegistrationOfAKey mirrors the JavaScript
// off(name, fn): on + once with the same fn leave nothing after off.
func TestEmitterOffRemovesEveryRegistrationOfAKey(t *testing.T) {
	t.Parallel()
	e := sdk.NewEmitter()
	n := 0
	fn := func(any) { n++ }
	e.Subscribe("x", "fn", fn, false)
	e.Subscribe("x", "fn", fn, true)
	e.Subscribe("x", "other", fn, false)
	if n := e.Len("x"); n != 3 {
		t.Fatalf("%d handlers, want 3", n)
	}
	e.Off("x", "fn")
	e.Off("x", nil) // no key: removes nothing
	if n := e.Len("x"); n != 1 {
		t.Errorf("after off(fn): %d handlers, want only the other one", n)
	}
	e.Emit("x", nil)
	if n != 1 {
		t.Errorf("the other handler ran %d times, want once", n)
	}
	e.OffAll()
	if n := e.Total(); n != 0 {
		t.Errorf("after OffAll: %d handlers, want none", n)
	}
}

func TestEmitterEventsAreInstanceScoped(t *testing.T) {
	t.Parallel()
	a, b := sdk.NewEmitter(), sdk.NewEmitter()
	n := 0
	a.On(sdk.EventReady, func(any) { n++ })
	b.Emit(sdk.EventReady, sdk.ReadyPayload{IsReady: true})
	if n != 0 {
		t.Errorf("a handler on one emitter ran for another's event")
	}
}

// TestEmitterPanickingHandler: one handler panics; it is reported and the
// handlers after it still run.
func TestEmitterPanickingHandler(t *testing.T) {
	t.Parallel()
	e := sdk.NewEmitter()
	var reported []any
	e.OnPanic(func(name sdk.Event, r any) { reported = append(reported, r) })
	ran := false
	e.On("x", func(any) { panic("boom") })
	e.On("x", func(any) { ran = true })
	e.Emit("x", nil)
	if !ran {
		t.Error("the handler after the panicking one did not run")
	}
	if len(reported) != 1 || reported[0] != "boom" {
		t.Errorf("reported %v, want the one panic", reported)
	}

	d := sdk.NewEmitter() // the default reporter writes to stderr and does not panic
	d.On("x", func(any) { panic("boom") })
	d.Emit("x", nil) // a panic here fails the test
}

func TestEmitterHandlersMaySubscribeWhileEmitting(t *testing.T) {
	t.Parallel()
	e := sdk.NewEmitter()
	n := 0
	e.On("x", func(any) { e.On("x", func(any) { n++ }) })
	e.Emit("x", nil)
	if n != 0 {
		t.Errorf("a handler added during emit ran in that emit; it runs from the next one")
	}
	e.Emit("x", nil)
	if n != 1 {
		t.Errorf("the added handler ran %d times in the next emit, want once", n)
	}
}

func TestEmitterConcurrentUse(t *testing.T) {
	t.Parallel()
	e := sdk.NewEmitter()
	var mu sync.Mutex
	count := 0
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			off := e.On("x", func(any) { mu.Lock(); count++; mu.Unlock() })
			e.Emit("x", i)
			off()
		}()
	}
	wg.Wait()
	if n := e.Total(); n != 0 {
		t.Errorf("%d handlers left after every goroutine unsubscribed", n)
	}
	if count < 50 {
		t.Errorf("%d handler runs, want at least one per emit (50)", count)
	}
}
