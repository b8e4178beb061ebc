package sandbox

import (
	"net/http"
	"strconv"
)

// The two reads the official SDK's own showApps() makes before it draws
// its marketplace: the apps (GET /api/v1/sdk/flow-apps/) and the app's user
// variables (GET /api/v1/app-user-variables/). The sandbox lists its
// catalog with the number of flows that use each app (docs/flows.md) and
// its app's user variables (docs/flows.md#user-variables).

// flowAuthType names an app's auth the way the flows API does; the official
// marketplace shows "No login required" for NO_AUTH.
func flowAuthType(a AuthType) string {
	switch a {
	case AuthNone:
		return "NO_AUTH"
	case AuthAPIKey:
		return "API_KEY"
	}
	return "OAUTH2"
}

// flowApps answers GET /api/v1/sdk/flow-apps/: a page-numbered list (page,
// page_size, default 100) of {id, name, icon_url, authorization_type:
// {id, type, authorizations}, …}, name being the title people read, with
// the user's connected accounts as authorizations. links.next is the URL
// of the next page with the caller's own query (the official SDK fetches it
// as it is), or null.
func (s *Server) flowApps(w http.ResponseWriter, r *http.Request, user string) {
	q := r.URL.Query()
	size, page := 100, 1
	for _, p := range []struct {
		key string
		to  *int
	}{{"page_size", &size}, {"page", &page}} {
		if v := q.Get(p.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				writeJSON(w, http.StatusBadRequest, map[string]any{p.key: []string{"A valid positive integer is required."}})
				return
			}
			*p.to = n
		}
	}
	accs, err := s.st.accounts(user, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	// tags (a,b) keep the apps of the flows with any of them, as the
	// official marketplace asks (docs/protocol.md#surface-options).
	tagged := len(queryTags(r)) > 0
	results := []map[string]any{}
	for _, a := range s.cat.apps {
		if o := s.flowAppObject(r, user, a, accs); !tagged || o["flows_count"] != 0 {
			results = append(results, o)
		}
	}
	start := (page - 1) * size
	cut := []map[string]any{}
	if start < len(results) {
		cut = results[start:min(start+size, len(results))]
	}
	var next, prev any
	link := func(p int) string {
		v := r.URL.Query()
		v.Set("page", strconv.Itoa(p))
		return s.base(r) + "/api/v1/sdk/flow-apps/?" + v.Encode()
	}
	if start+size < len(results) {
		next = link(page + 1)
	}
	if page > 1 {
		prev = link(page - 1)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"count": len(results), "links": map[string]any{"next": next, "previous": prev}, "results": cut,
	})
}

// UserVariables are the user variables the sandbox's app defines: values
// each user's config carries in its user object (docs/flows.md#user-variables).
var UserVariables = []map[string]any{
	{"id": 1, "key": "api_key", "title": "API key", "description": "The user's API key in your app (user.apiKey).", "is_required": true},
	{"id": 2, "key": "workspace_id", "title": "Workspace ID", "description": "The user's workspace in your app (user.workspace_id).", "is_required": false},
}

// appUserVariables answers GET /api/v1/app-user-variables/: a page
// {count, next, previous, results} of the app's user variables; the
// official runtime reads results (docs/flows.md#user-variables).
func (s *Server) appUserVariables(w http.ResponseWriter, r *http.Request, user string) {
	writeJSON(w, http.StatusOK, map[string]any{"count": len(UserVariables), "next": nil, "previous": nil, "results": UserVariables})
}

// flowAppObject is an app as the flows API shows it: {id, name, app_name,
// icon_url, docs_url, flows_count, authorization_type: {id, type,
// authorizations}}, name being the title people read, with the user's
// connected accounts as authorizations.
func (s *Server) flowAppObject(r *http.Request, user string, a *CatalogApp, accs []account) map[string]any {
	app := s.appObject(r, user, a, accs)
	auths := []map[string]any{}
	for _, acc := range app.ConnectedAccounts {
		auths = append(auths, map[string]any{"id": acc.ID, "user_identity": acc.DisplayName, "modified_at": acc.ModifiedAt,
			"authorization_type": flowAuthType(a.Auth)})
	}
	flows, tags := 0, queryTags(r) // with tags, only their flows count
	for _, t := range s.flows().list {
		if t.usesApp(a) && matchesTags(t, tags) {
			flows++
		}
	}
	return map[string]any{
		"id": a.ID, "name": a.Title, "app_name": a.Name, "icon_url": app.IconURL, "docs_url": a.DocsURL,
		"auth_update_required": false, "flows_count": flows,
		"authorization_type": map[string]any{"id": a.ID, "type": flowAuthType(a.Auth), "authorizations": auths},
	}
}
