package sandbox_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// Flows against the sandbox as the official runtime's requests make them
// (docs/flows.md): templates, integrations, runs.

// setupBody is a save body as the official setup form sends it: one entry
// per template step with its account and values (docs/flows.md#save).
func setupBody(template int64, steps ...string) string {
	return `{"template": ` + strconv.FormatInt(template, 10) + `, "steps": [` + strings.Join(steps, ",") + `]}`
}

func stepBody(templateStep, account int64, values ...string) string {
	return `{"template_step": ` + strconv.FormatInt(templateStep, 10) + `, "authorization": ` + strconv.FormatInt(account, 10) +
		`, "app_user_data": [` + strings.Join(values, ",") + `]}`
}

func valueBody(field int64, v string) string {
	b, _ := json.Marshal(v)
	return `{"template_field": ` + strconv.FormatInt(field, 10) + `, "value": ` + string(b) + `}`
}

// setUpPipedriveToSlack connects both apps for user and saves template
// 7101 with the message text; it returns the integration's ID.
func setUpPipedriveToSlack(t *testing.T, sb *sandboxtest.Sandbox, user, text string) int64 {
	t.Helper()
	pd := sb.Connect(t, user, "pipedrive", "pd@acme.com")
	sl := sb.Connect(t, user, "slack", "team@acme.com")
	r := api(t, sb, user, "POST", "/v2/integration/?activate=true", setupBody(7101,
		stepBody(71010, pd), stepBody(71011, sl, valueBody(7101101, "general"), valueBody(7101102, text))))
	wantStatus(t, r, 201)
	id, _ := r.json(t)["id"].(float64)
	if id == 0 {
		t.Fatalf("no id: %s", r.body)
	}
	return int64(id)
}

func TestFlowTemplatesReadAsTheOfficialRuntimeReadsThem(t *testing.T) {
	sb := sandboxtest.New(t)
	r := api(t, sb, "u1", "GET", "/api/v1/sdk/flows/", "")
	wantStatus(t, r, 200)
	var list struct {
		Count   int `json:"count"`
		Results []struct {
			ID          int64  `json:"id"`
			Name        string `json:"name"`
			BrandingApp struct {
				Name string `json:"name"`
			} `json:"branding_app"`
			Instances []any `json:"instances"`
		} `json:"results"`
	}
	if err := json.Unmarshal(r.body, &list); err != nil || list.Count != 5 || len(list.Results) != 5 {
		t.Fatalf("flows: %v %s", err, r.body)
	}
	if r := api(t, sb, "u1", "GET", "/api/v1/sdk/flows/?tags=chat", ""); strings.Count(string(r.body), `"branding_app"`) != 2 {
		t.Fatalf("tag chat: %s", r.body)
	}
	r = api(t, sb, "u1", "GET", "/v2/template/7101/", "")
	wantStatus(t, r, 200)
	if steps, _ := r.json(t)["steps"].([]any); len(steps) != 2 {
		t.Fatalf("template steps: %s", r.body)
	}
	r = api(t, sb, "u1", "GET", "/template_step/71011/", "")
	wantStatus(t, r, 200)
	var step struct {
		Activity struct {
			Type     string `json:"type"`
			Endpoint string `json:"endpoint"`
		} `json:"activity"`
		Fields []struct {
			ID            int64  `json:"id"`
			Default       string `json:"default_value"`
			ActivityField struct {
				MachineName string `json:"machine_name"`
			} `json:"activity_field"`
		} `json:"template_fields"`
	}
	if err := json.Unmarshal(r.body, &step); err != nil || step.Activity.Type != "ACTION" || step.Activity.Endpoint != "slack-post-message" ||
		len(step.Fields) != 2 || step.Fields[1].ActivityField.MachineName != "text" || !strings.Contains(step.Fields[1].Default, "{steps.trigger.out.name}") {
		t.Fatalf("action step: %v %s", err, r.body)
	}
	wantStatus(t, api(t, sb, "u1", "GET", "/template_step/99999/", ""), 404)
	// The official function form reads an action's activity as a signature.
	r = api(t, sb, "u1", "GET", "/api/v1/activities/71011/?response_format=json_schema", "")
	wantStatus(t, r, 200)
	if sig := r.json(t); sig["name"] != "slack-post-message" || sig["meta"] == nil || sig["parameters"] == nil {
		t.Fatalf("activity 71011: %s", r.body)
	}
	wantStatus(t, api(t, sb, "u1", "GET", "/api/v1/activities/71010/", ""), 404) // a trigger has no signature
	// The apps list counts the flows each app is in.
	r = api(t, sb, "u1", "GET", "/api/v1/sdk/apps/slack/", "")
	wantStatus(t, r, 200)
	if n, _ := r.json(t)["flows_count"].(float64); n != 4 {
		t.Fatalf("slack flows_count: %s", r.body)
	}
	// An app's flows, with the instances that use one of its accounts.
	id := setUpPipedriveToSlack(t, sb, "u1", "hi")
	instances := func(path string) int {
		t.Helper()
		r := api(t, sb, "u1", "GET", path, "")
		wantStatus(t, r, 200)
		return strings.Count(string(r.body), `"last_run_status"`)
	}
	steps := api(t, sb, "u1", "GET", "/v2/integration/"+strconv.FormatInt(id, 10), "").json(t)["steps"].([]any)
	pd := strconv.Itoa(int(steps[0].(map[string]any)["authorization"].(float64)))
	sl := strconv.Itoa(int(steps[1].(map[string]any)["authorization"].(float64)))
	if n := instances("/api/v1/sdk/apps/pipedrive/flows/"); n != 1 {
		t.Fatalf("pipedrive flows: %d instances, want 1", n)
	}
	if n := instances("/api/v1/sdk/apps/pipedrive/flows/?authorization_id=" + pd); n != 1 {
		t.Fatalf("pipedrive flows of its account: %d instances, want 1", n)
	}
	if n := instances("/api/v1/sdk/apps/pipedrive/flows/?authorization_id=" + sl); n != 0 {
		t.Fatalf("pipedrive flows of the slack account: %d instances", n)
	}
	r = api(t, sb, "u1", "GET", "/api/v1/sdk/bundle/1/apps/sendgrid/templates/", "")
	if strings.Count(string(r.body), `"branding_app"`) != 1 {
		t.Fatalf("sendgrid templates: %s", r.body)
	}
}

func TestIntegrationLifecycle(t *testing.T) {
	sb := sandboxtest.New(t)
	id := setUpPipedriveToSlack(t, sb, "u1", "New person: {steps.trigger.out.name}")
	path := "/v2/integration/" + strconv.FormatInt(id, 10)
	status := func() string {
		t.Helper()
		r := api(t, sb, "u1", "GET", path, "")
		wantStatus(t, r, 200)
		s, _ := r.json(t)["status"].(string)
		return s
	}
	if got := status(); got != "ACTIVE" {
		t.Fatalf("after setup: %s", got)
	}
	wantStatus(t, api(t, sb, "u1", "PUT", path+"/disable/", ""), 200)
	if got := status(); got != "INACTIVE" {
		t.Fatalf("after disable: %s", got)
	}
	wantStatus(t, api(t, sb, "u1", "PUT", path+"/enable/", ""), 200)
	if got := status(); got != "ACTIVE" {
		t.Fatalf("after enable: %s", got)
	}
	wantStatus(t, api(t, sb, "u1", "PUT", path+"/rename/", `{"name": "  "}`), 400)
	wantStatus(t, api(t, sb, "u1", "PUT", path+"/rename/", `{"name": "Persons to #general"}`), 200)
	// An edit sends only what changed; the rest stays.
	wantStatus(t, api(t, sb, "u1", "PUT", path+"/?activate=false", setupBody(7101, stepBody(71011, 0, valueBody(7101101, "random")))), 200)
	r := api(t, sb, "u1", "GET", "/api/v1/integrations/", "")
	wantStatus(t, r, 200)
	for _, want := range []string{`"name":"Persons to #general"`, `"status":"INACTIVE"`, `"value":"random"`, `"value":"New person: {steps.trigger.out.name}"`, `"authorization":100002`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("integrations lack %s: %s", want, r.body)
		}
	}
	// The official upgrade finds one version: nothing changes. The older
	// bundle listing the form reloads shows the integration.
	r = api(t, sb, "u1", "PUT", "/api/v1/integrations/"+strconv.FormatInt(id, 10)+"/versions/", `{"version": 1}`)
	wantStatus(t, r, 200)
	if r.json(t)["name"] != "Persons to #general" {
		t.Fatalf("after the upgrade: %s", r.body)
	}
	r = api(t, sb, "u1", "GET", "/bundle/1/", "")
	var bundle struct {
		Templates    []any `json:"templates"`
		Integrations []struct {
			ID int64 `json:"id"`
		} `json:"integrations"`
	}
	if err := json.Unmarshal(r.body, &bundle); err != nil || len(bundle.Templates) != 5 || len(bundle.Integrations) != 1 || bundle.Integrations[0].ID != id {
		t.Fatalf("bundle: %v %s", err, r.body)
	}

	// Another user sees none of it.
	wantStatus(t, api(t, sb, "u2", "GET", path, ""), 404)
	wantStatus(t, api(t, sb, "u2", "DELETE", "/setup/template/"+strconv.FormatInt(id, 10)+"/", ""), 404)
	wantStatus(t, api(t, sb, "u1", "DELETE", "/setup/template/"+strconv.FormatInt(id, 10)+"/", ""), 204)
	wantStatus(t, api(t, sb, "u1", "GET", path, ""), 404)
	if r := api(t, sb, "u1", "GET", "/api/v1/integrations/", ""); !strings.Contains(string(r.body), `"count":0`) {
		t.Fatalf("after delete: %s", r.body)
	}
}

func TestSaveRefusesAccountsOfOthersAndEmptyRequiredFields(t *testing.T) {
	sb := sandboxtest.New(t)
	pd := sb.Connect(t, "u1", "pipedrive", "pd")
	other := sb.Connect(t, "u2", "slack", "not mine")
	r := api(t, sb, "u1", "POST", "/v2/integration/", setupBody(7101, stepBody(71010, pd), stepBody(71011, other, valueBody(7101102, " "))))
	wantStatus(t, r, 400)
	for _, want := range []string{`"action_1":`, `"action_1.text":"This field is required."`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("refusal lacks %s: %s", want, r.body)
		}
	}
	wantStatus(t, api(t, sb, "u1", "POST", "/v2/integration/", setupBody(42)), 400)
	// The setup form's account check.
	r = api(t, sb, "u1", "POST", "/auth/verify?authorization_id="+strconv.FormatInt(pd, 10), "")
	wantJSON(t, r, `{"is_valid": true}`)
	wantStatus(t, api(t, sb, "u1", "POST", "/auth/verify?authorization_id="+strconv.FormatInt(other, 10), ""), 404)
}

// slackMessages reads #general through the catalog's own function.
func slackMessages(t *testing.T, sb *sandboxtest.Sandbox, user string) string {
	t.Helper()
	r := api(t, sb, user, "POST", "/functions/slack-get-conversation-history/call/", `{"channel": "general"}`)
	wantStatus(t, r, 200)
	return string(r.body)
}

func TestFiringATriggerRunsTheFlowAndLogsEveryStep(t *testing.T) {
	sb := sandboxtest.New(t)
	id := setUpPipedriveToSlack(t, sb, "u1", "New Pipedrive person: {steps.trigger.out.name}")
	r := api(t, sb, "u1", "POST", "/_sandbox/triggers/pipedrive/person.added", `{"id": 7, "name": "Ada Lovelace"}`)
	wantStatus(t, r, 200)
	var fired struct {
		Runs []struct {
			ID          int64  `json:"id"`
			Integration int64  `json:"integration"`
			Status      string `json:"status"`
			Steps       []struct {
				Step, Function, Status string
			} `json:"steps"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(r.body, &fired); err != nil || len(fired.Runs) != 1 || fired.Runs[0].Status != "COMPLETED" ||
		fired.Runs[0].Integration != id || len(fired.Runs[0].Steps) != 2 || fired.Runs[0].Steps[1].Function != "slack-post-message" {
		t.Fatalf("runs: %v %s", err, r.body)
	}
	if msgs := slackMessages(t, sb, "u1"); !strings.Contains(msgs, "New Pipedrive person: Ada Lovelace") {
		t.Fatalf("#general: %s", msgs)
	}
	var steps []string
	for _, c := range sb.Calls(t, "u1") {
		if c.Run != nil && c.Run.RunID == fired.Runs[0].ID {
			steps = append(steps, c.Run.Step+" "+c.Function+" "+c.Run.Status+" "+c.NetworkCode)
		}
	}
	if strings.Join(steps, "; ") != "trigger trigger:person.added COMPLETED 200; action_1 slack-post-message COMPLETED 200" {
		t.Fatalf("call log of the run: %q", steps)
	}
	r = api(t, sb, "u1", "GET", "/api/v1/integrations/"+strconv.FormatInt(id, 10)+"/runs/", "")
	if !strings.Contains(string(r.body), `"count":1`) || !strings.Contains(string(r.body), `"status":"COMPLETED"`) {
		t.Fatalf("run history: %s", r.body)
	}
	if r := api(t, sb, "u1", "GET", "/v2/integration/"+strconv.FormatInt(id, 10), ""); !strings.Contains(string(r.body), `"last_run_status":"COMPLETED"`) {
		t.Fatalf("last run: %s", r.body)
	}

	// The triggers list names the integration that would run.
	r = api(t, sb, "u1", "GET", "/_sandbox/triggers", "")
	wantStatus(t, r, 200)
	var triggers struct {
		Triggers []struct {
			App          string  `json:"app"`
			Event        string  `json:"event"`
			Templates    []int64 `json:"templates"`
			Integrations []int64 `json:"active_integrations"`
			URL          string  `json:"url"`
		} `json:"triggers"`
	}
	if err := json.Unmarshal(r.body, &triggers); err != nil || len(triggers.Triggers) != 3 {
		t.Fatalf("triggers: %v %s", err, r.body)
	}
	pd := triggers.Triggers[1]
	if pd.App != "pipedrive" || pd.Event != "person.added" || len(pd.Templates) != 1 || len(pd.Integrations) != 1 || pd.Integrations[0] != id ||
		pd.URL != sb.URL+"/_sandbox/triggers/pipedrive/person.added" {
		t.Fatalf("the pipedrive trigger: %+v", pd)
	}

	// A disabled integration does not run.
	wantStatus(t, api(t, sb, "u1", "PUT", "/v2/integration/"+strconv.FormatInt(id, 10)+"/disable/", ""), 200)
	r = api(t, sb, "u1", "POST", "/_sandbox/triggers/pipedrive/person.added", "")
	wantJSON(t, r, `{"runs": []}`)

	// Starting the user over removes their integrations and runs.
	wantStatus(t, api(t, sb, "u1", "POST", "/_sandbox/reset", ""), 200)
	if r := api(t, sb, "u1", "GET", "/api/v1/integrations/", ""); !strings.Contains(string(r.body), `"count":0`) {
		t.Fatalf("after reset: %s", r.body)
	}
}

// Adding a person in Pipedrive through a function call is the provider
// event: it runs the flow, and a flow whose action fails is a FAILED run.
func TestProviderEventsRunFlows(t *testing.T) {
	sb := sandboxtest.New(t)
	id := setUpPipedriveToSlack(t, sb, "u1", "Say hi to {steps.trigger.name}")
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{"name": "Grace Hopper"}`), 200)
	if msgs := slackMessages(t, sb, "u1"); !strings.Contains(msgs, "Say hi to Grace Hopper") {
		t.Fatalf("#general: %s", msgs)
	}
	// The Slack account is disconnected: the action cannot run.
	r := api(t, sb, "u1", "GET", "/v2/integration/"+strconv.FormatInt(id, 10), "")
	slack := strconv.Itoa(int(r.json(t)["steps"].([]any)[1].(map[string]any)["authorization"].(float64)))
	wantStatus(t, api(t, sb, "u1", "DELETE", "/connected-accounts/"+slack, ""), 204)
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/pipedrive-add-a-person/call/", `{"name": "Alan Turing"}`), 200)
	var failed []string
	for _, c := range sb.Calls(t, "u1") {
		if c.Run != nil && c.Run.Status == "FAILED" {
			failed = append(failed, c.Function+" "+c.NetworkCode)
		}
	}
	if strings.Join(failed, ";") != "slack-post-message 400" {
		t.Fatalf("failed steps in the call log: %q", failed)
	}
	r = api(t, sb, "u1", "GET", "/api/v1/integrations/"+strconv.FormatInt(id, 10)+"/runs/", "")
	var runs struct {
		Results []struct {
			Status string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal(r.body, &runs); err != nil || len(runs.Results) != 2 || runs.Results[0].Status != "FAILED" || runs.Results[1].Status != "COMPLETED" {
		t.Fatalf("runs newest first: %v %s", err, r.body)
	}
}

// A two-action flow feeds the first action's output to the second.
func TestActionsSeeEarlierActionsOutput(t *testing.T) {
	sb := sandboxtest.New(t)
	hs := sb.Connect(t, "u1", "hubspot", "hs")
	pd := sb.Connect(t, "u1", "pipedrive", "pd")
	sl := sb.Connect(t, "u1", "slack", "sl")
	wantStatus(t, api(t, sb, "u1", "POST", "/v2/integration/", setupBody(7103, stepBody(71030, hs), stepBody(71031, pd), stepBody(71032, sl))), 201)
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/hubspot-create-contact/call/", `{"email": "ada@example.com", "firstname": "Ada", "lastname": "L"}`), 200)
	msgs := slackMessages(t, sb, "u1")
	if !strings.Contains(msgs, "HubSpot contact ada@example.com is Pipedrive person ") || strings.Contains(msgs, "{steps.") {
		t.Fatalf("#general: %s", msgs)
	}
}
