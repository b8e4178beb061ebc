package sdk

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxResponseBytes bounds how much of a response body a transport
// reads; sdk/nethttp and the browser's transport both apply it.
const DefaultMaxResponseBytes = 64 << 20

// Client calls the Integry backend for one user. It is safe for concurrent
// use. Build it with [NewClient]; every method takes a context first and
// returns a *[Error] on failure.
type Client struct {
	cfg        Config
	transport  Transport
	userAgent  string
	events     *Emitter
	backoff    time.Duration // first retry delay; doubles, with full jitter
	maxWait    time.Duration // cap of one retry delay, Retry-After included
	sleep      func(ctx context.Context, d time.Duration) error
	credsQuery string // "app_key=…&hash=…&user_id=…", encoded once
}

// Option configures a [Client].
type Option func(*Client) error

// WithTransport sets how requests are sent. It is required: the sdk package
// has no network of its own (see sdk/nethttp and jsbridge).
func WithTransport(t Transport) Option {
	return func(c *Client) error {
		if t == nil {
			return InvalidArgument("WithTransport: nil transport")
		}
		c.transport = t
		return nil
	}
}

// WithUserAgent sends a User-Agent header (servers only; browsers set their own).
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// WithEmitter makes the Client emit its events (app-connected,
// app-disconnected) on e instead of a fresh emitter of its own.
func WithEmitter(e *Emitter) Option {
	return func(c *Client) error {
		if e == nil {
			return InvalidArgument("WithEmitter: nil emitter")
		}
		c.events = e
		return nil
	}
}

// WithBackoff sets the first retry delay and the cap of any one delay.
func WithBackoff(first, limit time.Duration) Option {
	return func(c *Client) error {
		if first <= 0 || limit < first {
			return InvalidArgument("WithBackoff: need 0 < first <= limit")
		}
		c.backoff, c.maxWait = first, limit
		return nil
	}
}

// NewClient checks cfg, fills its defaults and applies opts.
func NewClient(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Client{
		cfg:     cfg.withDefaults(),
		backoff: 250 * time.Millisecond,
		maxWait: 10 * time.Second,
		sleep:   sleepCtx,
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.transport == nil {
		return nil, InvalidArgument("NewClient: no transport (use WithTransport)")
	}
	if c.events == nil {
		c.events = NewEmitter()
	}
	var q query
	q.add("app_key", c.cfg.AppKey)
	q.add("hash", c.cfg.Hash)
	q.add("user_id", c.cfg.UserID)
	c.credsQuery = q.String()
	return c, nil
}

// Config returns the configuration in force, defaults filled in.
func (c *Client) Config() Config { return c.cfg }

// Events returns the Client's instance-scoped event emitter.
func (c *Client) Events() *Emitter { return c.events }

// request is one API call before it is sent.
type request struct {
	method     string
	url        string // without query
	query      query
	header     Header
	body       []byte
	idempotent bool // may be retried
	readAll    bool // the whole body will be read (see Request.ReadAll)
	notFound   Code // code for a 404
}

// newRequest starts a request to base + segments. Credentials are added by
// creds, so that each endpoint places them where the official SDK does.
func (c *Client) newRequest(method, base string, trailing bool, segments ...string) *request {
	return &request{
		method:   method,
		url:      joinPath(base, trailing, segments...),
		header:   Header{"Accept-Language": c.cfg.Lang},
		notFound: CodeNotFound,
	}
}

// creds adds app_key, hash and user_id, in that order, to the query (or as
// headers with HeaderAuth).
func (c *Client) creds(r *request) *request {
	if c.cfg.HeaderAuth {
		r.header["App-Key"] = c.cfg.AppKey
		r.header["Hash"] = c.cfg.Hash
		r.header["User-ID"] = c.cfg.UserID
		return r
	}
	q := append(make(query, 0, len(r.query)+len(c.credsQuery)+64), r.query...) // room for the call's own
	q.raw(c.credsQuery)
	r.query = q
	return r
}

// jsonBody sets a JSON body and its Content-Type.
func (r *request) jsonBody(b []byte) *request {
	r.body = b
	r.header["Content-Type"] = "application/json"
	return r
}

// response is what do returns: status, headers and the decoded body.
type response struct {
	status int
	header Header
	body   Doc // nil when empty or not JSON
}

// do sends r, retrying idempotent reads on network errors, 429 and 5xx, and
// returns the final response, whatever its status.
func (c *Client) do(ctx context.Context, r *request) (*response, error) {
	if tt, ok := c.transport.(TimingTransport); !ok || !tt.EnforcesTimeout() {
		var cancel context.CancelFunc
		ctx, cancel = withTimeout(ctx, c.cfg.Timeout, &Error{Code: CodeTimeout, Message: "the request timed out"})
		defer cancel()
	}
	for attempt := 0; ; attempt++ {
		resp, err := c.transport.Do(ctx, c.httpRequest(r))
		var res *response
		if err == nil {
			res = newResponse(resp)
		}
		if cerr := ctxError(ctx); cerr != nil {
			return nil, cerr
		}
		retry := r.idempotent && attempt < c.cfg.Retries
		if err != nil {
			e := transportError(err)
			if !retry || e.Code != CodeNetworkError {
				return nil, e
			}
			if serr := c.sleep(ctx, c.delay(attempt, "")); serr != nil {
				return nil, ctxError(ctx)
			}
			continue
		}
		if retry && (res.status == 429 || res.status >= 500) {
			if serr := c.sleep(ctx, c.delay(attempt, res.header.Get("Retry-After"))); serr != nil {
				return nil, ctxError(ctx)
			}
			continue
		}
		return res, nil
	}
}

// delay is the wait before retry number attempt+1: Retry-After (seconds or an
// HTTP date) when the server sent one, else exponential backoff with full
// jitter; never more than maxWait.
func (c *Client) delay(attempt int, retryAfter string) time.Duration {
	if retryAfter != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(retryAfter)); err == nil && s >= 0 {
			return min(time.Duration(s)*time.Second, c.maxWait)
		}
		if t, ok := parseHTTPDate(retryAfter); ok {
			return min(max(time.Until(t), 0), c.maxWait)
		}
	}
	d := min(c.backoff<<attempt, c.maxWait)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// httpRequest is one attempt of r, as a transport sends it.
func (c *Client) httpRequest(r *request) *Request {
	u := r.url
	if len(r.query) > 0 {
		u += "?" + r.query.String()
	}
	h := cloneHeader(r.header)
	if c.userAgent != "" {
		h["User-Agent"] = c.userAgent
	}
	return &Request{Method: r.method, URL: u, Header: h, Body: r.body, ReadAll: r.readAll, Timeout: c.cfg.Timeout}
}

func newResponse(resp *Response) *response {
	res := &response{status: resp.StatusCode, header: resp.Header, body: resp.Body}
	if res.header == nil {
		res.header = Header{}
	}
	return res
}

// transportError codes an error a transport returned: a coded *Error stays
// as it is, anything else means no answer came (network_error).
func transportError(err error) *Error {
	e, ok := errors.AsType[*Error](err)
	if !ok {
		e = &Error{Code: CodeNetworkError, Message: "network error: " + err.Error(), Err: err}
	}
	return e
}

// ctxError turns a finished context into a coded error: its cause when that
// is an *Error (destroy() cancels with ErrDestroyed), timeout for a deadline,
// cancelled otherwise.
func ctxError(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	cause := context.Cause(ctx)
	if e, ok := errors.AsType[*Error](cause); ok {
		return e
	}
	if errors.Is(cause, context.DeadlineExceeded) {
		return &Error{Code: CodeTimeout, Message: "the request timed out", Err: cause}
	}
	return &Error{Code: CodeCancelled, Message: "the request was cancelled", Err: cause}
}

// withTimeout is context.WithTimeoutCause without its timerCtx: the
// timerCtx's String method formats its deadline, which links the time
// package's layout engine into the browser bundle (docs/design.md#size). The
// context ends with cause when d has passed.
func withTimeout(ctx context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	t := time.AfterFunc(d, func() { cancel(cause) })
	return ctx, func() {
		t.Stop()
		cancel(context.Canceled)
	}
}

func isCanceled(err error) bool { return errors.Is(err, context.Canceled) }
func isDeadline(err error) bool { return errors.Is(err, context.DeadlineExceeded) }

func cloneHeader(h Header) Header {
	out := make(Header, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out
}

// check turns a non-2xx response into a coded *Error. The server's
// {"detail": …} becomes the message; the whole JSON body becomes Details.
func (r *request) check(res *response) error {
	if res.status >= 200 && res.status < 300 {
		return nil
	}
	e := &Error{Status: res.status, Message: "HTTP " + strconv.Itoa(res.status), Details: res.body}
	if res.body != nil && res.body.Kind() == KindObject {
		if d := res.body.Get("detail"); d != nil && d.Kind() != KindNull {
			e.Message = d.Text()
			if d.Kind() != KindString {
				e.Message = string(d.JSON())
			}
		}
	}
	switch s := res.status; {
	case s == 401:
		e.Code = CodeUnauthorized
	case s == 403:
		e.Code = CodeForbidden
		if strings.Contains(strings.ToLower(e.Message), "credentials") {
			e.Code = CodeUnauthorized
		}
	case s == 404:
		e.Code = r.notFound
	case s == 408:
		e.Code = CodeTimeout
	case s == 429:
		e.Code = CodeRateLimited
	case s >= 500:
		e.Code = CodeServerError
	case s >= 400:
		e.Code = CodeInvalidArgument
	default: // 1xx, 3xx: never followed, never success
		e.Code = CodeServerError
	}
	return e
}

// send runs do and check, the one request path of every endpoint, and
// returns the 2xx body. It fails with server_error when want is not empty and
// the body is not JSON of that kind.
func (c *Client) send(ctx context.Context, r *request, want Kind) (Doc, error) {
	res, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := r.check(res); err != nil {
		return nil, err
	}
	if want != 0 && (res.body == nil || res.body.Kind() != want) {
		e := errShape("expected a JSON object")
		e.Status = res.status
		return nil, e
	}
	return res.body, nil
}

// requireName rejects an empty or blank name.
func requireName(what, name string) error {
	if strings.TrimSpace(name) == "" {
		return InvalidArgument(what + " is required")
	}
	return nil
}
