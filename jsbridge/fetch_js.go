//go:build js && wasm

package jsbridge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/sdk"
)

// Fetch is an [sdk.Transport] over the browser's fetch. Every request is sent
// without credentials (no cookies), with referrerPolicy "no-referrer" (the
// official wire puts credentials in query strings, which must not leak
// through Referer), and with an AbortController that aborts it when the
// request's context ends (timeout, destroy()). The cache mode stays the
// default, as the official SDK's XMLHttpRequest has it: Chromium skips its
// CORS preflight cache for cache: "no-store", which cost one OPTIONS round
// trip per call (measured: 120 preflights for 120 calls, against 1).
//
// Do blocks until the response body has arrived, so it must run on a
// goroutine of its own (the sdk.Client's methods run on the one [Promise]
// starts).
//
// MDN:
//   - fetch: https://developer.mozilla.org/docs/Web/API/Window/fetch
//   - RequestInit: https://developer.mozilla.org/docs/Web/API/RequestInit
//   - AbortController: https://developer.mozilla.org/docs/Web/API/AbortController
type Fetch struct {
	// Func is the fetch function to call; the zero value reads
	// globalThis.fetch at each request.
	Func safejs.Value
}

var _ sdk.Transport = Fetch{}

// Do sends req and returns the response with its whole body.
func (f Fetch) Do(ctx context.Context, req *sdk.Request) (resp *sdk.Response, err error) {
	defer Recover(&err)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fetch := f.Func
	if fetch.IsUndefined() || fetch.IsNull() {
		if fetch, err = Global().Get("fetch"); err != nil || Kind(fetch) != safejs.TypeFunction {
			return nil, errors.New("fetch is not available")
		}
	}
	init := NewObject()
	_ = init.Set("method", req.Method)
	_ = init.Set("credentials", "omit")
	_ = init.Set("referrerPolicy", "no-referrer")
	headers := NewObject()
	for k, v := range req.Header {
		_ = headers.Set(k, v)
	}
	_ = init.Set("headers", headers)
	if req.Body != nil {
		body, err := jsUint8Array.New(len(req.Body))
		if err != nil {
			return nil, err
		}
		if _, err := safejs.CopyBytesToJS(body, req.Body); err != nil {
			return nil, err
		}
		_ = init.Set("body", body)
	}
	abortCtor, err := Global().Get("AbortController")
	if err == nil && Kind(abortCtor) == safejs.TypeFunction {
		ac, err := abortCtor.New()
		if err == nil {
			if signal, err := ac.Get("signal"); err == nil {
				_ = init.Set("signal", signal)
			}
			stop := context.AfterFunc(ctx, func() { _, _ = ac.Call("abort") })
			defer stop()
		}
	}
	p, err := fetch.Invoke(req.URL, init)
	if err != nil {
		return nil, FromJS(jsValueOf(err))
	}
	r, err := Await(ctx, p)
	if err != nil {
		return nil, err
	}
	status, err := r.Get("status")
	if err != nil {
		return nil, err
	}
	code, err := status.Int()
	if err != nil {
		return nil, err
	}
	header := readHeaders(r)
	bufP, err := r.Call("arrayBuffer")
	if err != nil {
		return nil, FromJS(jsValueOf(err))
	}
	buf, err := Await(ctx, bufP)
	if err != nil {
		return nil, err
	}
	u8, err := jsUint8Array.New(buf)
	if err != nil {
		return nil, err
	}
	n, err := u8.Length()
	if err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if _, err := safejs.CopyBytesToGo(b, u8); err != nil {
		return nil, err
	}
	return &sdk.Response{StatusCode: code, Header: header, Body: io.NopCloser(bytes.NewReader(b))}, nil
}

// readHeaders copies the response headers (as far as CORS exposes them) in
// three calls, Array.from and JSON.stringify on the JavaScript side, instead
// of a Go callback per header through forEach: every crossing from
// JavaScript into Go costs a scheduler round trip.
//
// MDN: https://developer.mozilla.org/docs/Web/API/Headers
func readHeaders(r safejs.Value) sdk.Header {
	h := sdk.Header{}
	hs, err := r.Get("headers")
	if err != nil || Kind(hs) != safejs.TypeObject {
		return h
	}
	pairs, err := jsArray.Call("from", hs)
	if err != nil {
		return h
	}
	text, err := jsJSON.Call("stringify", pairs)
	if err != nil {
		return h
	}
	s, err := text.String()
	if err != nil {
		return h
	}
	var kv [][2]string
	if json.Unmarshal([]byte(s), &kv) != nil {
		return h
	}
	for _, p := range kv {
		h[strings.ToLower(p[0])] = p[1]
	}
	return h
}
