//go:build !js

// The sandbox these tests run against does not build for js/wasm (its
// store, bbolt, does not), and the wasm lanes do not run package sdk.

package sdk_test

import (
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
)

// setUpFlow saves the sandbox's "Post new Pipedrive persons to Slack"
// (template 7101) for user with the save body the official setup form
// sends (docs/flows.md#save), and returns the integration's ID.
func setUpFlow(t *testing.T, sb *sandboxtest.Sandbox, user string) int64 {
	t.Helper()
	pd := sb.Connect(t, user, "pipedrive", "pd@acme.com")
	sl := sb.Connect(t, user, "slack", "team@acme.com")
	body := `{"template": 7101, "steps": [{"template_step": 71010, "authorization": ` + strconv.FormatInt(pd, 10) + `},
		{"template_step": 71011, "authorization": ` + strconv.FormatInt(sl, 10) + `, "app_user_data": [
		 {"template_field": 7101101, "value": "general"}, {"template_field": 7101102, "value": "Hello {steps.trigger.name}"}]}]}`
	resp, err := http.Post(sb.URL+"/v2/integration/?"+sb.Query(user), "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("resp.StatusCode = %v, want %v", resp.StatusCode, http.StatusCreated)
	}
	list, err := sb.Client(t, user).ListIntegrations(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list); n != 1 {
		t.Fatalf("len(list) = %d, want %d", n, 1)
	}
	return list[0].ID
}

// fire fires the Pipedrive trigger for user through the sandbox.
func fire(t *testing.T, sb *sandboxtest.Sandbox, user, data string) {
	t.Helper()
	resp, err := http.Post(sb.URL+"/_sandbox/triggers/pipedrive/person.added?"+sb.Query(user), "application/json", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("resp.StatusCode = %v, want %v", resp.StatusCode, http.StatusOK)
	}
}

func TestIntegrationsListGetEnableDisableRenameDelete(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	id := setUpFlow(t, sb, "u1")
	c := sb.Client(t, "u1")
	ctx := t.Context()

	in, err := c.GetIntegration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(7101); in.TemplateID != want {
		t.Fatalf("in.TemplateID = %v, want %v", in.TemplateID, want)
	}
	if !(in.Active()) {
		t.Fatalf("want in.Active()")
	}
	if in.LastRunStatus != "" {
		t.Fatalf("in.LastRunStatus = %v, want %v", in.LastRunStatus, "")
	}
	if in.CreatedAt.IsZero() {
		t.Fatalf("want not in.CreatedAt.IsZero()")
	}
	if n := len(in.Steps); n != 2 {
		t.Fatalf("len(in.Steps) = %d, want %d", n, 2)
	}
	if in.Steps[1].Name != "action_1" {
		t.Fatalf("in.Steps[1].Name = %v, want %v", in.Steps[1].Name, "action_1")
	}
	if !(in.Steps[1].AccountID != 0) {
		t.Fatalf("in.Steps[1].AccountID = %v, want not empty", in.Steps[1].AccountID)
	}
	if want := ([]sdk.IntegrationValue{{FieldID: 7101101, Value: "general"}, {FieldID: 7101102, Value: "Hello {steps.trigger.name}"}}); !reflect.DeepEqual(in.Steps[1].Values, want) {
		t.Fatalf("in.Steps[1].Values = %v, want %v", in.Steps[1].Values, want)
	}

	in, err = c.DisableIntegration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if in.Status != sdk.IntegrationInactive {
		t.Fatalf("in.Status = %v, want %v", in.Status, sdk.IntegrationInactive)
	}
	in, err = c.EnableIntegration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !(in.Active()) {
		t.Fatalf("want in.Active()")
	}
	in, err = c.RenameIntegration(ctx, id, " Hello Slack ")
	if err != nil {
		t.Fatal(err)
	}
	if in.Name != "Hello Slack" {
		t.Fatalf("in.Name = %v, want %v", in.Name, "Hello Slack")
	}
	_, err = c.RenameIntegration(ctx, id, " ")
	requireCode(t, err, sdk.CodeInvalidArgument)

	// Another user can neither see nor change it.
	other := sb.Client(t, "u2")
	_, err = other.GetIntegration(ctx, id)
	requireCode(t, err, sdk.CodeNotFound)
	requireCode(t, other.DeleteIntegration(ctx, id), sdk.CodeNotFound)
	list, err := other.ListIntegrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Fatalf("list = %v, want empty", list)
	}

	if err := c.DeleteIntegration(ctx, id); err != nil {
		t.Fatalf("c.DeleteIntegration(ctx, id): %v", err)
	}
	_, err = c.GetIntegration(ctx, id)
	requireCode(t, err, sdk.CodeNotFound)
	_, err = c.EnableIntegration(ctx, 0)
	requireCode(t, err, sdk.CodeInvalidArgument)
}

func TestIntegrationRunsNewestFirst(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	id := setUpFlow(t, sb, "u1")
	c := sb.Client(t, "u1")
	ctx := t.Context()
	runs, err := c.IntegrationRuns(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 0 {
		t.Fatalf("runs = %v, want empty", runs)
	}

	fire(t, sb, "u1", `{"name": "Ada"}`)
	fire(t, sb, "u1", `{"name": "Grace"}`)
	runs, err = c.IntegrationRuns(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(runs); n != 2 {
		t.Fatalf("len(runs) = %d, want %d", n, 2)
	}
	jsonEq(t, `{"name": "Grace"}`, []byte(string(runs[0].TriggerData.JSON())))
	run := runs[1]
	if run.Status != sdk.RunCompleted {
		t.Fatalf("run.Status = %v, want %v", run.Status, sdk.RunCompleted)
	}
	if run.IntegrationID != id {
		t.Fatalf("run.IntegrationID = %v, want %v", run.IntegrationID, id)
	}
	if run.StartedAt.IsZero() {
		t.Fatalf("want not run.StartedAt.IsZero()")
	}
	if n := len(run.Steps); n != 2 {
		t.Fatalf("len(run.Steps) = %d, want %d", n, 2)
	}
	if run.Steps[1].Function != "slack-post-message" {
		t.Fatalf("run.Steps[1].Function = %v, want %v", run.Steps[1].Function, "slack-post-message")
	}
	if run.Steps[1].NetworkCode != "200" {
		t.Fatalf("run.Steps[1].NetworkCode = %v, want %v", run.Steps[1].NetworkCode, "200")
	}
	if !strings.Contains(string(run.Steps[1].Output.JSON()), `"text":"Hello Ada"`) {
		t.Fatalf("string(run.Steps[1].Output.JSON()) = %v, want it to contain %v", string(run.Steps[1].Output.JSON()), `"text":"Hello Ada"`)
	}

	// Each step is the call in the call log the run names.
	var logged []string
	for _, call := range sb.Calls(t, "u1") {
		if call.ID == run.Steps[1].CallID {
			logged = append(logged, call.Function)
		}
	}
	if want := ([]string{"slack-post-message"}); !reflect.DeepEqual(logged, want) {
		t.Fatalf("logged = %v, want %v", logged, want)
	}

	in, err := c.GetIntegration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if in.LastRunStatus != sdk.RunCompleted {
		t.Fatalf("in.LastRunStatus = %v, want %v", in.LastRunStatus, sdk.RunCompleted)
	}
	if in.LastRunAt.IsZero() {
		t.Fatalf("want not in.LastRunAt.IsZero()")
	}
}

func requireCode(t *testing.T, err error, code sdk.Code) {
	t.Helper()
	var e *sdk.Error
	if !(errors.As(err, &e)) {
		t.Fatalf("want a %s error, got %v", code, err)
	}
	if e.Code != code {
		t.Fatalf("%v", err)
	}
}
