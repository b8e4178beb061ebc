// Package nethttp is an [sdk.Transport] over net/http, for Go programs on
// servers: compute the hash with authhash.Compute and call Integry from Go.
//
//	client, err := nethttp.NewClient(sdk.Config{AppKey: key, Hash: authhash.Compute(secret, userID), UserID: userID})
//	res, err := client.CallFunction(ctx, "slack-post-message", json.RawMessage(`{"channel":"general","text":"hi"}`), nil)
package nethttp

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/integry-go/integry/sdk"
)

// Transport sends sdk requests with an *http.Client. Redirects are not
// followed: a redirect drops POST bodies, and Integry never sends one.
type Transport struct {
	HTTP *http.Client // nil means a client that does not follow redirects
	// MaxBody bounds response bodies; a larger one fails with server_error.
	// Zero means sdk.DefaultMaxResponseBytes.
	MaxBody int64
}

var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Do implements [sdk.Transport].
func (t *Transport) Do(ctx context.Context, r *sdk.Request) (*sdk.Response, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	hc := t.HTTP
	if hc == nil {
		hc = noRedirects
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	h := make(sdk.Header, len(resp.Header))
	for k := range resp.Header {
		h[k] = resp.Header.Get(k)
	}
	limit := t.MaxBody
	if limit <= 0 {
		limit = sdk.DefaultMaxResponseBytes
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, sdk.ErrTooLarge(resp.StatusCode, limit)
	}
	return &sdk.Response{StatusCode: resp.StatusCode, Header: h, Body: sdk.DecodeBody(b)}, nil
}

// NewClient is sdk.NewClient with this transport, plus opts.
func NewClient(cfg sdk.Config, opts ...sdk.Option) (*sdk.Client, error) {
	return sdk.NewClient(cfg, append([]sdk.Option{sdk.WithTransport(&Transport{})}, opts...)...)
}
