package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// verify answers E1 verify-sdk-config.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, user string) {
	writeJSON(w, http.StatusOK, map[string]any{
		"config_verified": true,
		"meta":            map[string]any{"app": map[string]string{"name": s.opts.AppName}, "storage": map[string]any{}},
	})
}

// appObject renders an app for user (docs/protocol.md#app-object): accounts
// newest first,
// login_url to the sandbox's consent page carrying the caller's credentials
// and, when the request came from an allowed page, its origin.
func (s *Server) appObject(r *http.Request, user string, a *CatalogApp, accounts []account) sdk.App {
	base := s.base(r)
	out := sdk.App{
		ID: a.ID, Name: a.Name, Title: a.Title, IconURL: base + a.iconPath(), DocsURL: a.DocsURL,
		AllowMultipleConnectedAccounts: a.AllowMultipleConnectedAccounts,
		ConnectedAccounts:              []sdk.ConnectedAccount{},
	}
	for _, acc := range accounts {
		if acc.App == a.Name {
			out.ConnectedAccounts = append(out.ConnectedAccounts, sdk.ConnectedAccount{ID: acc.ID, DisplayName: acc.DisplayName, ModifiedAt: acc.ModifiedAt})
		}
	}
	sdk.SortAccounts(out.ConnectedAccounts)
	if a.Auth != AuthNone {
		key, hash, _ := credentials(r)
		q := url.Values{}
		q.Set("app_key", key)
		q.Set("hash", hash)
		q.Set("user_id", user)
		if o := s.postMessageOrigin(r, r.Header.Get("Origin")); o != "" {
			q.Set("origin", o)
		}
		out.LoginURL = base + "/sandbox/login/" + url.PathEscape(a.Name) + "/?" + q.Encode()
	}
	return out
}

// getApp answers E2 (POST apps/{app}/get) and E9 (GET apps/{app}).
func (s *Server) getApp(w http.ResponseWriter, r *http.Request, user, name string) {
	a := s.cat.byApp[name]
	if a == nil {
		detail(w, http.StatusNotFound, "App not found")
		return
	}
	accs, err := s.st.accounts(user, name)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.appObject(r, user, a, accs))
}

// cursor is an opaque page position: base64url of {"start":n} (it reads
// "eyJ…" like Integry's).
func encodeCursor(start int) string {
	return base64.RawURLEncoding.EncodeToString(mustMarshal(map[string]int{"start": start}))
}

func decodeCursor(c string) (int, bool) {
	if c == "" {
		return 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(c, "="))
	if err != nil {
		return 0, false
	}
	var v struct {
		Start *int `json:"start"`
	}
	if json.Unmarshal(b, &v) != nil || v.Start == nil || *v.Start < 0 {
		return 0, false
	}
	return *v.Start, true
}

// bodyCursor reads _cursor from the query or from a JSON body.
func bodyCursor(r *http.Request, body []byte) string {
	if c := r.URL.Query().Get("_cursor"); c != "" {
		return c
	}
	var b struct {
		Cursor *string `json:"_cursor"`
	}
	if json.Unmarshal(body, &b) == nil && b.Cursor != nil {
		return *b.Cursor
	}
	return ""
}

// queryBool reads a boolean query parameter the way the server libraries
// spell true: "true" (JavaScript, the SDK), "True" (Python's urlencode of
// True) and "1". Anything else, absence included, is false.
func queryBool(q url.Values, key string) bool {
	switch q.Get(key) {
	case "true", "True", "TRUE", "1":
		return true
	}
	return false
}

// includes reports whether the include parameter names what: "meta", or a
// comma-separated list as the Python client joins it.
func includes(q url.Values, what string) bool {
	return slices.Contains(strings.Split(q.Get("include"), ","), what)
}

// pageWindow reads page_size (default 50, as the REST reference says) and
// the _cursor (query or body) of a list endpoint. It writes the 400 itself
// and returns ok false when either is invalid.
func pageWindow(w http.ResponseWriter, r *http.Request, body []byte) (start, size int, ok bool) {
	size = 50
	if v := r.URL.Query().Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"page_size": []string{"A valid positive integer is required."}})
			return 0, 0, false
		}
		size = n
	}
	start, ok = decodeCursor(bodyCursor(r, body))
	if !ok {
		detail(w, http.StatusBadRequest, "Invalid cursor")
		return 0, 0, false
	}
	return start, size, true
}

// pageOf cuts one page out of all and returns the next page's cursor, or
// nil on the last page (a null _cursor: the Python paginator fetches again
// on anything else).
func pageOf[T any](all []T, start, size int) ([]T, *string) {
	page := []T{}
	if start < len(all) {
		page = all[start:min(start+size, len(all))]
	}
	if start+size < len(all) {
		c := encodeCursor(start + size)
		return page, &c
	}
	return page, nil
}

// listApps answers E3: page_size (default 50), search, connected_only and
// _cursor (query or body). The last page's _cursor is null.
func (s *Server) listApps(w http.ResponseWriter, r *http.Request, user string) {
	body, ok := readBody(w, r, 64<<10)
	if !ok {
		return
	}
	q := r.URL.Query()
	start, size, ok := pageWindow(w, r, body)
	if !ok {
		return
	}
	accs, err := s.st.accounts(user, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	search := strings.ToLower(strings.TrimSpace(q.Get("search")))
	connectedOnly := queryBool(q, "connected_only")
	var all []sdk.App
	for _, a := range s.cat.apps {
		if search != "" && !strings.Contains(strings.ToLower(a.Name+" "+a.Title), search) {
			continue
		}
		app := s.appObject(r, user, a, accs)
		if connectedOnly && len(app.ConnectedAccounts) == 0 {
			continue
		}
		all = append(all, app)
	}
	page, next := pageOf(all, start, size)
	writeJSON(w, http.StatusOK, map[string]any{"apps": page, "_cursor": next, "count": len(all)})
}

// listFunctions answers E4: filters app, type, connected_only, search;
// include=meta adds the hints. Pages hold page_size functions (default 50)
// and are walked with _cursor (query or body); the last page's is null.
func (s *Server) listFunctions(w http.ResponseWriter, r *http.Request, user string) {
	body, ok := readBody(w, r, 64<<10)
	if !ok {
		return
	}
	q := r.URL.Query()
	start, size, ok := pageWindow(w, r, body)
	if !ok {
		return
	}
	typ := strings.ToUpper(q.Get("type"))
	if typ != "" && typ != "QUERY" && typ != "ACTION" && typ != "PASSTHROUGH" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"type": []string{"Must be one of QUERY, ACTION or PASSTHROUGH."}})
		return
	}
	accs, err := s.st.accounts(user, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	withMeta := includes(q, "meta")
	search := strings.ToLower(strings.TrimSpace(q.Get("search")))
	out := []*jsonx.Value{}
	for _, f := range s.cat.fns {
		if app := q.Get("app"); app != "" && f.app.Name != app {
			continue
		}
		if typ != "" && f.Type != typ {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(f.Name+" "+f.Description), search) {
			continue
		}
		if queryBool(q, "connected_only") && f.app.Auth != AuthNone && !hasApp(accs, f.app.Name) {
			continue
		}
		out = append(out, f.signature(s.base(r), withMeta, s.metaApp(r, user, f.app, accs), nil))
	}
	page, next := pageOf(out, start, size)
	writeJSON(w, http.StatusOK, map[string]any{"functions": page, "_cursor": next})
}

func hasApp(accs []account, app string) bool {
	return slices.ContainsFunc(accs, func(a account) bool { return a.App == app })
}

// getFunction answers E5. GET returns the bare signature; POST reads
// {"prompt"?, "_variables"?} and adds arguments, and include=meta adds meta.
func (s *Server) getFunction(w http.ResponseWriter, r *http.Request, user, name string) {
	f := s.cat.byFn[name]
	if f == nil {
		detail(w, http.StatusNotFound, "Function not found")
		return
	}
	body, ok := readBody(w, r, 256<<10)
	if !ok {
		return
	}
	var arguments *jsonx.Value
	if r.Method == http.MethodPost {
		args, err := decodeArgs(body)
		if err != nil {
			detail(w, http.StatusBadRequest, err.Error())
			return
		}
		var vars map[string]any
		if v := args["_variables"]; v != nil {
			if vars, ok = v.(map[string]any); !ok {
				writeJSON(w, http.StatusBadRequest, map[string]any{"_variables": []string{"Must be an object."}})
				return
			}
		}
		prompt, _ := args["prompt"].(string)
		if len(vars) > 0 || prompt != "" {
			arguments = f.suggestArguments(prompt, vars)
		}
	}
	withMeta := includes(r.URL.Query(), "meta")
	var app any
	if withMeta {
		accs, err := s.st.accounts(user, f.app.Name)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		app = s.metaApp(r, user, f.app, accs)
	}
	writeJSON(w, http.StatusOK, f.signature(s.base(r), withMeta, app, arguments))
}

// deleteAccount answers E8. Unknown and foreign accounts are both 404, so
// a user cannot probe other users' IDs.
func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, user, id string) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	if f := r.URL.Query().Get("force"); f != "" && f != "true" && f != "false" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"force": []string{"Must be true or false."}})
		return
	}
	found, err := s.st.deleteAccount(user, n)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if !found {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	s.log.Info("account disconnected", "account", n)
	w.WriteHeader(http.StatusNoContent)
}
