package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Integrations: a template a user has set up. The official runtime creates
// one with POST /v2/integration/, edits it with PUT /v2/integration/{id}/,
// renames, enables and disables it under /v2/integration/{id}/…, reads it
// with GET /v2/integration/{id} and deletes it with DELETE
// /setup/template/{id}/ (docs/flows.md#integrations). They are stored per
// user in the sandbox's database.

const (
	bIntegrations = "integrations" // user/id → integration JSON
	bRuns         = "runs"         // user/integration id/run id → run JSON
)

// integrationIDBase makes integration IDs look like Integry's.
const integrationIDBase = 60000

// Integration statuses.
const (
	statusActive   = "ACTIVE"
	statusInactive = "INACTIVE"
)

type integration struct {
	ID               int64             `json:"id"`
	User             string            `json:"user"`
	Template         int64             `json:"template"`
	Name             string            `json:"name"`
	Status           string            `json:"status"`
	CreatedAt        time.Time         `json:"created_at"`
	ModifiedAt       time.Time         `json:"modified_at"`
	Steps            []integrationStep `json:"steps"` // in template order; 0 is the trigger
	LastRunStatus    string            `json:"last_run_status"`
	LastRunStartTime *time.Time        `json:"last_run_start_time"`
}

type integrationStep struct {
	ID            int64        `json:"id"`
	TemplateStep  int64        `json:"template_step"`
	Authorization int64        `json:"authorization"` // 0: none
	Values        []fieldValue `json:"values"`
}

type fieldValue struct {
	ID            int64  `json:"id"`
	TemplateField int64  `json:"template_field"`
	Value         string `json:"value"`
}

// instance is the integration as flow listings show it (the official
// Instance type).
func (in integration) instance() map[string]any {
	var last any
	if in.LastRunStartTime != nil {
		last = in.LastRunStartTime.Format(time.RFC3339Nano)
	}
	return map[string]any{
		"id": in.ID, "name": in.Name, "status": in.Status, "last_run_status": in.LastRunStatus,
		"last_run_start_time": last, "error_app_name": "", "error_code": nil, "first_error_received_at": nil,
		"usage_limit_reached_at": nil, "is_test_integration": false, "version_upgrade_in_progress": false,
		"created_at": in.CreatedAt, "modified_at": in.ModifiedAt,
	}
}

// object is the integration as the /v2/integration endpoints answer:
// what the official runtime reads after a save (id, name, template,
// status, steps[].returned_data) and on edit (status, is_test_integration).
func (in integration) object(t *FlowTemplate) map[string]any {
	o := in.instance()
	o["template"] = in.Template
	o["template_version"] = 1
	o["knowledge_base"] = nil
	steps := []map[string]any{}
	for i, st := range in.Steps {
		name := ""
		if t != nil && i < len(t.steps) {
			name = t.steps[i].machineName
		}
		var auth any
		if st.Authorization != 0 {
			auth = st.Authorization
		}
		values := []map[string]any{}
		for _, v := range st.Values {
			values = append(values, map[string]any{"id": v.ID, "template_field": v.TemplateField, "value": v.Value})
		}
		steps = append(steps, map[string]any{"id": st.ID, "template_step": st.TemplateStep, "activity_id": st.TemplateStep,
			"step_name": name, "authorization": auth, "returned_data": nil, "app_user_data": values})
	}
	o["steps"] = steps
	return o
}

func integrationKey(user string, id int64) string { return userKey(user) + "/" + idKey(id) }

// integrations returns user's integrations, oldest first.
func (s *store) integrations(user string) ([]integration, error) {
	out := []integration{}
	err := s.kv.view(func(t tx) error {
		return t.scan(bIntegrations, userKey(user)+"/", func(_ string, v []byte) error {
			var in integration
			if err := json.Unmarshal(v, &in); err != nil {
				return err
			}
			out = append(out, in)
			return nil
		})
	})
	return out, err
}

func (s *store) integration(user string, id int64) (in integration, ok bool, err error) {
	err = s.kv.view(func(t tx) error {
		in, ok, err = getJSON[integration](t, bIntegrations, integrationKey(user, id))
		return err
	})
	return in, ok, err
}

// errNoIntegration is an update of an integration the user does not have.
var errNoIntegration = errors.New("no such integration")

// updateIntegration applies fn to user's integration id in one transaction.
func (s *store) updateIntegration(user string, id int64, fn func(*integration) error) (integration, error) {
	var out integration
	err := s.kv.update(func(t tx) error {
		in, ok, err := getJSON[integration](t, bIntegrations, integrationKey(user, id))
		if err != nil {
			return err
		}
		if !ok {
			return errNoIntegration
		}
		if err := fn(&in); err != nil {
			return err
		}
		out = in
		return putJSON(t, bIntegrations, integrationKey(user, id), in)
	})
	return out, err
}

// createIntegration numbers in (and its steps and values) and stores it.
func (s *store) createIntegration(in integration) (integration, error) {
	err := s.kv.update(func(t tx) error {
		seq, err := nextSeq(t, "integrations")
		if err != nil {
			return err
		}
		in.ID = integrationIDBase + int64(seq)
		numberSteps(&in)
		return putJSON(t, bIntegrations, integrationKey(in.User, in.ID), in)
	})
	return in, err
}

// numberSteps gives steps and values IDs derived from the integration's:
// step i is id*10+i, value j of a step is step*100+j+1.
func numberSteps(in *integration) {
	for i := range in.Steps {
		st := &in.Steps[i]
		st.ID = in.ID*10 + int64(i)
		for j := range st.Values {
			st.Values[j].ID = st.ID*100 + int64(j) + 1
		}
	}
}

// deleteIntegration removes user's integration and its runs.
func (s *store) deleteIntegration(user string, id int64) (bool, error) {
	found := false
	err := s.kv.update(func(t tx) error {
		key := integrationKey(user, id)
		if t.get(bIntegrations, key) == nil {
			return nil
		}
		found = true
		var runs []string
		if err := t.scan(bRuns, key+"/", func(k string, _ []byte) error { runs = append(runs, k); return nil }); err != nil {
			return err
		}
		for _, k := range runs {
			if err := t.del(bRuns, k); err != nil {
				return err
			}
		}
		return t.del(bIntegrations, key)
	})
	return found, err
}

// ---- handlers ----

// integrationID parses the {id} of a route; 404 when it is not a number.
func integrationID(w http.ResponseWriter, s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		detail(w, http.StatusNotFound, "Not found.")
		return 0, false
	}
	return id, true
}

// loadIntegration answers 404 for an integration the user does not have.
func (s *Server) loadIntegration(w http.ResponseWriter, r *http.Request, user, idText string) (integration, bool) {
	id, ok := integrationID(w, idText)
	if !ok {
		return integration{}, false
	}
	in, ok, err := s.st.integration(user, id)
	if err != nil {
		s.internalError(w, r, err)
		return integration{}, false
	}
	if !ok {
		detail(w, http.StatusNotFound, "Not found.")
		return integration{}, false
	}
	return in, true
}

// savePayload is the body the official setup form sends (docs/flows.md#save).
type savePayload struct {
	Name     *string    `json:"name"`
	Template int64      `json:"template"`
	Steps    []saveStep `json:"steps"`
}

// saveStep is one step of a savePayload: its account and its values.
type saveStep struct {
	Authorization *int64 `json:"authorization"`
	TemplateStep  int64  `json:"template_step"`
	AppUserData   []struct {
		Value         *string `json:"value"`
		TemplateField int64   `json:"template_field"`
	} `json:"app_user_data"`
}

// saveIntegration answers POST /v2/integration/ (create) and PUT
// /v2/integration/{id}/ (edit; existing nil to create). The query's
// activate says whether the integration is active afterwards (default
// true on create, unchanged on edit).
func (s *Server) saveIntegration(w http.ResponseWriter, r *http.Request, user string, existing *integration) {
	body, ok := readBody(w, r, 256<<10)
	if !ok {
		return
	}
	var p savePayload
	if err := json.Unmarshal(body, &p); err != nil {
		detail(w, http.StatusBadRequest, "JSON parse error - "+err.Error())
		return
	}
	fc := s.flows()
	if existing != nil && p.Template == 0 {
		p.Template = existing.Template
	}
	t := fc.byID[p.Template]
	if t == nil || (existing != nil && existing.Template != p.Template) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"template": []string{fmt.Sprintf("Invalid pk %q - object does not exist.", strconv.FormatInt(p.Template, 10))}})
		return
	}
	accs, err := s.st.accounts(user, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	in := integration{User: user, Template: t.ID, Name: t.Name, Status: statusActive, CreatedAt: s.now(), ModifiedAt: s.now()}
	if existing != nil {
		in = *existing
		in.ModifiedAt = s.now()
	}
	if p.Name != nil && strings.TrimSpace(*p.Name) != "" && (existing == nil || *p.Name != t.Name) {
		in.Name = strings.TrimSpace(*p.Name)
	}
	problems := map[string]string{}
	steps := make([]integrationStep, len(t.steps))
	for i, st := range t.steps {
		steps[i] = integrationStep{TemplateStep: st.id}
		if existing != nil && i < len(existing.Steps) {
			steps[i].ID = existing.Steps[i].ID
		}
		var sent *saveStep
		for k := range p.Steps {
			if p.Steps[k].TemplateStep == st.id {
				sent = &p.Steps[k]
			}
		}
		if st.app.Auth != AuthNone {
			var auth int64
			if sent != nil && sent.Authorization != nil {
				auth = *sent.Authorization
			}
			if auth == 0 && existing != nil && i < len(existing.Steps) {
				auth = existing.Steps[i].Authorization
			}
			if !ownsAccount(accs, st.app.Name, auth) {
				problems[st.machineName] = fmt.Sprintf("Choose one of the user's %s accounts.", st.app.Title)
			}
			steps[i].Authorization = auth
		}
		for _, f := range st.fields {
			v := f.field.Default
			if existing != nil && i < len(existing.Steps) {
				for _, old := range existing.Steps[i].Values {
					if old.TemplateField == f.id {
						v = old.Value
					}
				}
			}
			if sent != nil {
				for _, d := range sent.AppUserData {
					if d.TemplateField == f.id && d.Value != nil {
						v = *d.Value
					}
				}
			}
			if f.required && strings.TrimSpace(v) == "" {
				problems[st.machineName+"."+f.field.Name] = "This field is required."
			}
			steps[i].Values = append(steps[i].Values, fieldValue{TemplateField: f.id, Value: v})
		}
	}
	if len(problems) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"steps": problems})
		return
	}
	in.Steps = steps
	if a := r.URL.Query().Get("activate"); a != "" {
		if a == "false" {
			in.Status = statusInactive
		} else {
			in.Status = statusActive
		}
	}
	if existing == nil {
		in, err = s.st.createIntegration(in)
		if err == nil {
			w.Header().Set("Location", s.base(r)+"/v2/integration/"+strconv.FormatInt(in.ID, 10))
		}
	} else {
		numberSteps(&in)
		in, err = s.st.updateIntegration(user, in.ID, func(old *integration) error { *old = in; return nil })
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	status := http.StatusOK
	if existing == nil {
		status = http.StatusCreated
	}
	writeJSON(w, status, in.object(t))
}

func ownsAccount(accs []account, app string, id int64) bool {
	for _, a := range accs {
		if a.App == app && a.ID == id {
			return true
		}
	}
	return false
}

// integrationAPI routes /v2/integration/{id}[/rename|enable|disable]/.
func (s *Server) integrationAPI(w http.ResponseWriter, r *http.Request, user, idText, action string) {
	in, ok := s.loadIntegration(w, r, user, idText)
	if !ok {
		return
	}
	t := s.flows().byID[in.Template]
	switch {
	case action == "" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, in.object(t))
	case action == "" && r.Method == http.MethodPut:
		s.saveIntegration(w, r, user, &in)
	case action == "rename" && r.Method == http.MethodPut:
		body, ok := readBody(w, r, 64<<10)
		if !ok {
			return
		}
		var p struct {
			Name *string `json:"name"`
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Name == nil || strings.TrimSpace(*p.Name) == "" {
			writeJSON(w, http.StatusBadRequest, map[string]any{"name": []string{"This field may not be blank."}})
			return
		}
		s.changeIntegration(w, r, user, in.ID, t, func(in *integration) { in.Name = strings.TrimSpace(*p.Name) })
	case (action == "enable" || action == "disable") && r.Method == http.MethodPut:
		s.changeIntegration(w, r, user, in.ID, t, func(in *integration) {
			in.Status = statusInactive
			if action == "enable" {
				in.Status = statusActive
			}
		})
	case action == "" || action == "rename" || action == "enable" || action == "disable":
		allow := "PUT, OPTIONS"
		if action == "" {
			allow = "GET, PUT, OPTIONS"
		}
		w.Header().Set("Allow", allow)
		detail(w, http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", r.Method))
	default:
		detail(w, http.StatusNotFound, "Not found.")
	}
}

func (s *Server) changeIntegration(w http.ResponseWriter, r *http.Request, user string, id int64, t *FlowTemplate, fn func(*integration)) {
	in, err := s.st.updateIntegration(user, id, func(in *integration) error {
		fn(in)
		in.ModifiedAt = s.now()
		return nil
	})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, in.object(t))
}

// deleteIntegrationHandler answers DELETE /setup/template/{id}/: 204, or
// 404 for an integration the user does not have.
func (s *Server) deleteIntegrationHandler(w http.ResponseWriter, r *http.Request, user, idText string) {
	id, ok := integrationID(w, idText)
	if !ok {
		return
	}
	found, err := s.st.deleteIntegration(user, id)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if !found {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listIntegrations answers GET /api/v1/integrations/ (a sandbox addition
// for servers, docs/flows.md#server-api): the user's integrations, newest
// first, in the shape of GET /v2/integration/{id}.
func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request, user string) {
	ints, err := s.st.integrations(user)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	fc := s.flows()
	out := []map[string]any{}
	for i := len(ints) - 1; i >= 0; i-- {
		out = append(out, ints[i].object(fc.byID[ints[i].Template]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(out), "next": nil, "previous": nil, "results": out})
}
