package sdk_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

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
	if err != nil {
		t.Fatal(err)
	}
	return c, tr
}

// StartCall with an AsyncTransport: nothing runs until the answer comes,
// and then done gets what CallFunction would return.
func TestStartCallWaitsForTheEvent(t *testing.T) {
	t.Parallel()
	c, tr := newAsync(t)
	var got []string
	c.StartCall(t.Context(), "f", []byte(`{"a":1}`), nil, func(r *sdk.CallResult, err error) {
		if err != nil {
			got = append(got, err.Error())
			return
		}
		got = append(got, r.NetworkCode+" "+string(r.Output.JSON()))
	})
	c.StartCall(t.Context(), "bad", nil, nil, func(r *sdk.CallResult, err error) {
		if err != nil || !errors.Is(r.Err(), sdk.ErrNotConnected) {
			got = append(got, "not refused as not connected")
			return
		}
		got = append(got, "refused")
	})
	c.StartCall(t.Context(), "", nil, nil, func(r *sdk.CallResult, err error) {
		got = append(got, string(sdk.CodeOf(err)))
	})
	if want := []string{"invalid_argument"}; !slices.Equal(got, want) {
		t.Fatalf("before any answer: %q, want %q: a bad call fails at once, the others wait for their answer", got, want)
	}
	tr.answer()
	if want := []string{"invalid_argument", "200 [1]", "refused"}; !slices.Equal(got, want) {
		t.Errorf("after the answers: %q, want %q", got, want)
	}
	if len(tr.requests) != 2 || string(tr.requests[0].Body) != `{"a":1}` {
		t.Errorf("requests %+v, want two, the first with the body CallFunction sends", tr.requests)
	}
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
	if calls != 1 || !errors.Is(got, sdk.ErrDestroyed) {
		t.Errorf("done ran %d times with %v, want once with the cancel cause", calls, got)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		tr.mu.Lock()
		aborted := tr.aborted
		tr.mu.Unlock()
		if aborted == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the request was aborted %d times, want once", aborted)
		}
	}
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
		if got != "200" {
			t.Errorf("done got %q, want the network code 200", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("done was never called")
	}
}
