//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"syscall/js"

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
// Do blocks until the answer arrives, so it runs on a goroutine of its own,
// never on a JavaScript callback.
type Fetch struct {
	// MaxBody bounds response bodies, in UTF-16 code units as JavaScript
	// counts a string's length; zero means sdk.DefaultMaxResponseBytes.
	MaxBody int
}

var _ sdk.Transport = Fetch{}

// reply is what respond delivers to a waiting Do.
type reply struct {
	status  int
	headers string
	body    js.Value
	failure string // "" for an answer; else why there is none
}

var requests = struct {
	sync.Mutex
	next int
	m    map[int]chan reply
}{m: map[int]chan reply{}}

// Do sends req and returns the response with its body decoded.
func (f Fetch) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := f.MaxBody
	if limit <= 0 {
		limit = sdk.DefaultMaxResponseBytes
	}
	ch := make(chan reply, 1)
	requests.Lock()
	requests.next++
	id := requests.next
	requests.m[id] = ch
	requests.Unlock()
	var headers strings.Builder
	for k, v := range req.Header {
		headers.WriteString(k)
		headers.WriteByte(0)
		headers.WriteString(v)
		headers.WriteByte(0)
	}
	body := js.Null()
	if req.Body != nil {
		body = js.ValueOf(string(req.Body))
	}
	err := try(func() {
		host.request.Invoke(id, req.Method, req.URL, headers.String(), body, req.ReadAll, limit)
	})
	if err != nil {
		forget(id)
		return nil, err
	}
	select {
	case r := <-ch:
		return r.response(req.ReadAll, limit)
	case <-ctx.Done():
		forget(id)
		_ = try(func() { host.abort.Invoke(id) })
		return nil, ctx.Err()
	}
}

func forget(id int) {
	requests.Lock()
	delete(requests.m, id)
	requests.Unlock()
}

// respond(id, status, headers, body, failure) is the loader's answer to
// request id: the status, the headers as getAllResponseHeaders writes them,
// and the body (the parsed value, or its text when Go reads it whole; a
// message when failure says there was no answer).
func respond(a []js.Value) any {
	id := arg(a, 0).Int()
	requests.Lock()
	ch := requests.m[id]
	delete(requests.m, id)
	requests.Unlock()
	if ch == nil {
		return nil // aborted: nobody waits any more
	}
	r := reply{body: arg(a, 3)}
	if s := arg(a, 1); typeOf(s) == js.TypeNumber {
		r.status = s.Int()
	}
	r.headers, _ = jsString(arg(a, 2))
	r.failure, _ = jsString(arg(a, 4))
	ch <- r
	return nil
}

func (r reply) response(whole bool, limit int) (*sdk.Response, error) {
	switch r.failure {
	case "":
	case "too_large":
		return nil, sdk.ErrTooLarge(r.status, int64(limit))
	default:
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
