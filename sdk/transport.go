package sdk

import (
	"context"
	"io"
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
}

// Response is an HTTP response. The Client closes Body.
type Response struct {
	StatusCode int
	Header     Header
	Body       io.ReadCloser
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
