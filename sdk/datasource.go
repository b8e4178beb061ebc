package sdk

import (
	"context"
	"strings"
)

// DataSourceRequest asks for one page of a form field's data source
// (meta.ui.ui_field.data_source): the options of a DYNAMIC_DROPDOWN or the
// fields of a CUSTOM_FIELDS sub-form. It carries only what the official
// SDK's request does (docs/protocol-additions.md).
type DataSourceRequest struct {
	// URL is data_source.url: an absolute http(s) URL, or a path that
	// starts with "/" on the API host. Its own query is kept.
	URL string
	// Body is the JSON object sent: data_source.body with its templates
	// resolved (and, for a dropdown's first page, a copy of it under
	// query_string_data), plus "_cursor" after the first page. Empty is {}.
	Body []byte
	// Query holds data_source.query_params and the values of the fields the
	// source depends on, as name, value pairs, in order.
	Query [][2]string
	// Lang adds integry_lang (the config's lang): dropdowns send it, the
	// custom-fields sub-form does not.
	Lang bool
	// ConnectedAccountID, when set, is sent as connected_account_id and
	// again as authorization_id, as the official form names the account
	// (docs/protocol.md#official-form-requests).
	ConnectedAccountID string
	// AllowWorkspace sends allow_workspace_connected_accounts=true.
	AllowWorkspace bool
	// BuiltInFunctionID, when set, is sent as the built-in-function-id
	// header.
	BuiltInFunctionID string
}

// DataSource fetches one page of a data source and returns the body of the
// 2xx answer, whole (the form reads every item); reading it (an array, or
// {"output": […], "_cursor": …}) is the form's job. A non-2xx answer is a
// coded *Error, and a body that is not JSON a server_error. The request is
// never retried: a data source may be a function call.
//
// Wire: POST data_source.url?Q[&integry_lang][&query params][&connected_account_id&authorization_id]
// [&allow_workspace_connected_accounts=true], Content-Type: application/json,
// [built-in-function-id], body data_source.body (+ _cursor) (docs/protocol.md#meta-hints
// and docs/protocol-additions.md#data-sources).
func (c *Client) DataSource(ctx context.Context, req DataSourceRequest) (Doc, error) {
	u := strings.TrimSpace(req.URL)
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		u = strings.TrimRight(c.cfg.APIBaseURL, "/") + u
	}
	if _, _, ok := splitOrigin(u); !ok {
		return nil, InvalidArgument("data_source.url must be an http(s) URL or a path on the API host")
	}
	body := req.Body
	for len(body) > 0 && isSpace(body[0]) {
		body = body[1:]
	}
	for len(body) > 0 && isSpace(body[len(body)-1]) {
		body = body[:len(body)-1]
	}
	if len(body) == 0 {
		body = []byte("{}")
	}
	if body[0] != '{' || body[len(body)-1] != '}' {
		return nil, InvalidArgument("the data source body must be a JSON object")
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	r := &request{method: "POST", header: Header{"Accept-Language": c.cfg.Lang}, notFound: CodeNotFound}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		for _, kv := range strings.Split(u[i+1:], "&") {
			if kv != "" {
				r.query.raw(kv) // already encoded by whoever wrote the URL
			}
		}
		u = u[:i]
	}
	r.url = u
	c.creds(r)
	if req.Lang {
		r.query.add("integry_lang", langTag(c.cfg.Lang))
	}
	for _, kv := range req.Query {
		r.query.add(kv[0], kv[1])
	}
	if req.ConnectedAccountID != "" {
		r.query.add("connected_account_id", req.ConnectedAccountID)
		r.query.add("authorization_id", req.ConnectedAccountID)
	}
	if req.AllowWorkspace {
		r.query.add("allow_workspace_connected_accounts", "true")
	}
	r.jsonBody(body)
	if req.BuiltInFunctionID != "" {
		r.header["built-in-function-id"] = req.BuiltInFunctionID
	}
	r.readAll = true
	d, err := c.send(ctx, r, 0)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, errShape("the data source's answer is not JSON")
	}
	return d, nil
}

// langTag writes a lower-cased language tag the way Integry names its
// languages: "pt-br" is "pt-BR", "en" stays "en".
func langTag(lang string) string {
	base, region, ok := strings.Cut(lang, "-")
	if !ok {
		return lang
	}
	return base + "-" + strings.ToUpper(region)
}

// isSpace reports JSON whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
