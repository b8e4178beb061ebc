//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

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
// destroy()). Bodies larger than MaxBody fail with server_error. An
// answer's Header holds only the fields the SDK reads
// ([contract.AnswerHeaders]), and is nil when none of them came.
//
// Start calls back without a goroutine waiting; Do blocks until the answer
// arrives, so it runs on a goroutine of its own, never on a JavaScript
// callback. Either way the parsed body stays in the loader, held by number
// (held_js.go): no js.Value with a finalizer per answer or per member read.
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
	header  sdk.Header // the fields of contract.AnswerHeaders that came
	held    int        // the parsed body's number × 16 + kind, held by the loader
	text    string     // the body's text when it does, or the failure's message
	failure string     // "" for an answer; else why there is none
}

// pinned counts the bytes of bodies Go keeps (Do) since the last
// collection. A body Go keeps stays held in the loader until Go's garbage
// collector has collected its Docs (keeper), and a page's Go heap is so small
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
	if hostLater(int32(collector.id), 0) < 0 {
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
	collector.id = listen(func(*event) bool {
		runtime.GC()
		collector.pending.Store(false)
		return false
	})
}

// waiting is a request whose answer is waited for.
type waiting struct {
	whole   bool // the body comes as text, parsed in Go
	kept    bool // Go may keep the body's Docs past deliver (Do)
	deliver func(reply)
}

// requests are the answers waited for, by request id.
var requests = struct {
	sync.Mutex
	next int
	m    map[int]waiting
}{m: map[int]waiting{}}

var _ sdk.AsyncTransport = Fetch{}

// Start sends req and calls done with the answer, from the loader's
// respond, on the event loop: one call out, one call back, and no goroutine
// waiting (sdk.Client.StartCall uses it). abort gives up on the request.
//
// The body's Doc is held by the loader for Go by number (held_js.go) and
// is valid until done returns: done settles the page's promise with it
// ([Resolve]) or copies what it keeps. So an answer makes no js.Value with
// a finalizer.
func (f Fetch) Start(req *sdk.Request, done func(*sdk.Response, error)) (abort func()) {
	return f.start(req, done, false)
}

// start is Start; kept says Go may keep the body's Docs after done returns
// (Do hands them to a goroutine): they are released when Go has collected
// them (keeper), not when done returns.
func (f Fetch) start(req *sdk.Request, done func(*sdk.Response, error), kept bool) (abort func()) {
	limit := f.MaxBody
	if limit <= 0 {
		limit = sdk.DefaultMaxResponseBytes
	}
	requests.Lock()
	requests.next++
	id := requests.next
	requests.m[id] = waiting{whole: req.ReadAll, kept: kept, deliver: func(r reply) {
		if !kept {
			defer release(r.held >> 4)
		}
		done(r.response(req.ReadAll, limit, kept))
	}}
	requests.Unlock()
	spec := requestSpec(req)
	p, n := at(spec)
	whole := int32(0)
	if req.ReadAll {
		whole = 1
	}
	code := hostRequest(int32(id), whole, int32(min(limit, 1<<30)), float64(req.Timeout.Milliseconds()), p, n)
	keep(spec)
	if code < 0 {
		forget(id)
		done(nil, errHost)
		return func() {}
	}
	return func() {
		if forget(id) {
			hostAbort(int32(id))
		}
	}
}

// requestSpec writes req as the loader's request reads it, in one string:
// method NUL url NUL (name NUL value NUL)* NUL, then "+" and the body when
// there is one. Header names and values never hold NUL (net/http refuses
// them too), and the body comes last, so it may hold anything.
func requestSpec(req *sdk.Request) []byte {
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
	return b
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
	abort := f.start(req, func(res *sdk.Response, err error) { ch <- result{res, err} }, true)
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

// respond(id, status, size, headerLen) is the loader's answer to request
// id: the first headerLen bytes of the string buffer are the values of
// [contract.AnswerHeaders], or, when headerLen < 0, the first -1-headerLen
// are why there is no answer (contract.Fail*), copied before anything else
// crosses; its frame holds the body (the parsed value, or its text when Go
// reads it whole; a message when there was no answer); size is the text's
// length. Everything is read before the answer is delivered, since
// delivering can run the page's code.
func respond(id, status int, size float64, headerLen int) {
	requests.Lock()
	w, ok := requests.m[id]
	delete(requests.m, id)
	requests.Unlock()
	if !ok {
		Quiet() // aborted: nobody waits any more
		return
	}
	if size > 0 && w.kept && !w.whole {
		pinned.Add(int64(size)) // a body Go may keep: see releasePinned
	}
	r := reply{status: status}
	if headerLen < 0 {
		r.failure = receivedString(-1 - headerLen)
	} else {
		r.header = answerHeader(receivedString(headerLen))
	}
	switch {
	case r.failure != "" || w.whole:
		if frameKind(0) == kindString {
			r.text, _ = frameText(0, 1<<30)
		}
	default:
		r.held = int(hostFrameHold(0))
	}
	w.deliver(r)
}

func (r reply) response(whole bool, limit int, kept bool) (*sdk.Response, error) {
	switch r.failure {
	case "":
	case contract.FailTooLarge:
		return nil, sdk.ErrTooLarge(r.status, int64(limit))
	case contract.FailTimeout:
		return nil, &sdk.Error{Code: sdk.CodeTimeout, Message: "the request timed out"}
	default: // contract.FailNetwork: the body is the loader's message
		msg := r.text
		if msg == "" {
			msg = "the request failed"
		}
		return nil, errors.New(msg) // the Client codes it network_error
	}
	res := &sdk.Response{StatusCode: r.status, Header: r.header}
	if whole {
		if r.text != "" {
			d, err := sdk.ParseDoc([]byte(r.text))
			if err == jsonx.ErrDepth && r.status >= 200 && r.status < 300 {
				return nil, &sdk.Error{Code: sdk.CodeServerError, Status: r.status,
					Message: "the response is " + jsonx.TooDeep}
			}
			res.Body = d // nil when it is not JSON
		}
	} else if root := r.held >> 4; root > 0 {
		var k *keeper
		if kept {
			k = &keeper{root: root}
		}
		if res.Body = heldOf(r.held, root, k); kept {
			if res.Body == nil {
				release(root) // no JSON value: nothing to keep
			} else {
				k.watch()
			}
		}
	}
	return res, nil
}

// answerHeader reads the values of [contract.AnswerHeaders] as the loader
// joins them (web/loader/transport.mjs, answerHeaders): in order, NUL
// between them. Only the fields that came are set; nil when none did (the
// common answer: no map at all).
func answerHeader(s string) sdk.Header {
	if s == "" {
		return nil
	}
	var h sdk.Header
	for _, name := range contract.AnswerHeaders {
		v, rest, _ := strings.Cut(s, "\x00")
		s = rest
		if v != "" {
			if h == nil {
				h = sdk.Header{}
			}
			h[name] = v
		}
	}
	return h
}
