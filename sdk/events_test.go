package sdk_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

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
	require.Equal(t, []string{"on:1", "once:1", "on:2"}, got)
	require.Equal(t, 0, e.Total())
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
	require.Equal(t, 3, e.Len("x"))
	e.Off("x", "fn")
	e.Off("x", nil) // no key: removes nothing
	require.Equal(t, 1, e.Len("x"))
	e.Emit("x", nil)
	require.Equal(t, 1, n)
	e.OffAll()
	require.Equal(t, 0, e.Total())
}

func TestEmitterEventsAreInstanceScoped(t *testing.T) {
	t.Parallel()
	a, b := sdk.NewEmitter(), sdk.NewEmitter()
	n := 0
	a.On(sdk.EventReady, func(any) { n++ })
	b.Emit(sdk.EventReady, sdk.ReadyPayload{IsReady: true})
	require.Equal(t, 0, n)
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
	require.True(t, ran)
	require.Equal(t, []any{"boom"}, reported)

	d := sdk.NewEmitter() // the default reporter writes to stderr and does not panic
	d.On("x", func(any) { panic("boom") })
	require.NotPanics(t, func() { d.Emit("x", nil) })
}

func TestEmitterHandlersMaySubscribeWhileEmitting(t *testing.T) {
	t.Parallel()
	e := sdk.NewEmitter()
	n := 0
	e.On("x", func(any) { e.On("x", func(any) { n++ }) })
	e.Emit("x", nil)
	require.Equal(t, 0, n, "a handler added during emit runs from the next emit")
	e.Emit("x", nil)
	require.Equal(t, 1, n)
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
	require.Equal(t, 0, e.Total())
	require.GreaterOrEqual(t, count, 50)
}
