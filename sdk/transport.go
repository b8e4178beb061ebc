package sdk

import (
	"context"
	"strconv"
	"strings"
)

// Transport sends one HTTP request. It is the only way the SDK reaches the
// network: jsbridge implements it with the browser's fetch, sdk/nethttp with
// net/http, tests with a recorder. A Transport returns an error only when no
// response arrived; every status, 500 included, is a *Response.
type Transport interface {
	Do(ctx context.Context, req *Request) (*Response, error)
}

// TransportFunc adapts a function to [Transport].
type TransportFunc func(ctx context.Context, req *Request) (*Response, error)

// Do calls f.
func (f TransportFunc) Do(ctx context.Context, req *Request) (*Response, error) { return f(ctx, req) }

// Request is an HTTP request as the SDK builds it.
type Request struct {
	Method string
	URL    string
	Header Header
	Body   []byte // nil for no body
	// ReadAll says the SDK will read the whole response body (a form's
	// schema), not just a few fields of it. A transport that keeps bodies
	// outside Go memory, as the browser's does, hands this one over whole.
	ReadAll bool
}

// Response is an HTTP response with its body already decoded.
type Response struct {
	StatusCode int
	Header     Header
	// Body is the body parsed as JSON; nil when the body was empty or not
	// JSON. A transport reads bodies through a size limit and fails with a
	// server_error *Error past it.
	Body Doc
}

// DecodeBody is how a transport that reads bodies as bytes makes
// [Response.Body]: the parsed JSON, or nil when b is empty or not JSON (a
// proxy's HTML error page, say).
func DecodeBody(b []byte) Doc {
	d, err := ParseDoc(b)
	if err != nil {
		return nil
	}
	return d
}

// ErrTooLarge returns the server_error a transport fails with when a body is
// larger than limit bytes.
func ErrTooLarge(status int, limit int64) *Error {
	return &Error{Code: CodeServerError, Status: status, Message: "response larger than " + strconv.FormatInt(limit, 10) + " bytes"}
}

// Header holds HTTP header fields. Keys are kept as set; Get and Del ignore
// case, since fetch reports names in lower case.
type Header map[string]string

// Get returns the value of the field named key, ignoring case.
func (h Header) Get(key string) string {
	if v, ok := h[key]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// Set sets the field named key, replacing any field that differs only in case.
func (h Header) Set(key, value string) {
	h.Del(key)
	h[key] = value
}

// Del removes the field named key, ignoring case.
func (h Header) Del(key string) {
	for k := range h {
		if strings.EqualFold(k, key) {
			delete(h, k)
		}
	}
}
