package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/integry-go/integry/internal/jsonx"
)

// Runs: a trigger fires, and every active integration of the user whose
// template listens for it runs its actions, in order, through the same
// path as a function call (prepare, execute, log). Each run is stored with
// its steps and each step is a call in the call log, tagged with the run
// (docs/flows.md#runs).

// CallRun ties a call-log entry to the flow run it belongs to.
type CallRun struct {
	IntegrationID int64  `json:"integration_id"`
	RunID         int64  `json:"run_id"`
	Step          string `json:"step"`   // trigger, action_1, …
	Status        string `json:"status"` // COMPLETED, FAILED
}

// Run statuses.
const (
	runCompleted = "COMPLETED"
	runFailed    = "FAILED"
)

type flowRun struct {
	ID          int64           `json:"id"`
	Integration int64           `json:"integration"`
	Template    int64           `json:"template"`
	App         string          `json:"app"`
	Event       string          `json:"event"`
	Status      string          `json:"status"`
	StartedAt   time.Time       `json:"started_at"`
	FinishedAt  time.Time       `json:"finished_at"`
	Trigger     json.RawMessage `json:"trigger_data"`
	Steps       []runStep       `json:"steps"`
}

type runStep struct {
	Step        string          `json:"step"`
	Function    string          `json:"function"`
	Status      string          `json:"status"`
	NetworkCode string          `json:"network_code"`
	CallID      int64           `json:"call_id"`
	Output      json.RawMessage `json:"output"`
}

// maxRunDepth bounds runs started by actions of runs (a flow whose action
// fires another flow's trigger): a cycle of templates stops there.
const maxRunDepth = 3

type runDepthKey struct{}

func runDepth(ctx context.Context) int {
	d, _ := ctx.Value(runDepthKey{}).(int)
	return d
}

// fireTrigger answers POST /_sandbox/triggers/{app}/{event}: the body (an
// object; empty for the template's sample) is the trigger data; the answer
// is the runs it started ({"runs": [...]}, none when no active integration
// listens). connected_account_id in the query limits it to integrations
// whose trigger step uses that account.
func (s *Server) fireTrigger(w http.ResponseWriter, r *http.Request, user, app, event string) {
	body, ok := readBody(w, r, 256<<10)
	if !ok {
		return
	}
	data := json.RawMessage(strings.TrimSpace(string(body)))
	if len(data) > 0 {
		if !isObject(data) {
			detail(w, http.StatusBadRequest, "The trigger data must be a JSON object.")
			return
		}
	}
	var account int64
	if v := r.URL.Query().Get("connected_account_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			detail(w, http.StatusBadRequest, "connected_account_id must be a number.")
			return
		}
		account = id
	}
	runs, err := s.fire(r.Context(), r, user, app, event, data, account)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

// listTriggers answers GET /_sandbox/triggers: each trigger the templates
// listen for, once, with its title, sample data, the function whose call
// fires it, the templates that use it and the user's active integrations
// that would run (docs/flows.md#runs).
func (s *Server) listTriggers(w http.ResponseWriter, r *http.Request, user string) {
	ints, err := s.st.integrations(user)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	type trigger struct {
		App          string          `json:"app"`
		Event        string          `json:"event"`
		Title        string          `json:"title"`
		FiredBy      string          `json:"fired_by,omitempty"`
		Sample       json.RawMessage `json:"sample"`
		Templates    []int64         `json:"templates"`
		Integrations []int64         `json:"active_integrations"`
		URL          string          `json:"url"`
	}
	out := []*trigger{}
	byKey := map[string]*trigger{}
	for _, t := range s.flows().list {
		key := t.Trigger.App + "/" + t.Trigger.Event
		tr := byKey[key]
		if tr == nil {
			tr = &trigger{App: t.Trigger.App, Event: t.Trigger.Event, Title: t.Trigger.Title, FiredBy: t.Trigger.FiredBy,
				Sample: t.Trigger.Sample, Templates: []int64{}, Integrations: []int64{},
				URL: s.base(r) + "/_sandbox/triggers/" + url.PathEscape(t.Trigger.App) + "/" + url.PathEscape(t.Trigger.Event)}
			byKey[key] = tr
			out = append(out, tr)
		}
		tr.Templates = append(tr.Templates, t.ID)
		for _, in := range ints {
			if in.Template == t.ID && in.Status == statusActive {
				tr.Integrations = append(tr.Integrations, in.ID)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"triggers": out})
}

// fire runs every active integration of user that listens for app's event
// (on account, when not 0) with data (nil: each template's sample).
func (s *Server) fire(ctx context.Context, r *http.Request, user, app, event string, data json.RawMessage, account int64) ([]flowRun, error) {
	runs := []flowRun{}
	if runDepth(ctx) >= maxRunDepth {
		return runs, nil
	}
	ctx = context.WithValue(ctx, runDepthKey{}, runDepth(ctx)+1)
	ints, err := s.st.integrations(user)
	if err != nil {
		return nil, err
	}
	fc := s.flows()
	for _, in := range ints {
		t := fc.byID[in.Template]
		if t == nil || in.Status != statusActive || t.Trigger.App != app || t.Trigger.Event != event || len(in.Steps) != len(t.steps) {
			continue
		}
		if account != 0 && in.Steps[0].Authorization != account {
			continue
		}
		d := data
		if len(d) == 0 {
			d = t.Trigger.Sample
		}
		run, err := s.run(ctx, r, in, t, d)
		if err != nil {
			return nil, err
		}
		runs = append(runs, run)
	}
	return runs, nil
}

// run executes one integration's actions for one trigger.
func (s *Server) run(ctx context.Context, r *http.Request, in integration, t *FlowTemplate, data json.RawMessage) (flowRun, error) {
	run := flowRun{Integration: in.ID, Template: t.ID, App: t.Trigger.App, Event: t.Trigger.Event, Status: runCompleted,
		StartedAt: s.now(), Trigger: data, Steps: []runStep{}}
	id, err := s.st.nextRunID()
	if err != nil {
		return run, err
	}
	run.ID = id
	var trigger any
	if err := json.Unmarshal(data, &trigger); err != nil {
		return run, fmt.Errorf("trigger data: %w", err)
	}
	steps := map[string]any{"trigger": stepVars(trigger)}
	vars := map[string]any{}
	if m, ok := trigger.(map[string]any); ok && t.Trigger.WebhookObject != "" {
		// A webhook object's tags are its bare paths ({customer.email}).
		maps.Copy(vars, m)
	}
	vars["steps"] = steps
	tc, err := s.st.logCall(in.User, Call{Function: "trigger:" + t.Trigger.Event, App: t.Trigger.App,
		ConnectedAccountID: in.Steps[0].Authorization, Arguments: json.RawMessage("{}"), NetworkCode: "200", Output: data,
		CreatedAt: s.now(), Run: &CallRun{IntegrationID: in.ID, RunID: run.ID, Step: "trigger", Status: runCompleted}})
	if err != nil {
		return run, err
	}
	run.Steps = append(run.Steps, runStep{Step: "trigger", Function: "trigger:" + t.Trigger.Event, Status: runCompleted, NetworkCode: "200", CallID: tc.ID, Output: data})
	for i, st := range t.steps[1:] {
		step := s.runAction(ctx, r, in, st, in.Steps[i+1], vars, run.ID)
		run.Steps = append(run.Steps, step)
		if step.Status != runCompleted {
			run.Status = runFailed
			break
		}
		var out any
		if json.Unmarshal(step.Output, &out) == nil {
			steps[st.machineName] = stepVars(out)
		}
	}
	run.FinishedAt = s.now()
	if err := s.st.saveRun(in.User, run); err != nil {
		return run, err
	}
	return run, nil
}

// stepVars is what a step's tags read: {steps.<step>.out.<path>}, as the
// official mapping menu writes them, and the shorter {steps.<step>.<path>}
// (docs/flows.md#runs).
func stepVars(out any) map[string]any {
	v := map[string]any{}
	if m, ok := out.(map[string]any); ok {
		for k, x := range m {
			v[k] = x
		}
	}
	v["out"] = out
	return v
}

// runAction runs one action step: its values with the tags replaced become
// the function's arguments, checked and executed as a function call is.
func (s *Server) runAction(ctx context.Context, r *http.Request, in integration, st *flowStep, saved integrationStep, vars map[string]any, runID int64) runStep {
	tag := &CallRun{IntegrationID: in.ID, RunID: runID, Step: st.machineName, Status: runFailed}
	out := runStep{Step: st.machineName, Function: st.fn.Name, Status: runFailed}
	args := map[string]any{}
	for _, f := range st.fields {
		for _, v := range saved.Values {
			if v.TemplateField == f.id {
				args[f.field.Name] = substitute(v.Value, vars)
			}
		}
	}
	refuse := func(details any) runStep {
		body := mustMarshal(map[string]any{"error": msgInvalidInput, "error_details": details})
		c, err := s.st.logCall(in.User, Call{Function: st.fn.Name, App: st.app.Name, ConnectedAccountID: saved.Authorization,
			Arguments: mustMarshal(args), NetworkCode: "400", Output: body, CreatedAt: s.now(), Run: tag})
		if err == nil {
			out.CallID = c.ID
		}
		out.NetworkCode, out.Output = "400", body
		return out
	}
	cr := &callRequest{fn: st.fn, user: in.User, args: args, run: tag}
	if st.app.Auth != AuthNone {
		acc, ok, err := s.st.account(in.User, saved.Authorization)
		if err != nil || !ok || acc.App != st.app.Name {
			return refuse([]string{fmt.Sprintf("The %s account this integration uses is no longer connected.", st.app.Title)})
		}
		cr.account = &acc
	}
	if errs := st.fn.schema.validate(args); errs != nil {
		return refuse(errs)
	}
	if st.fn.Call.Paginate {
		cr.limit = st.fn.Call.DefaultLimit
	}
	res, err := s.execute(ctx, r, cr)
	if err != nil {
		body := mustMarshal(map[string]any{"error": err.Error()})
		out.NetworkCode, out.Output = "502", body
		return out
	}
	out.NetworkCode, out.Output = res.NetworkCode, res.Output
	out.CallID = cr.callID
	if code, _ := strconv.Atoi(out.NetworkCode); code >= 200 && code < 300 {
		out.Status = runCompleted
	}
	return out
}

// providerEvent starts the runs a successful call is the trigger of: a
// template whose trigger is fired_by the function, on the same account.
func (s *Server) providerEvent(ctx context.Context, r *http.Request, cr *callRequest, status int, output json.RawMessage) {
	if status < 200 || status >= 300 || cr.account == nil {
		return
	}
	for _, t := range s.flows().list {
		if t.Trigger.FiredBy != cr.fn.Name {
			continue
		}
		data := output
		if t.Trigger.DataPath != "" {
			data, _ = jsonx.Get(output, t.Trigger.DataPath)
		}
		if !isObject(data) {
			continue
		}
		if _, err := s.fire(ctx, r, cr.user, t.Trigger.App, t.Trigger.Event, data, cr.account.ID); err != nil {
			s.log.Warn("flow runs after a provider event", "function", cr.fn.Name, "err", err)
		}
		return // one fire per event: fire runs every template that listens
	}
}

// ---- store ----

func (s *store) nextRunID() (int64, error) {
	var id int64
	err := s.kv.update(func(t tx) error {
		seq, err := nextSeq(t, "runs")
		id = int64(seq)
		return err
	})
	return id, err
}

// saveRun stores a run and records it on its integration.
func (s *store) saveRun(user string, run flowRun) error {
	return s.kv.update(func(t tx) error {
		key := integrationKey(user, run.Integration)
		in, ok, err := getJSON[integration](t, bIntegrations, key)
		if err != nil || !ok {
			return err // deleted meanwhile: the run goes with it
		}
		started := run.StartedAt
		in.LastRunStatus, in.LastRunStartTime = run.Status, &started
		if err := putJSON(t, bIntegrations, key, in); err != nil {
			return err
		}
		return putJSON(t, bRuns, key+"/"+idKey(run.ID), run)
	})
}

func (s *store) runs(user string, integrationID int64) ([]flowRun, error) {
	out := []flowRun{}
	err := s.kv.view(func(t tx) error {
		return t.scan(bRuns, integrationKey(user, integrationID)+"/", func(_ string, v []byte) error {
			var run flowRun
			if err := json.Unmarshal(v, &run); err != nil {
				return err
			}
			out = append(out, run)
			return nil
		})
	})
	return out, err
}

// listRuns answers GET /api/v1/integrations/{id}/runs/: the integration's
// runs, newest first.
func (s *Server) listRuns(w http.ResponseWriter, r *http.Request, user, idText string) {
	in, ok := s.loadIntegration(w, r, user, idText)
	if !ok {
		return
	}
	runs, err := s.st.runs(user, in.ID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	out := make([]flowRun, 0, len(runs))
	for i := len(runs) - 1; i >= 0; i-- {
		out = append(out, runs[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(out), "next": nil, "previous": nil, "results": out})
}
