//go:build !js

// The sandbox these tests run against does not build for js/wasm (its
// store, bbolt, does not), and the wasm lanes do not run package sdk.

package sdk_test

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	list, err := sb.Client(t, user).ListIntegrations(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	return list[0].ID
}

// fire fires the Pipedrive trigger for user through the sandbox.
func fire(t *testing.T, sb *sandboxtest.Sandbox, user, data string) {
	t.Helper()
	resp, err := http.Post(sb.URL+"/_sandbox/triggers/pipedrive/person.added?"+sb.Query(user), "application/json", strings.NewReader(data))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestIntegrationsListGetEnableDisableRenameDelete(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	id := setUpFlow(t, sb, "u1")
	c := sb.Client(t, "u1")
	ctx := t.Context()

	in, err := c.GetIntegration(ctx, id)
	require.NoError(t, err)
	require.Equal(t, int64(7101), in.TemplateID)
	require.True(t, in.Active())
	require.Equal(t, "", in.LastRunStatus)
	require.False(t, in.CreatedAt.IsZero())
	require.Len(t, in.Steps, 2)
	require.Equal(t, "action_1", in.Steps[1].Name)
	require.NotZero(t, in.Steps[1].AccountID)
	require.Equal(t, []sdk.IntegrationValue{{FieldID: 7101101, Value: "general"}, {FieldID: 7101102, Value: "Hello {steps.trigger.name}"}}, in.Steps[1].Values)

	in, err = c.DisableIntegration(ctx, id)
	require.NoError(t, err)
	require.Equal(t, sdk.IntegrationInactive, in.Status)
	in, err = c.EnableIntegration(ctx, id)
	require.NoError(t, err)
	require.True(t, in.Active())
	in, err = c.RenameIntegration(ctx, id, " Hello Slack ")
	require.NoError(t, err)
	require.Equal(t, "Hello Slack", in.Name)
	_, err = c.RenameIntegration(ctx, id, " ")
	requireCode(t, err, sdk.CodeInvalidArgument)

	// Another user can neither see nor change it.
	other := sb.Client(t, "u2")
	_, err = other.GetIntegration(ctx, id)
	requireCode(t, err, sdk.CodeNotFound)
	requireCode(t, other.DeleteIntegration(ctx, id), sdk.CodeNotFound)
	list, err := other.ListIntegrations(ctx)
	require.NoError(t, err)
	require.Empty(t, list)

	require.NoError(t, c.DeleteIntegration(ctx, id))
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
	require.NoError(t, err)
	require.Empty(t, runs)

	fire(t, sb, "u1", `{"name": "Ada"}`)
	fire(t, sb, "u1", `{"name": "Grace"}`)
	runs, err = c.IntegrationRuns(ctx, id)
	require.NoError(t, err)
	require.Len(t, runs, 2)
	require.JSONEq(t, `{"name": "Grace"}`, string(runs[0].TriggerData.JSON()))
	run := runs[1]
	require.Equal(t, sdk.RunCompleted, run.Status)
	require.Equal(t, id, run.IntegrationID)
	require.False(t, run.StartedAt.IsZero())
	require.Len(t, run.Steps, 2)
	require.Equal(t, "slack-post-message", run.Steps[1].Function)
	require.Equal(t, "200", run.Steps[1].NetworkCode)
	require.Contains(t, string(run.Steps[1].Output.JSON()), `"text":"Hello Ada"`)

	// Each step is the call in the call log the run names.
	var logged []string
	for _, call := range sb.Calls(t, "u1") {
		if call.ID == run.Steps[1].CallID {
			logged = append(logged, call.Function)
		}
	}
	require.Equal(t, []string{"slack-post-message"}, logged)

	in, err := c.GetIntegration(ctx, id)
	require.NoError(t, err)
	require.Equal(t, sdk.RunCompleted, in.LastRunStatus)
	require.False(t, in.LastRunAt.IsZero())
}

func requireCode(t *testing.T, err error, code sdk.Code) {
	t.Helper()
	var e *sdk.Error
	require.True(t, errors.As(err, &e), "want a %s error, got %v", code, err)
	require.Equal(t, code, e.Code, "%v", err)
}
