package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The fake providers are small stateful HTTP APIs under /providers/{app}/,
// shaped like the real ones closely enough for the seed's samples. The
// sandbox reaches them over real HTTP with the account's bearer token; their
// data lives in the same store, keyed by the connected external account.

// preq is one provider request after authentication.
type preq struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	app  string
	path []string // after /providers/{app}/
	tok  token    // zero for apps without login
	body map[string]any
}

// providerFunc handles one app's API. It returns false for an unknown route.
type providerFunc func(p *preq) bool

// providers maps app names to their fake APIs. A catalog app must have one.
var providers = map[string]providerFunc{
	"slack":      slackProvider,
	"pipedrive":  pipedriveProvider,
	"hubspot":    hubspotProvider,
	"sendgrid":   sendgridProvider,
	"open-meteo": openMeteoProvider,
}

// unauthorized bodies, as each provider words them.
var unauthorizedBody = map[string]any{
	"slack":     map[string]any{"ok": false, "error": "invalid_auth"},
	"pipedrive": map[string]any{"success": false, "error": "unauthorized access", "errorCode": 401},
	"hubspot":   map[string]any{"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"},
	"sendgrid":  map[string]any{"errors": []any{map[string]any{"field": nil, "message": "authorization required"}}},
}

func (s *Server) provider(w http.ResponseWriter, r *http.Request, app string, path []string) {
	a := s.cat.byApp[app]
	pf := providers[app]
	if a == nil || pf == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown provider"})
		return
	}
	p := &preq{s: s, w: w, r: r, app: app, path: path}
	if len(path) == 2 && path[0] == "oauth" && path[1] == "token" {
		s.tokenEndpoint(w, r, a)
		return
	}
	if a.Auth != AuthNone {
		tok, ok := s.bearer(r, app)
		if !ok {
			writeJSON(w, http.StatusUnauthorized, unauthorizedBody[app])
			return
		}
		p.tok = tok
	}
	if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err == nil && len(b) > 0 {
			if args, err := decodeArgs(b); err == nil {
				p.body = args
			}
		}
		if p.body == nil {
			p.body = map[string]any{}
		}
	}
	if !pf(p) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Unknown method " + r.Method + " /" + strings.Join(path, "/")})
	}
}

// bearer checks the Authorization header: for OAuth apps against the tokens
// the provider issued (the right app, not expired by the sandbox clock),
// for API-key apps the key's form.
func (s *Server) bearer(r *http.Request, app string) (token, bool) {
	h := r.Header.Get("Authorization")
	t, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return token{}, false
	}
	if a := s.cat.byApp[app]; a != nil && a.Auth == AuthAPIKey {
		// Like SendGrid, any well-formed key is an account of its own; the
		// same key is the same account, whoever presents it.
		if !validAPIKey(t) {
			return token{}, false
		}
		return token{Kind: "apikey", App: app, External: externalID("", app, t)}, true
	}
	tk, ok, err := s.st.token(t)
	if err != nil || !ok || tk.App != app || (tk.Kind != "access" && tk.Kind != "apikey") {
		return token{}, false
	}
	if !tk.ExpiresAt.IsZero() && !s.now().Before(tk.ExpiresAt) {
		return token{}, false
	}
	return tk, true
}

// tokenEndpoint is the OAuth token endpoint (grant_type=refresh_token).
func (s *Server) tokenEndpoint(w http.ResponseWriter, r *http.Request, a *CatalogApp) {
	if r.Method != http.MethodPost || a.Auth != AuthOAuth {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	tk, _, _ := s.st.token(r.PostForm.Get("refresh_token"))
	if tk.App != a.Name {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	access, refresh, exp, err := s.st.refresh(r.PostForm.Get("refresh_token"), s.now(), s.opts.TokenTTL)
	if errors.Is(err, errBadRefresh) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
		"expires_in": int(exp.Sub(s.now()) / time.Second)})
}

func (p *preq) route(method string, parts ...string) bool {
	if p.r.Method != method || len(parts) != len(p.path) {
		return false
	}
	for i, part := range parts {
		if part != "*" && part != p.path[i] {
			return false
		}
	}
	return true
}

func (p *preq) json(status int, v any) bool {
	writeJSON(p.w, status, v)
	return true
}

func (p *preq) str(k string) string {
	if v, ok := p.body[k].(string); ok {
		return v
	}
	return ""
}

func (p *preq) num(k string) (float64, bool) {
	switch v := p.body[k].(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}

func (p *preq) page() (start, limit int) {
	q := p.r.URL.Query()
	start, _ = strconv.Atoi(q.Get("start"))
	limit, _ = strconv.Atoi(q.Get("limit"))
	if start < 0 {
		start = 0
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return start, limit
}

func (p *preq) insert(coll string, mk func(id int64) (any, error)) (json.RawMessage, error) {
	return p.s.st.insertRecord(p.app, p.tok.External, coll, mk)
}

func (p *preq) list(coll string) ([]json.RawMessage, error) {
	start, limit := p.page()
	return p.s.st.records(p.app, p.tok.External, coll, start, limit)
}

func (p *preq) fail(err error) bool {
	p.s.internalError(p.w, p.r, err)
	return true
}

func (p *preq) stamp() string { return p.s.now().Format(time.RFC3339) }
