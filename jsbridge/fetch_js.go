//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall/js"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// Fetch is an [sdk.Transport] over the loader's request function: one call
// out to start a request, one call back with the answer. The body is parsed
// by the browser and stays in JavaScript (an [sdk.Doc] reads the few fields
// the SDK needs), unless the request says it will read everything
// ([sdk.Request.ReadAll]): then the text comes into Go once and is parsed
// here. The loader sends requests without credentials (no cookies) and ends
// them when Go aborts them (the request's context ended: a timeout,
// destroy()). Bodies larger than MaxBody fail with server_error.
//
// Start calls back without a goroutine waiting; Do blocks until the answer
// arrives, so it runs on a goroutine of its own, never on a JavaScript
// callback.
type Fetch struct {
	// MaxBody bounds response bodies, in UTF-16 code units as JavaScript
	// counts a string's length; zero means sdk.DefaultMaxResponseBytes.
	MaxBody int
}

var _ sdk.TimingTransport = Fetch{}

// EnforcesTimeout reports true: the loader's XMLHttpRequest gives up after
// Request.Timeout, so the sdk starts no Go timer per request.
func (Fetch) EnforcesTimeout() bool { return true }

// reply is what respond delivers for a request.
type reply struct {
	status  int
	headers string
	body    js.Value
	failure string // "" for an answer; else why there is none
}

// pinned counts the bytes of bodies handed to Go since the last collection.
// A JavaScript value Go holds stays in wasm_exec.js's table until Go's
// garbage collector finalizes the js.Value, and a page's Go heap is so small
// that collections are rare: without help, parsed bodies of megabytes would
// stay alive in the JavaScript heap long after their calls settled (measured:
// 7.7 MB of a 60-call run still held after a JavaScript gc). [Resolve] and
// [Reject] collect once 256 KB of bodies has passed (docs/design.md#memory).
var pinned atomic.Int64

// releasePinned asks for a collection when enough body bytes passed
// through, so that the finalizers let go of their JavaScript values. The
// collection runs in a task of its own (a setTimeout), after the page's
// promise has resumed its code: while the page waits on its next request,
// not between an answer and its promise.
func releasePinned() {
	if pinned.Load() < 256<<10 || !collector.pending.CompareAndSwap(false, true) {
		return
	}
	pinned.Store(0)
	if try(func() { host.later.Invoke(collector.id, 0) }) != nil {
		collector.pending.Store(false)
	}
}

// collector is the listener that collects for releasePinned. It is made
// once, with the API object, so it counts in [LiveCallbacks] from the start.
var collector struct {
	id      int
	pending atomic.Bool
}

func listenCollector() {
	collector.id = listen(func(js.Value, js.Value) bool {
		runtime.GC()
		collector.pending.Store(false)
		return false
	})
}

// requests are the answers waited for, by request id.
var requests = struct {
	sync.Mutex
	next int
	m    map[int]func(reply)
}{m: map[int]func(reply){}}

var _ sdk.AsyncTransport = Fetch{}

// Start sends req and calls done with the answer, from the loader's
// respond, on the event loop: one call out, one call back, and no goroutine
// waiting (sdk.Client.StartCall uses it). abort gives up on the request.
func (f Fetch) Start(req *sdk.Request, done func(*sdk.Response, error)) (abort func()) {
	limit := f.MaxBody
	if limit <= 0 {
		limit = sdk.DefaultMaxResponseBytes
	}
	requests.Lock()
	requests.next++
	id := requests.next
	requests.m[id] = func(r reply) { done(r.response(req.ReadAll, limit)) }
	requests.Unlock()
	err := try(func() {
		host.request.Invoke(id, requestSpec(req), req.ReadAll, limit, req.Timeout.Milliseconds())
	})
	if err != nil {
		forget(id)
		done(nil, err)
		return func() {}
	}
	return func() {
		if forget(id) {
			_ = try(func() { host.abort.Invoke(id) })
		}
	}
}

// requestSpec writes req as the loader's request reads it, in one string:
// method NUL url NUL (name NUL value NUL)* NUL, then "+" and the body when
// there is one. Header names and values never hold NUL (net/http refuses
// them too), and the body comes last, so it may hold anything.
func requestSpec(req *sdk.Request) string {
	n := len(req.Method) + len(req.URL) + len(req.Body) + 4
	for k, v := range req.Header {
		n += len(k) + len(v) + 2
	}
	b := make([]byte, 0, n)
	b = append(append(b, req.Method...), 0)
	b = append(append(b, req.URL...), 0)
	for k, v := range req.Header {
		b = append(append(b, k...), 0)
		b = append(append(b, v...), 0)
	}
	b = append(b, 0)
	if req.Body != nil {
		b = append(append(b, '+'), req.Body...)
	}
	return view(b)
}

// Do sends req and waits for the answer, on a goroutine of its own (never
// on a JavaScript callback: that would deadlock).
func (f Fetch) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		res *sdk.Response
		err error
	}
	ch := make(chan result, 1)
	abort := f.Start(req, func(res *sdk.Response, err error) { ch <- result{res, err} })
	select {
	case r := <-ch:
		return r.res, r.err
	case <-ctx.Done():
		abort()
		return nil, ctx.Err()
	}
}

// forget drops request id; it reports whether it was still waited for.
func forget(id int) bool {
	requests.Lock()
	defer requests.Unlock()
	_, ok := requests.m[id]
	delete(requests.m, id)
	return ok
}

// respond(id, status, headers, body, failure, size) is the loader's answer
// to request id: the status, the headers as getAllResponseHeaders writes
// them, the body (the parsed value, or its text when Go reads it whole; a
// message when failure says there was no answer) and the text's length.
func respond(a []js.Value) any {
	if s := arg(a, 5); typeOf(s) == js.TypeNumber {
		pinned.Add(int64(s.Int()))
	}
	id := arg(a, 0).Int()
	requests.Lock()
	deliver := requests.m[id]
	delete(requests.m, id)
	requests.Unlock()
	if deliver == nil {
		return nil // aborted: nobody waits any more
	}
	r := reply{body: arg(a, 3)}
	if s := arg(a, 1); typeOf(s) == js.TypeNumber {
		r.status = s.Int()
	}
	r.headers, _ = jsString(arg(a, 2))
	r.failure, _ = jsString(arg(a, 4))
	deliver(r)
	return nil
}

func (r reply) response(whole bool, limit int) (*sdk.Response, error) {
	switch r.failure {
	case "":
	case contract.FailTooLarge:
		return nil, sdk.ErrTooLarge(r.status, int64(limit))
	case contract.FailTimeout:
		return nil, &sdk.Error{Code: sdk.CodeTimeout, Message: "the request timed out"}
	default: // contract.FailNetwork: the body is the loader's message
		msg, _ := jsString(r.body)
		if msg == "" {
			msg = "the request failed"
		}
		return nil, errors.New(msg) // the Client codes it network_error
	}
	res := &sdk.Response{StatusCode: r.status, Header: parseHeaders(r.headers)}
	if whole {
		if text, ok := jsString(r.body); ok {
			d, err := sdk.ParseDoc([]byte(text))
			if err == jsonx.ErrDepth && r.status >= 200 && r.status < 300 {
				return nil, &sdk.Error{Code: sdk.CodeServerError, Status: r.status,
					Message: "the response is nested deeper than " + strconv.Itoa(jsonx.MaxDepth) + " levels"}
			}
			res.Body = d // nil when it is not JSON
		}
	} else {
		res.Body = docOf(r.body)
	}
	return res, nil
}

// parseHeaders reads the "name: value\r\n" lines of getAllResponseHeaders.
//
// MDN: https://developer.mozilla.org/docs/Web/API/XMLHttpRequest/getAllResponseHeaders
func parseHeaders(s string) sdk.Header {
	h := sdk.Header{}
	for line := range strings.SplitSeq(s, "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			h[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	return h
}
