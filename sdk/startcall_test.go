package sdk_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/integry-go/integry/sdk"
)

// asyncRecorder is an AsyncTransport: it answers from canned responses when
// answer is called, as an event would, and records aborts.
type asyncRecorder struct {
	recorder
	mu      sync.Mutex
	pending []func()
	aborted int
}

func (a *asyncRecorder) Start(req *sdk.Request, done func(*sdk.Response, error)) func() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pending = append(a.pending, func() { done(a.recorder.Do(context.Background(), req)) })
	return func() { a.mu.Lock(); a.aborted++; a.mu.Unlock() }
}

// answer delivers every pending answer.
func (a *asyncRecorder) answer() {
	a.mu.Lock()
	p := a.pending
	a.pending = nil
	a.mu.Unlock()
	for _, fn := range p {
		fn()
	}
}

func newAsync(t *testing.T) (*sdk.Client, *asyncRecorder) {
	t.Helper()
	tr := &asyncRecorder{recorder: recorder{answers: map[string]canned{
		"POST /functions/f/call/":   {status: 200, body: `{"network_code":"200","output":[1]}`},
		"POST /functions/bad/call/": {status: 400, body: `{"error":"no","error_details":["User has not connected their Slack account."]}`},
	}}}
	cfg := testConfig
	cfg.BaseURL, cfg.APIBaseURL = "https://app.test/", "https://api.test"
	c, err := sdk.NewClient(cfg, sdk.WithTransport(tr))
	require.NoError(t, err)
	return c, tr
}

// StartCall with an AsyncTransport: nothing runs until the answer comes,
// and then done gets what CallFunction would return.
func TestStartCallWaitsForTheEvent(t *testing.T) {
	t.Parallel()
	c, tr := newAsync(t)
	var got []string
	c.StartCall(t.Context(), "f", []byte(`{"a":1}`), nil, func(r *sdk.CallResult, err error) {
		require.NoError(t, err)
		got = append(got, r.NetworkCode+" "+string(r.Output.JSON()))
	})
	c.StartCall(t.Context(), "bad", nil, nil, func(r *sdk.CallResult, err error) {
		require.NoError(t, err)
		require.ErrorIs(t, r.Err(), sdk.ErrNotConnected)
		got = append(got, "refused")
	})
	c.StartCall(t.Context(), "", nil, nil, func(r *sdk.CallResult, err error) {
		got = append(got, string(sdk.CodeOf(err)))
	})
	require.Equal(t, []string{"invalid_argument"}, got, "a bad call fails at once; the others wait for their answer")
	tr.answer()
	require.Equal(t, []string{"invalid_argument", "200 [1]", "refused"}, got)
	require.Len(t, tr.requests, 2)
	require.Equal(t, `{"a":1}`, string(tr.requests[0].Body), "the same request CallFunction sends")
}

// Cancelling the context aborts the request and reports the cause once,
// even if the answer arrives after.
func TestStartCallCancelled(t *testing.T) {
	t.Parallel()
	c, tr := newAsync(t)
	ctx, cancel := context.WithCancelCause(t.Context())
	calls := 0
	var got error
	c.StartCall(ctx, "f", nil, nil, func(r *sdk.CallResult, err error) { calls++; got = err })
	cancel(sdk.ErrDestroyed)
	tr.answer()
	require.Equal(t, 1, calls)
	require.ErrorIs(t, got, sdk.ErrDestroyed)
	require.Eventually(t, func() bool { tr.mu.Lock(); defer tr.mu.Unlock(); return tr.aborted == 1 }, 5*time.Second, time.Millisecond, "the request is aborted")
}

// With a plain Transport, StartCall runs CallFunction on a goroutine.
func TestStartCallWithABlockingTransport(t *testing.T) {
	t.Parallel()
	c, _ := newRecorded(t, map[string]canned{"POST /functions/f/call/": {status: 200, body: `{"network_code":200,"output":null}`}}, nil)
	ch := make(chan string, 1)
	c.StartCall(t.Context(), "f", nil, nil, func(r *sdk.CallResult, err error) {
		if err != nil {
			ch <- err.Error()
			return
		}
		ch <- r.NetworkCode
	})
	select {
	case got := <-ch:
		require.Equal(t, "200", got)
	case <-time.After(5 * time.Second):
		t.Fatal("done was never called")
	}
}
