package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"strconv"
	"strings"
)

// ListFunctionsOptions selects a page of functions/list.
type ListFunctionsOptions struct {
	App           string // only this app's functions
	Type          string // QUERY, ACTION or PASSTHROUGH
	ConnectedOnly bool
	IncludeMeta   bool
	Search        string
	Cursor        string
}

// ListFunctions returns one page of function signatures.
//
// Wire: POST {apiBaseUrl}/functions/list/?Q[&app][&type][&connected_only][&include=meta][&search][&_cursor] (spec E4).
func (c *Client) ListFunctions(ctx context.Context, opts *ListFunctionsOptions) (*FunctionPage, error) {
	var o ListFunctionsOptions
	if opts != nil {
		o = *opts
	}
	r := c.creds(c.newRequest("POST", c.cfg.APIBaseURL, true, "functions", "list"))
	for _, kv := range [][2]string{{"app", o.App}, {"type", o.Type}} {
		if kv[1] != "" {
			r.query.add(kv[0], kv[1])
		}
	}
	if o.ConnectedOnly {
		r.query.add("connected_only", "true")
	}
	if o.IncludeMeta {
		r.query.add("include", "meta")
	}
	if o.Search != "" {
		r.query.add("search", o.Search)
	}
	if o.Cursor != "" {
		r.query.add("_cursor", o.Cursor)
	}
	r.idempotent = true
	var page struct {
		Functions []Function `json:"functions"`
		Cursor    *string    `json:"_cursor"`
	}
	if _, err := c.send(ctx, r, &page); err != nil {
		return nil, err
	}
	out := &FunctionPage{Functions: page.Functions}
	if out.Functions == nil {
		out.Functions = []Function{}
	}
	if page.Cursor != nil {
		out.Cursor = *page.Cursor
	}
	return out, nil
}

// GetFunctionOptions asks functions/{name}/get for more than the bare
// signature. The zero value sends the official SDK's plain GET.
type GetFunctionOptions struct {
	IncludeMeta    bool            // meta.ui hints for the form
	Variables      json.RawMessage // _variables, a JSON object
	Version        string          // Version header
	AllowWorkspace bool            // allow_workspace_connected_accounts=true
}

func (o *GetFunctionOptions) isZero() bool {
	return o == nil || (!o.IncludeMeta && len(o.Variables) == 0 && o.Version == "" && !o.AllowWorkspace)
}

// GetFunction returns a function's signature; Raw keeps the JSON as sent.
//
// Wire: GET {apiBaseUrl}/functions/{name}/get/?Q, or with options
// POST …/get/?Q&include=meta[&allow_workspace_connected_accounts=true], body
// {"_variables": {…}} (spec E5).
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
		}
		if opts.AllowWorkspace {
			r.query.add("allow_workspace_connected_accounts", "true")
		}
		if opts.Version != "" {
			r.header["Version"] = opts.Version
		}
		r.jsonBody(append(append([]byte(`{"_variables":`), vars...), '}'))
	}
	r.idempotent = true
	r.notFound = CodeFunctionNotFound
	var f Function
	if _, err := c.send(ctx, r, &f); err != nil {
		return nil, err
	}
	if f.Name == "" {
		return nil, &Error{Code: CodeServerError, Message: "the signature has no name"}
	}
	return &f, nil
}

// CallOptions are the optional parts of a function call.
type CallOptions struct {
	ConnectedAccountID string          // required when the user has several accounts
	Version            string          // Version header
	AllowWorkspace     bool            // allow_workspace_connected_accounts=true
	Variables          json.RawMessage // sent as _variables (callFunction always sends one)
}

// CallFunction runs a function with params, a JSON object (nil means {}).
// It returns a *CallResult for both documented outcomes, executed (HTTP 200)
// and not executed (HTTP 400 with error); anything else is an *Error. Calls
// are never retried: a call may have side effects.
//
// Wire: POST {apiBaseUrl}/functions/{name}/call/?Q[&connected_account_id=…][&allow_workspace_connected_accounts=true],
// body = params (+ _variables) (spec E6).
func (c *Client) CallFunction(ctx context.Context, name string, params json.RawMessage, opts *CallOptions) (*CallResult, error) {
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
		body, err = setKey(body, "_variables", vars)
		if err != nil {
			return nil, err
		}
	}
	r := c.creds(c.newRequest("POST", c.cfg.APIBaseURL, true, "functions", name, "call"))
	if id := strings.TrimSpace(o.ConnectedAccountID); id != "" {
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			return nil, &Error{Code: CodeInvalidArgument, Message: "connectedAccountId must be an integer"}
		}
		r.query.add("connected_account_id", id)
	}
	if o.AllowWorkspace {
		r.query.add("allow_workspace_connected_accounts", "true")
	}
	if o.Version != "" {
		r.header["Version"] = o.Version
	}
	r.jsonBody(body)
	r.notFound = CodeFunctionNotFound
	res, err := c.do(ctx, r)
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

// CallPages runs a paginated function page by page: each executed result is
// yielded, and its next_page goes back inside the params of the next call.
// It stops when next_page is empty or a page's output is empty (the
// documented last-page quirk). A result Integry did not execute ends the
// sequence with its [CallResult.Err].
func (c *Client) CallPages(ctx context.Context, name string, params json.RawMessage, opts *CallOptions) iter.Seq2[*CallResult, error] {
	return func(yield func(*CallResult, error) bool) {
		body, err := objectOrEmpty("params", params)
		if err != nil {
			yield(nil, err)
			return
		}
		seen := map[string]bool{}
		for {
			res, err := c.CallFunction(ctx, name, body, opts)
			if err == nil {
				err = res.Err()
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if isEmptyOutput(res.Output) {
				return
			}
			if !yield(res, nil) || res.NextPage == "" || seen[res.NextPage] {
				return
			}
			seen[res.NextPage] = true
			cursor, _ := json.Marshal(res.NextPage)
			if body, err = setKey(body, "next_page", cursor); err != nil {
				yield(nil, err)
				return
			}
		}
	}
}

// isEmptyOutput reports an output of [], null, {} or nothing.
func isEmptyOutput(b json.RawMessage) bool {
	s := string(bytes.TrimSpace(b))
	return s == "" || s == "null" || s == "[]" || s == "{}"
}

// objectOrEmpty checks that b is one JSON object; nil or "null" become {}.
func objectOrEmpty(what string, b json.RawMessage) (json.RawMessage, error) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || string(t) == "null" {
		return json.RawMessage("{}"), nil
	}
	if t[0] != '{' || !json.Valid(t) {
		return nil, &Error{Code: CodeInvalidArgument, Message: what + " must be a JSON object"}
	}
	return json.RawMessage(t), nil
}

// setKey sets key in a JSON object, keeping the other keys in their order.
func setKey(obj json.RawMessage, key string, value json.RawMessage) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // {
		return nil, &Error{Code: CodeInvalidArgument, Message: "not a JSON object"}
	}
	var out bytes.Buffer
	out.WriteByte('{')
	first := true
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, &Error{Code: CodeInvalidArgument, Message: "not a JSON object"}
		}
		k := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, &Error{Code: CodeInvalidArgument, Message: "not a JSON object"}
		}
		if k == key {
			continue
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(k)
		out.Write(kb)
		out.WriteByte(':')
		out.Write(v)
	}
	if !first {
		out.WriteByte(',')
	}
	kb, _ := json.Marshal(key)
	out.Write(kb)
	out.WriteByte(':')
	out.Write(value)
	out.WriteByte('}')
	return out.Bytes(), nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
