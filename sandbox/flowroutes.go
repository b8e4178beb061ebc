package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// flowRoute serves the flows API (docs/flows.md) and reports whether the
// path was one of its routes. The route table in routes.go calls it before
// it gives up on a path.
func (s *Server) flowRoute(w http.ResponseWriter, r *http.Request, seg []string) bool {
	n := len(seg)
	get := []string{"GET"}
	is := func(prefix ...string) bool {
		if n < len(prefix) {
			return false
		}
		for i, p := range prefix {
			if p != "*" && seg[i] != p {
				return false
			}
		}
		return true
	}
	switch {
	case n == 3 && is("v2", "template", "*"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.getTemplate(w, r, user, seg[2]) })
	case n == 3 && is("template_field", "*", "options"):
		s.api(w, r, []string{"GET", "POST"}, func(w http.ResponseWriter, r *http.Request, user string) { s.fieldOptions(w, r, user, seg[1]) })
	case n == 2 && is("template_step", "*"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.getTemplateStep(w, r, user, seg[1]) })
	case n == 4 && is("api", "v1", "sdk", "flows"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.listFlows(w, r, user, nil, nil) })
	case n == 2 && is("bundle", "*"):
		s.api(w, r, get, s.bundle)
	case n == 5 && is("api", "v1", "sdk", "apps", "*"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.flowApp(w, r, user, seg[4]) })
	case n == 6 && is("api", "v1", "sdk", "apps", "*", "flows"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.appFlows(w, r, user, seg[4]) })
	case n == 8 && is("api", "v1", "sdk", "bundle", "*", "apps", "*", "templates"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.appFlows(w, r, user, seg[6]) })
	case n == 2 && is("v2", "integration"):
		s.api(w, r, []string{"POST"}, func(w http.ResponseWriter, r *http.Request, user string) { s.saveIntegration(w, r, user, nil) })
	case (n == 3 || n == 4) && is("v2", "integration", "*"):
		action := ""
		if n == 4 {
			action = seg[3]
		}
		s.api(w, r, []string{"GET", "PUT"}, func(w http.ResponseWriter, r *http.Request, user string) {
			s.integrationAPI(w, r, user, seg[2], action)
		})
	case n == 3 && is("setup", "template", "*"):
		s.api(w, r, []string{"DELETE"}, func(w http.ResponseWriter, r *http.Request, user string) {
			s.deleteIntegrationHandler(w, r, user, seg[2])
		})
	case n == 3 && is("api", "v1", "integrations"):
		s.api(w, r, get, s.listIntegrations)
	case n == 4 && is("api", "v1", "integrations", "*"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.integrationAPI(w, r, user, seg[3], "") })
	case n == 5 && is("api", "v1", "integrations", "*", "runs"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.listRuns(w, r, user, seg[3]) })
	case n == 5 && is("api", "v1", "integrations", "*", "versions"):
		// One version per template: an upgrade changes nothing.
		s.api(w, r, []string{"PUT"}, func(w http.ResponseWriter, r *http.Request, user string) { s.integrationAPI(w, r, user, seg[3], "") })
	case n == 4 && is("api", "v1", "activities", "*"):
		s.api(w, r, get, func(w http.ResponseWriter, r *http.Request, user string) { s.activity(w, r, user, seg[3]) })
	case n == 3 && is("auth", "login", "*"):
		// The flow setup form's "Add account" opens the login page by the
		// step's authorization_type.id (the app's ID): the same consent
		// page as login_url, whose message the form reads
		// (docs/flows.md#setup).
		a := s.appByIDText(seg[2])
		if a == nil {
			detail(w, http.StatusNotFound, "App not found")
			return true
		}
		s.login(w, r, a.Name)
	case n == 2 && is("auth", "verify"):
		s.api(w, r, []string{"POST"}, s.verifyAuthorization)
	case n == 4 && is("_sandbox", "triggers", "*", "*"):
		s.api(w, r, []string{"POST"}, func(w http.ResponseWriter, r *http.Request, user string) { s.fireTrigger(w, r, user, seg[2], seg[3]) })
	default:
		return false
	}
	return true
}

// matchesTags reports whether t carries one of tags (none: every template).
func matchesTags(t *FlowTemplate, tags []string) bool {
	if len(tags) == 0 {
		return true
	}
	for _, tag := range tags {
		if slices.Contains(t.Tags, tag) {
			return true
		}
	}
	return false
}

// queryTags reads the comma-separated tags of a query.
func queryTags(r *http.Request) []string {
	var out []string
	for _, t := range strings.Split(r.URL.Query().Get("tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// listFlows answers GET /api/v1/sdk/flows/ (and, with keep, an app's
// flows): {count, next, previous, results} with every template as a flow
// and the user's integrations of it (those keepInt keeps) as its
// instances.
func (s *Server) listFlows(w http.ResponseWriter, r *http.Request, user string, keep func(*FlowTemplate) bool, keepInt func(integration) bool) {
	all, err := s.st.integrations(user)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	ints := all[:0:0]
	for _, in := range all {
		if keepInt == nil || keepInt(in) {
			ints = append(ints, in)
		}
	}
	tags := queryTags(r)
	results := []map[string]any{}
	for _, t := range s.flows().list {
		if matchesTags(t, tags) && (keep == nil || keep(t)) {
			results = append(results, s.flowObject(r, t, ints))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(results), "next": nil, "previous": nil, "results": results})
}

// bundle answers GET /bundle/{id}/, the older listing the setup form
// reloads after a save: the flows and the user's integrations.
func (s *Server) bundle(w http.ResponseWriter, r *http.Request, user string) {
	ints, err := s.st.integrations(user)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	fc := s.flows()
	templates := []map[string]any{}
	for _, t := range fc.list {
		templates = append(templates, s.flowObject(r, t, ints))
	}
	list := []map[string]any{}
	for i := len(ints) - 1; i >= 0; i-- {
		list = append(list, ints[i].object(fc.byID[ints[i].Template]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"templates": templates, "integrations": list})
}

// usesApp reports whether any step of t runs on the app.
func (t *FlowTemplate) usesApp(a *CatalogApp) bool {
	for _, st := range t.steps {
		if st.app == a {
			return true
		}
	}
	return false
}

// appByIDText finds a catalog app by its numeric ID or its name.
func (s *Server) appByIDText(idText string) *CatalogApp {
	if a := s.cat.byApp[idText]; a != nil {
		return a
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return nil
	}
	for _, a := range s.cat.apps {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// flowApp answers GET /api/v1/sdk/apps/{id}/: the app as the flow-apps
// list shows it.
func (s *Server) flowApp(w http.ResponseWriter, r *http.Request, user, idText string) {
	a := s.appByIDText(idText)
	if a == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	accs, err := s.st.accounts(user, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.flowAppObject(r, user, a, accs))
}

// appFlows answers GET /api/v1/sdk/apps/{id}/flows/: the flows that use
// the app, with the user's integrations; with authorization_id, only the
// integrations whose steps on that app use that account.
func (s *Server) appFlows(w http.ResponseWriter, r *http.Request, user, idText string) {
	a := s.appByIDText(idText)
	if a == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	var keepInt func(integration) bool
	if v := r.URL.Query().Get("authorization_id"); v != "" {
		account, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			detail(w, http.StatusBadRequest, "authorization_id must be a number.")
			return
		}
		fc := s.flows()
		keepInt = func(in integration) bool {
			t := fc.byID[in.Template]
			for i, st := range in.Steps {
				if t != nil && i < len(t.steps) && t.steps[i].app == a && st.Authorization == account {
					return true
				}
			}
			return false
		}
	}
	s.listFlows(w, r, user, func(t *FlowTemplate) bool { return t.usesApp(a) }, keepInt)
}

// getTemplate answers GET /v2/template/{id}/.
func (s *Server) getTemplate(w http.ResponseWriter, r *http.Request, user, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	t := s.flows().byID[id]
	if t == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	ints, err := s.st.integrations(user)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.templateObject(r, t, ints))
}

// getTemplateStep answers GET /template_step/{id}/[?integration_id=…].
func (s *Server) getTemplateStep(w http.ResponseWriter, r *http.Request, user, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	fc := s.flows()
	st := fc.step[id]
	if st == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	t := fc.byID[id/10]
	var in *integration
	if v := r.URL.Query().Get("integration_id"); v != "" && v != "0" && v != "null" && v != "NaN" {
		got, ok := s.loadIntegration(w, r, user, v)
		if !ok {
			return
		}
		if got.Template != t.ID {
			detail(w, http.StatusNotFound, "Not found.")
			return
		}
		in = &got
	}
	accs, err := s.st.accounts(user, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.templateStep(r, st, t, accs, in))
}

// verifyAuthorization answers POST /auth/verify?authorization_id=…, the
// check the official setup form makes when a step's account is chosen:
// {"is_valid": true} for an account the user has; otherwise 404, or with
// return_error=true a 200 {"is_valid": false, "error_message": …}
// (docs/flows.md#setup).
func (s *Server) verifyAuthorization(w http.ResponseWriter, r *http.Request, user string) {
	id, err := strconv.ParseInt(r.URL.Query().Get("authorization_id"), 10, 64)
	if err == nil {
		if _, ok, err := s.st.account(user, id); err != nil {
			s.internalError(w, r, err)
			return
		} else if ok {
			writeJSON(w, http.StatusOK, map[string]any{"is_valid": true})
			return
		}
	}
	const msg = "This account is not connected."
	if r.URL.Query().Get("return_error") == "true" {
		writeJSON(w, http.StatusOK, map[string]any{"is_valid": false, "error_message": msg})
		return
	}
	detail(w, http.StatusNotFound, msg)
}

// activity answers GET /api/v1/activities/{id}/?Q&response_format=json_schema,
// which the official function form reads instead of a function's signature
// when it is given an activity (is_activity, activity_id): an action step's
// activity (its template step ID) answers its function's signature with
// meta, as GET /functions/{name}/get/?include=meta does (docs/flows.md#endpoints).
func (s *Server) activity(w http.ResponseWriter, r *http.Request, user, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	st := s.flows().step[id]
	if st == nil || st.fn == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	accs, err := s.st.accounts(user, st.app.Name)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st.fn.signature(s.base(r), true, s.metaApp(r, user, st.app, accs), nil))
}
