//go:build !js

package sdk_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/nethttp"
)

// The setup form's reads and its save, against the sandbox: the template
// and its steps, the user's accounts offered per step, the trigger's tags,
// a save that creates the integration and one that edits it
// (docs/flows.md#setup).
func TestFlowTemplateStepsAndSave(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	const user = "setup user"
	pd := sb.Connect(t, user, "pipedrive", "pd@acme.com")
	sl := sb.Connect(t, user, "slack", "team@acme.com")
	c := sb.Client(t, user)
	ctx := t.Context()

	flows, raw, err := c.ListFlows(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, len(flows), raw.Len())
	var names []string
	for _, f := range flows {
		names = append(names, f.Name)
	}
	require.Contains(t, names, "Post new Pipedrive persons to Slack")
	only, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{Tags: []string{"chat"}})
	require.NoError(t, err)
	require.NotEmpty(t, only)
	require.Less(t, len(only), len(flows))

	ofSlack, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{App: "slack"})
	require.NoError(t, err)
	require.NotEmpty(t, ofSlack)
	for _, f := range ofSlack {
		require.NotEqual(t, "Welcome new HubSpot contacts with a SendGrid email", f.Name)
	}
	// an app's flows keep the tags too, as the official app page sends them
	chatOfSlack, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{App: "slack", Tags: []string{"chat"}})
	require.NoError(t, err)
	require.Len(t, chatOfSlack, 1)
	require.Equal(t, "Post new Pipedrive persons to Slack", chatOfSlack[0].Name)
	require.Less(t, len(chatOfSlack), len(ofSlack))

	tpl, err := c.GetTemplate(ctx, 7101)
	require.NoError(t, err)
	require.Equal(t, "Post new Pipedrive persons to Slack", tpl.Name)
	require.Equal(t, "Pipedrive", tpl.BrandingApp.Name)
	require.Len(t, tpl.Steps, 2)
	require.Equal(t, "trigger", tpl.Steps[0].MachineName)

	trig, err := c.GetTemplateStep(ctx, tpl.Steps[0].ID, 0)
	require.NoError(t, err)
	require.Equal(t, sdk.StepTrigger, trig.Type)
	require.Equal(t, []sdk.FlowAccount{{ID: pd, Identity: "pd@acme.com"}}, trig.Accounts)
	require.NotNil(t, trig.Output)
	require.Equal(t, "Ada Lovelace", trig.Output.Get("name").Text())
	act, err := c.GetTemplateStep(ctx, tpl.Steps[1].ID, 0)
	require.NoError(t, err)
	require.Equal(t, sdk.StepAction, act.Type)
	require.Equal(t, "Slack", act.App.Name)
	require.Len(t, act.Fields, 2)
	require.Equal(t, "channel", act.Fields[0].MachineName)
	require.Equal(t, "general", act.Fields[0].Default)
	require.True(t, act.Fields[1].Mappable)

	setup := &sdk.IntegrationSetup{Name: tpl.Name, TemplateID: 7101, Steps: []sdk.SetupStep{
		{ID: trig.ID, TemplateStepID: trig.ID, AccountID: pd},
		{ID: act.ID, TemplateStepID: act.ID, AccountID: sl, Values: []sdk.SetupValue{
			{FieldID: act.Fields[0].ID, Value: "general"}, {FieldID: act.Fields[1].ID, Value: "Hi {steps.trigger.name}"}}},
	}}
	in, err := c.SaveIntegration(ctx, setup)
	require.NoError(t, err)
	require.True(t, in.Active())
	require.Equal(t, int64(7101), in.TemplateID)

	// Read for the integration, a step carries its saved account and values.
	again, err := c.GetTemplateStep(ctx, act.ID, in.ID)
	require.NoError(t, err)
	require.Equal(t, sl, again.AccountID)
	require.NotZero(t, again.StepInstanceID)
	require.True(t, again.Fields[1].HasSaved)
	require.Equal(t, "Hi {steps.trigger.name}", again.Fields[1].Saved)

	// Editing sends the integration's step IDs and saves it disabled.
	setup.ID, setup.Inactive = in.ID, true
	setup.Steps[1].ID = again.StepInstanceID
	setup.Steps[1].Values[1].Value = "New: {steps.trigger.name}"
	ed, err := c.SaveIntegration(ctx, setup)
	require.NoError(t, err)
	require.Equal(t, in.ID, ed.ID)
	got, err := c.GetIntegration(ctx, in.ID)
	require.NoError(t, err)
	require.Equal(t, "New: {steps.trigger.name}", got.Steps[1].Values[1].Value)

	// A step without an account is refused with the server's problems.
	bad := &sdk.IntegrationSetup{Name: "x", TemplateID: 7101, Steps: []sdk.SetupStep{{ID: trig.ID, TemplateStepID: trig.ID}}}
	_, err = c.SaveIntegration(ctx, bad)
	require.Equal(t, sdk.CodeInvalidArgument, sdk.CodeOf(err))
	_, err = c.GetTemplate(ctx, 0)
	require.Equal(t, sdk.CodeInvalidArgument, sdk.CodeOf(err))
	_, err = c.GetTemplate(ctx, 999)
	require.Equal(t, sdk.CodeNotFound, sdk.CodeOf(err))
}

// The marketplace's flow counts come from the flows apps listing: an app
// in no template is absent; an app's flows for one account keep only the
// integrations that use that account (docs/flows.md#ours-cards).
func TestFlowAppCountsAndAccountFilter(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	const user = "cards user"
	pd := sb.Connect(t, user, "pipedrive", "pd@acme.com")
	sl := sb.Connect(t, user, "slack", "team@acme.com")
	other := sb.Connect(t, user, "slack", "ops@acme.com")
	c := sb.Client(t, user)
	ctx := t.Context()

	counts, err := c.FlowAppCounts(ctx)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"slack": 2, "pipedrive": 2, "hubspot": 2, "sendgrid": 1}, counts)

	_, err = c.SaveIntegration(ctx, &sdk.IntegrationSetup{Name: "mine", TemplateID: 7101, Steps: []sdk.SetupStep{
		{TemplateStepID: 71010, AccountID: pd},
		{TemplateStepID: 71011, AccountID: sl, Values: []sdk.SetupValue{{FieldID: 7101101, Value: "general"}}},
	}})
	require.NoError(t, err)
	instances := func(account int64) int {
		flows, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{App: "slack", AuthorizationID: account})
		require.NoError(t, err)
		n := 0
		for _, f := range flows {
			n += len(f.Instances)
		}
		return n
	}
	require.Equal(t, 1, instances(0))
	require.Equal(t, 1, instances(sl))
	require.Equal(t, 0, instances(other))
}

// The app's user variables come as the sandbox defines them; a config's
// user.apiKey and other members decide whether one is missing (every one
// for the flow widgets, the required ones for the marketplace), and the
// template reads carry them as self_api_key and self_auth_extras
// (docs/flows.md#user-variables).
func TestUserVariables(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	const user = "variables user"
	ctx := t.Context()
	vars, err := sb.Client(t, user).UserVariables(ctx)
	require.NoError(t, err)
	require.Len(t, vars, 2)
	require.Equal(t, sdk.UserVariable{Key: "api_key", Title: "API key", Required: true}, sdk.UserVariable{Key: vars[0].Key, Title: vars[0].Title, Required: vars[0].Required})
	require.Equal(t, "workspace_id", vars[1].Key)
	require.False(t, vars[1].Required)

	var urls []string
	client := func(apiKey, extras string, values ...string) *sdk.Client {
		cfg := sb.Config(user)
		cfg.UserAPIKey, cfg.UserExtras, cfg.UserValues = apiKey, extras, values
		var inner sdk.Transport = &nethttp.Transport{}
		c, err := sdk.NewClient(cfg, sdk.WithTransport(sdk.TransportFunc(func(ctx context.Context, r *sdk.Request) (*sdk.Response, error) {
			urls = append(urls, r.URL)
			return inner.Do(ctx, r)
		})))
		require.NoError(t, err)
		return c
	}

	for _, tc := range []struct {
		apiKey            string
		values            []string
		missing, required bool
	}{
		{"", nil, true, true},
		{"k-1", nil, true, false},
		{"k-1", []string{"plan"}, true, false},
		{"k-1", []string{"workspace_id"}, false, false},
		{"", []string{"workspace_id"}, true, true},
	} {
		c := client(tc.apiKey, "", tc.values...)
		require.Equal(t, tc.missing, c.MissingUserVariables(vars, false), "%+v", tc)
		require.Equal(t, tc.required, c.MissingUserVariables(vars, true), "%+v", tc)
	}

	c := client("k-1", `{"workspace_id":"w-9"}`)
	_, err = c.GetTemplate(ctx, 7101)
	require.NoError(t, err)
	_, err = c.GetTemplateStep(ctx, 71011, 0)
	require.NoError(t, err)
	require.Len(t, urls, 2)
	for _, u := range urls {
		require.Contains(t, u, "&self_api_key=k-1&self_auth_extras=%7B%22workspace_id%22%3A%22w-9%22%7D")
	}
	urls = nil
	_, err = client("", "").GetTemplate(ctx, 7101)
	require.NoError(t, err)
	require.NotContains(t, urls[0], "self_")
}
