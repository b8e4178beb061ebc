package sdk

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/integry-go/integry/internal/jsonx"
)

// ListFunctionsOptions selects a page of functions/list.
type ListFunctionsOptions struct {
	App           string // only this app's functions
	Type          string // QUERY, ACTION or PASSTHROUGH
	ConnectedOnly bool
	IncludeMeta   bool
	Search        string
	Cursor        string
	// PageSize asks for this many functions a page (page_size); 0 leaves
	// it to the server (50 on the sandbox, as the REST reference says).
	PageSize int
}

// ListFunctions returns one page of function signatures.
//
// Wire: POST {apiBaseUrl}/functions/list/?Q[&app][&type][&connected_only][&include=meta][&search][&_cursor]
// (docs/protocol.md#e4-list-functions).
func (c *Client) ListFunctions(ctx context.Context, opts *ListFunctionsOptions) (*FunctionPage, error) {
	var o ListFunctionsOptions
	if opts != nil {
		o = *opts
	}
	r := c.creds(c.newRequest("POST", c.cfg.APIBaseURL, true, "functions", "list"))
	r.query.addIf("app", o.App)
	r.query.addIf("type", o.Type)
	r.query.flag("connected_only", o.ConnectedOnly)
	if o.IncludeMeta {
		r.query.add("include", "meta")
	}
	r.query.addIf("search", o.Search)
	if o.PageSize > 0 {
		r.query.add("page_size", strconv.Itoa(o.PageSize))
	}
	r.query.addIf("_cursor", o.Cursor)
	r.idempotent = true
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	out := &FunctionPage{Functions: []Function{}, Cursor: text(d, "_cursor"), Doc: d}
	err = eachOf(d, "functions", func(e Doc) error {
		f, err := decodeFunction(e)
		if err == nil {
			out.Functions = append(out.Functions, *f)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetFunctionOptions asks functions/{name}/get for more than the bare
// signature. The zero value sends the official SDK's plain GET.
type GetFunctionOptions struct {
	IncludeMeta bool // meta.ui hints for the form
	// Prompt asks Integry to suggest the function's arguments for it; they
	// come back in [Function.Arguments] (Integry's REST clients send it).
	Prompt string
	// Variables, a JSON object, are sent as _variables: with them the
	// suggested arguments map parameters named like a variable to its
	// "{name}" tag, which CallFunction's Variables fill in.
	Variables      []byte
	Version        string // Version header
	AllowWorkspace bool   // allow_workspace_connected_accounts=true
}

func (o *GetFunctionOptions) isZero() bool {
	return o == nil || (!o.IncludeMeta && o.Prompt == "" && len(o.Variables) == 0 && o.Version == "" && !o.AllowWorkspace)
}

// GetFunction returns a function's signature; Raw keeps the JSON as sent.
//
// Wire: GET {apiBaseUrl}/functions/{name}/get/?Q, or with options
// POST …/get/?Q[&include=meta][&allow_workspace_connected_accounts=true], body
// {["prompt": "…",] "_variables": {…}} (docs/protocol.md#e5-get-function).
func (c *Client) GetFunction(ctx context.Context, name string, opts *GetFunctionOptions) (*Function, error) {
	if err := requireName("function name", name); err != nil {
		return nil, err
	}
	var r *request
	if opts.isZero() {
		r = c.creds(c.newRequest("GET", c.cfg.APIBaseURL, true, "functions", name, "get"))
	} else {
		vars, err := objectOrEmpty("_variables", opts.Variables)
		if err != nil {
			return nil, err
		}
		r = c.creds(c.newRequest("POST", c.cfg.APIBaseURL, true, "functions", name, "get"))
		if opts.IncludeMeta {
			r.query.add("include", "meta")
			r.readAll = true // the form reads the whole schema
		}
		r.query.flag("allow_workspace_connected_accounts", opts.AllowWorkspace)
		if opts.Version != "" {
			r.header["Version"] = opts.Version
		}
		body := []byte(`{`)
		if opts.Prompt != "" {
			body = append(jsonx.AppendString(append(body, `"prompt":`...), opts.Prompt), ',')
		}
		r.jsonBody(append(append(append(body, `"_variables":`...), vars...), '}'))
	}
	r.idempotent = true
	r.notFound = CodeFunctionNotFound
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	return decodeFunction(d)
}

// CallOptions are the optional parts of a function call.
type CallOptions struct {
	ConnectedAccountID string // required when the user has several accounts
	Version            string // Version header
	AllowWorkspace     bool   // allow_workspace_connected_accounts=true
	Variables          []byte // sent as _variables, a JSON object (callFunction always sends one)
}

// CallFunction runs a function with params, a JSON object (nil means {}).
// It returns a *CallResult for both documented outcomes, executed (HTTP 200)
// and not executed (HTTP 400 with error); anything else is an *Error. Calls
// are never retried: a call may have side effects.
//
// Wire: POST {apiBaseUrl}/functions/{name}/call/?Q[&connected_account_id=…][&allow_workspace_connected_accounts=true],
// body = params (+ _variables) (docs/protocol.md#e6-call-function).
func (c *Client) CallFunction(ctx context.Context, name string, params []byte, opts *CallOptions) (*CallResult, error) {
	r, err := c.callRequest(name, params, opts)
	if err != nil {
		return nil, err
	}
	res, err := c.do(ctx, r)
	return r.callResult(res, err)
}

// StartCall is CallFunction for a caller that must not block, such as the
// browser's event loop: it starts the call and calls done once, with what
// CallFunction would return. With an [AsyncTransport] (the browser's) no
// goroutine waits for the answer; with any other transport CallFunction runs
// on a goroutine of its own. When ctx ends first, the request is aborted and
// done receives ctx's cause as a coded error.
func (c *Client) StartCall(ctx context.Context, name string, params []byte, opts *CallOptions, done func(*CallResult, error)) {
	r, err := c.callRequest(name, params, opts)
	if err != nil {
		done(nil, err)
		return
	}
	at, ok := c.transport.(AsyncTransport)
	if !ok {
		go func() { done(r.callResult(c.do(ctx, r))) }()
		return
	}
	if err := ctxError(ctx); err != nil {
		done(nil, err)
		return
	}
	// finish runs once, whichever comes first: the answer or the end of
	// ctx. The answer may come inside Start (a request that could not
	// start): then no watch on ctx is left behind.
	var mu sync.Mutex
	var stop func() bool
	finished := false
	finish := func(res *response, err error) {
		mu.Lock()
		if finished {
			mu.Unlock()
			return
		}
		finished = true
		s := stop
		mu.Unlock()
		if s != nil {
			s()
		}
		done(r.callResult(res, err))
	}
	abort := at.Start(c.httpRequest(r), func(resp *Response, err error) {
		if cerr := ctxError(ctx); cerr != nil {
			finish(nil, cerr) // the answer came after the end: the end wins
			return
		}
		if err != nil {
			finish(nil, transportError(err))
			return
		}
		finish(newResponse(resp), nil)
	})
	mu.Lock()
	if !finished {
		stop = context.AfterFunc(ctx, func() {
			abort()
			finish(nil, ctxError(ctx))
		})
	}
	mu.Unlock()
}

// callRequest builds a call: the request path of CallFunction and StartCall.
func (c *Client) callRequest(name string, params []byte, opts *CallOptions) (*request, error) {
	if err := requireName("function name", name); err != nil {
		return nil, err
	}
	var o CallOptions
	if opts != nil {
		o = *opts
	}
	body, err := objectOrEmpty("params", params)
	if err != nil {
		return nil, err
	}
	if o.Variables != nil {
		vars, err := objectOrEmpty("_variables", o.Variables)
		if err != nil {
			return nil, err
		}
		body, _ = jsonx.SetKey(body, "_variables", vars) // body is a valid object
	}
	r := c.creds(c.newRequest("POST", c.cfg.APIBaseURL, true, "functions", name, "call"))
	id, err := AccountID("connectedAccountId", o.ConnectedAccountID)
	if err != nil {
		return nil, err
	}
	r.query.addIf("connected_account_id", id)
	r.query.flag("allow_workspace_connected_accounts", o.AllowWorkspace)
	if o.Version != "" {
		r.header["Version"] = o.Version
	}
	r.jsonBody(body)
	r.notFound = CodeFunctionNotFound
	return r, nil
}

// callResult reads a call's answer: the two documented outcomes are a
// *CallResult, anything else an *Error.
func (r *request) callResult(res *response, err error) (*CallResult, error) {
	if err != nil {
		return nil, err
	}
	if res.status == 200 || res.status == 400 {
		if cr, ok := decodeCallResult(res.body); ok && (res.status == 200) == cr.Executed {
			cr.Credits, _ = strconv.Atoi(res.header.Get("X-Credits"))
			return cr, nil
		}
		if res.status == 200 {
			return nil, &Error{Code: CodeServerError, Status: 200, Message: "the call's answer is neither an executed nor a refused result"}
		}
	}
	if err := r.check(res); err != nil {
		return nil, err
	}
	return nil, &Error{Code: CodeServerError, Status: res.status, Message: "unexpected status " + strconv.Itoa(res.status)}
}

// objectOrEmpty checks that b is one JSON object (at most jsonx.MaxDepth
// levels deep); nil, empty or null become {}.
func objectOrEmpty(what string, b []byte) ([]byte, error) {
	k := jsonx.KindOf(b)
	if k == jsonx.Invalid && len(strings.TrimSpace(string(b))) == 0 || k == jsonx.Null && jsonx.Valid(b) == nil {
		return []byte("{}"), nil
	}
	if err := jsonx.Valid(b); err == jsonx.ErrDepth {
		return nil, TooDeep(what)
	}
	if k != jsonx.Object || jsonx.Valid(b) != nil {
		return nil, InvalidArgument(what + " must be a JSON object")
	}
	return b, nil
}
