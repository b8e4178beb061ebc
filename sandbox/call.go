package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/integry-go/integry/internal/jsonx"
)

const msgInvalidInput = "Could not call the function due to invalid input. Please see `error_details` for further information."

// refused writes a call Integry did not execute (HTTP 400, not logged).
// details is a []string (account problems) or a map keyed by parameter.
func refused(w http.ResponseWriter, details any) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"error": msgInvalidInput, "error_details": details})
}

var tagRE = regexp.MustCompile(`\{([A-Za-z0-9_.\-]+)\}`)

// substitute replaces {tag} references in every string of v with the
// matching _variables value (dotted paths reach into objects). Unknown tags
// stay as they are.
func substitute(v any, vars map[string]any) any {
	if len(vars) == 0 {
		return v
	}
	switch x := v.(type) {
	case string:
		return tagRE.ReplaceAllStringFunc(x, func(m string) string {
			val, ok := lookupVar(vars, m[1:len(m)-1])
			if !ok {
				return m
			}
			if s, ok := val.(string); ok {
				return s
			}
			return string(mustMarshal(val))
		})
	case []any:
		for i := range x {
			x[i] = substitute(x[i], vars)
		}
	case map[string]any:
		for k := range x {
			x[k] = substitute(x[k], vars)
		}
	}
	return v
}

func lookupVar(vars map[string]any, path string) (any, bool) {
	var cur any = vars
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// callRequest is a validated call, ready to run.
type callRequest struct {
	fn      *CatalogFunction
	user    string
	account *account
	args    map[string]any
	start   int
	limit   int
	run     *CallRun // the flow run step this call is, if any
	callID  int64    // set by execute: the call-log entry
}

// callFunction answers E6: resolve the account, validate, run the onward
// call against the provider, log it, and return the executed result.
func (s *Server) callFunction(w http.ResponseWriter, r *http.Request, user, name string) {
	f := s.cat.byFn[name]
	if f == nil {
		detail(w, http.StatusNotFound, "Function not found")
		return
	}
	body, ok := readBody(w, r, 1<<20)
	if !ok {
		return
	}
	args, err := decodeArgs(body)
	if err != nil {
		detail(w, http.StatusBadRequest, err.Error())
		return
	}
	cr, details := s.prepareCall(r, user, f, args)
	if details != nil {
		refused(w, details)
		return
	}
	res, err := s.execute(r.Context(), r, cr)
	if err != nil {
		s.log.Warn("onward call failed", "function", f.Name, "err", err)
		detail(w, http.StatusBadGateway, fmt.Sprintf("The onward call to %s failed: %v", f.app.Title, err))
		return
	}
	// The headers the server libraries read from an executed call: the
	// credits it cost, and the session it belongs to (the caller's own
	// X-Session-ID, or a new one) (docs/protocol-additions.md).
	w.Header().Set("X-Credits", "1")
	w.Header().Set("X-Session-ID", sessionID(r))
	writeJSON(w, http.StatusOK, res)
}

// sessionID is the X-Session-ID of a call: the one the caller sent, so a
// client can group its calls, or a new random one.
func sessionID(r *http.Request) string {
	if id := strings.TrimSpace(r.Header.Get("X-Session-ID")); id != "" && len(id) <= 128 {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "sess-" + hex.EncodeToString(b[:])
}

// prepareCall checks everything that decides whether a call is executed.
// It returns the refusal details ([]string or map[string]string) if not.
func (s *Server) prepareCall(r *http.Request, user string, f *CatalogFunction, args map[string]any) (*callRequest, any) {
	cr := &callRequest{fn: f, user: user}
	if v, ok := args["_variables"]; ok {
		delete(args, "_variables") // absent, null (the Python client) and {} alike
		if v != nil {
			vars, ok := v.(map[string]any)
			if !ok {
				return nil, map[string]string{"_variables": "Must be an object"}
			}
			args = substitute(args, vars).(map[string]any)
		}
	}
	// A data source's request carries its body twice: as the body and again
	// under query_string_data, whose values are strings like the body's
	// (docs/protocol.md#official-form-requests).
	if !f.schema.hasProperty("query_string_data") {
		delete(args, "query_string_data")
	}
	f.schema.coerceStrings(args)
	cursor := ""
	for _, k := range []string{"next_page", "_cursor"} {
		if v, ok := args[k]; ok {
			delete(args, k)
			if v == nil {
				continue
			}
			c, ok := v.(string)
			if !ok {
				return nil, map[string]string{k: "Must be a string cursor returned by a previous call"}
			}
			if c != "" {
				cursor = c
			}
		}
	}
	if f.app.Auth != AuthNone {
		acc, problem, err := s.pickAccount(r, user, f.app)
		if err != nil {
			return nil, []string{"The sandbox could not read the connected accounts: " + err.Error()}
		}
		if problem != "" {
			return nil, []string{problem}
		}
		cr.account = acc
	}
	if errs := f.schema.validate(args); errs != nil {
		return nil, errs
	}
	cr.args = args
	if f.Call.Paginate {
		start, ok := decodeCursor(cursor)
		if !ok {
			return nil, map[string]string{"next_page": "Invalid cursor"}
		}
		cr.start, cr.limit = start, f.Call.DefaultLimit
		if n, ok := args["limit"].(json.Number); ok {
			l, err := strconv.Atoi(n.String())
			if err != nil || l < 1 || l > 500 {
				return nil, map[string]string{"limit": "Must be a whole number between 1 and 500"}
			}
			cr.limit = l
		}
	}
	return cr, nil
}

// pickAccount returns the account a call runs with, or why there is none.
func (s *Server) pickAccount(r *http.Request, user string, app *CatalogApp) (*account, string, error) {
	accs, err := s.st.accounts(user, app.Name)
	if err != nil {
		return nil, "", err
	}
	if id := r.URL.Query().Get("connected_account_id"); id != "" {
		for i := range accs {
			if strconv.FormatInt(accs[i].ID, 10) == id {
				return &accs[i], "", nil
			}
		}
		return nil, fmt.Sprintf("Connected account %s was not found among the user's %s accounts.", id, app.Title), nil
	}
	switch len(accs) {
	case 0:
		return nil, fmt.Sprintf("User has not connected their %s account. To connect an account, please call following SDK method: `connect('%s')`", app.Title, app.Name), nil
	case 1:
		return &accs[0], "", nil
	}
	return nil, fmt.Sprintf("User has connected %d %s accounts. Please pass `connected_account_id` to choose one.", len(accs), app.Title), nil
}

// execute makes the onward HTTP call to the app's provider with the
// account's bearer token, refreshing it first when it has expired (and once
// more if the provider still answers 401), then logs the executed call.
// callResult is what calling a function answers, in the wire's key order:
// network_code, output, and while a function pages, next_page ("" on the
// last page) and _cursor (only while a next page is: the Python client reads
// any _cursor into a string field and fails on null;
// docs/protocol-additions.md).
type callResult struct {
	NetworkCode string          `json:"network_code"`
	Output      json.RawMessage `json:"output"`
	NextPage    *string         `json:"next_page,omitempty"`
	Cursor      string          `json:"_cursor,omitempty"`
}

func (s *Server) execute(ctx context.Context, r *http.Request, cr *callRequest) (*callResult, error) {
	base := s.internal(r)
	if cr.account != nil && s.expired(cr.account) {
		if err := s.refreshAccount(ctx, base, cr.account); err != nil {
			return nil, err
		}
	}
	status, body, err := s.onward(ctx, base, cr)
	if err != nil {
		return nil, err
	}
	if status == http.StatusUnauthorized && cr.account != nil && cr.account.RefreshToken != "" {
		s.log.Info("provider refused the token; refreshing and retrying", "account", cr.account.ID, "app", cr.account.App)
		if err := s.refreshAccount(ctx, base, cr.account); err != nil {
			return nil, err
		}
		if status, body, err = s.onward(ctx, base, cr); err != nil {
			return nil, err
		}
	}
	output := json.RawMessage("null")
	if len(bytes.TrimSpace(body)) > 0 {
		if json.Valid(body) {
			output = body
		} else {
			output = mustMarshal(string(body))
		}
	}
	res := &callResult{NetworkCode: strconv.Itoa(status)}
	var next *string
	if status >= 200 && status < 300 && cr.fn.Call.Output != "" {
		if o, err := jsonx.Get(output, cr.fn.Call.Output); err == nil {
			output = o
		}
		if len(output) == 0 || string(output) == "null" {
			output = json.RawMessage("[]")
		}
	}
	if cr.fn.Call.Paginate {
		// Like Integry, the sandbox cannot tell whether more data follows a
		// full page, so a full page always gets a cursor, even the last one;
		// the next call then returns [] with an empty next_page.
		n := ""
		var items []json.RawMessage
		if status >= 200 && status < 300 && json.Unmarshal(output, &items) == nil && len(items) == cr.limit {
			n = encodeCursor(cr.start + cr.limit)
		}
		next = &n
	}
	res.Output = output
	if next != nil {
		// next_page is the JS SDK's name; _cursor the REST reference's.
		res.NextPage, res.Cursor = next, *next
	}
	call := Call{Function: cr.fn.Name, App: cr.fn.app.Name, Arguments: mustMarshal(cr.args),
		NetworkCode: strconv.Itoa(status), Output: output, NextPage: next, CreatedAt: s.now()}
	if cr.account != nil {
		call.ConnectedAccountID = cr.account.ID
	}
	if cr.run != nil {
		run := *cr.run
		if status >= 200 && status < 300 {
			run.Status = runCompleted
		}
		call.Run = &run
	}
	logged, err := s.st.logCall(cr.user, call)
	if err != nil {
		return nil, fmt.Errorf("logging the call: %w", err)
	}
	cr.callID = logged.ID
	s.providerEvent(ctx, r, cr, status, output)
	return res, nil
}

func (s *Server) expired(a *account) bool {
	return !a.ExpiresAt.IsZero() && !s.now().Before(a.ExpiresAt)
}

// onward sends the provider request and returns its status and body.
func (s *Server) onward(ctx context.Context, base string, cr *callRequest) (int, []byte, error) {
	args := map[string]any{}
	for k, v := range cr.args {
		args[k] = v
	}
	p := tagRE.ReplaceAllStringFunc(cr.fn.Call.Path, func(m string) string {
		k := m[1 : len(m)-1]
		v := args[k]
		delete(args, k)
		return url.PathEscape(queryValue(v))
	})
	u := base + "/providers/" + url.PathEscape(cr.fn.app.Name) + p
	var body io.Reader
	method := strings.ToUpper(cr.fn.Call.Method)
	q := url.Values{}
	if method == http.MethodGet {
		for k, v := range args {
			if v != nil {
				q.Set(k, queryValue(v))
			}
		}
	} else {
		body = bytes.NewReader(mustMarshal(args))
	}
	if cr.fn.Call.Paginate {
		q.Set("start", strconv.Itoa(cr.start))
		q.Set("limit", strconv.Itoa(cr.limit))
	}
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cr.account != nil {
		req.Header.Set("Authorization", "Bearer "+cr.account.AccessToken)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, b, nil
}

func queryValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	return string(mustMarshal(v))
}

// refreshAccount exchanges the account's refresh token at the provider's
// token endpoint, over HTTP, as Integry does before an onward call. One
// refresh per account runs at a time; a caller that waited finds the fresh
// token already stored.
func (s *Server) refreshAccount(ctx context.Context, base string, a *account) error {
	mu, _ := s.refreshMu.LoadOrStore(a.ID, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	cur, ok, err := s.st.account(a.User, a.ID)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the connected account was removed")
	}
	if cur.AccessToken != a.AccessToken && !s.expired(&cur) {
		*a = cur // another call refreshed it meanwhile
		return nil
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {cur.RefreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/providers/"+url.PathEscape(a.App)+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("refreshing the token: %w", err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		ExpiresIn    int    `json:"expires_in"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&tok); err != nil || resp.StatusCode != http.StatusOK || tok.AccessToken == "" {
		return fmt.Errorf("refreshing the token: provider answered %d", resp.StatusCode)
	}
	// The provider rotated the tokens in the shared store; read them back.
	fresh, ok, err := s.st.account(a.User, a.ID)
	if err != nil || !ok || fresh.AccessToken != tok.AccessToken {
		return fmt.Errorf("refreshing the token: the new token was not stored")
	}
	*a = fresh
	s.log.Info("token refreshed", "account", a.ID, "app", a.App, "expires_in", time.Duration(tok.ExpiresIn)*time.Second)
	return nil
}
