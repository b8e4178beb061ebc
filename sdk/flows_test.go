//go:build !js

package sdk_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

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
	if err != nil {
		t.Fatal(err)
	}
	if got, want := raw.Len(), len(flows); got != want {
		t.Fatalf("raw.Len() = %v, want %v", got, want)
	}
	var names []string
	for _, f := range flows {
		names = append(names, f.Name)
	}
	if !slices.Contains(names, "Post new Pipedrive persons to Slack") {
		t.Fatalf("names = %v, want it to contain %v", names, "Post new Pipedrive persons to Slack")
	}
	only, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{Tags: []string{"chat"}})
	if err != nil {
		t.Fatal(err)
	}
	if !(len(only) != 0) {
		t.Fatalf("only = %v, want not empty", only)
	}
	if len(only) >= len(flows) {
		t.Fatalf("len(only) = %v, want < %v", len(only), len(flows))
	}

	ofSlack, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{App: "slack"})
	if err != nil {
		t.Fatal(err)
	}
	if !(len(ofSlack) != 0) {
		t.Fatalf("ofSlack = %v, want not empty", ofSlack)
	}
	for _, f := range ofSlack {
		if f.Name == "Welcome new HubSpot contacts with a SendGrid email" {
			t.Fatalf("f.Name = %v, want anything else", f.Name)
		}
	}
	// an app's flows keep the tags too, as the official app page sends them
	chatOfSlack, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{App: "slack", Tags: []string{"chat"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(chatOfSlack); n != 2 {
		t.Fatalf("len(chatOfSlack) = %d, want %d", n, 2)
	}
	if chatOfSlack[0].ID != 7104 || chatOfSlack[1].Name != "Post new Pipedrive persons to Slack" {
		t.Fatalf("chatOfSlack = %d %q, %d %q, want 7104 and Post new Pipedrive persons to Slack", chatOfSlack[0].ID, chatOfSlack[0].Name, chatOfSlack[1].ID, chatOfSlack[1].Name)
	}
	if len(chatOfSlack) >= len(ofSlack) {
		t.Fatalf("len(chatOfSlack) = %v, want < %v", len(chatOfSlack), len(ofSlack))
	}

	tpl, err := c.GetTemplate(ctx, 7101)
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Name != "Post new Pipedrive persons to Slack" {
		t.Fatalf("tpl.Name = %v, want %v", tpl.Name, "Post new Pipedrive persons to Slack")
	}
	if tpl.BrandingApp.Name != "Pipedrive" {
		t.Fatalf("tpl.BrandingApp.Name = %v, want %v", tpl.BrandingApp.Name, "Pipedrive")
	}
	if n := len(tpl.Steps); n != 2 {
		t.Fatalf("len(tpl.Steps) = %d, want %d", n, 2)
	}
	if tpl.Steps[0].MachineName != "trigger" {
		t.Fatalf("tpl.Steps[0].MachineName = %v, want %v", tpl.Steps[0].MachineName, "trigger")
	}

	trig, err := c.GetTemplateStep(ctx, tpl.Steps[0].ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if trig.Type != sdk.StepTrigger {
		t.Fatalf("trig.Type = %v, want %v", trig.Type, sdk.StepTrigger)
	}
	if want := ([]sdk.FlowAccount{{ID: pd, Identity: "pd@acme.com"}}); !reflect.DeepEqual(trig.Accounts, want) {
		t.Fatalf("trig.Accounts = %v, want %v", trig.Accounts, want)
	}
	if trig.Output == nil {
		t.Fatalf("trig.Output = %v, want not nil", trig.Output)
	}
	if got := trig.Output.Get("name").Text(); got != "Ada Lovelace" {
		t.Fatalf("trig.Output.Get(\"name\").Text() = %v, want %v", got, "Ada Lovelace")
	}
	act, err := c.GetTemplateStep(ctx, tpl.Steps[1].ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if act.Type != sdk.StepAction {
		t.Fatalf("act.Type = %v, want %v", act.Type, sdk.StepAction)
	}
	if act.App.Name != "Slack" {
		t.Fatalf("act.App.Name = %v, want %v", act.App.Name, "Slack")
	}
	if n := len(act.Fields); n != 2 {
		t.Fatalf("len(act.Fields) = %d, want %d", n, 2)
	}
	if act.Fields[0].MachineName != "channel" {
		t.Fatalf("act.Fields[0].MachineName = %v, want %v", act.Fields[0].MachineName, "channel")
	}
	if act.Fields[0].Default != "general" {
		t.Fatalf("act.Fields[0].Default = %v, want %v", act.Fields[0].Default, "general")
	}
	if !(act.Fields[1].Mappable) {
		t.Fatalf("want act.Fields[1].Mappable")
	}

	setup := &sdk.IntegrationSetup{Name: tpl.Name, TemplateID: 7101, Steps: []sdk.SetupStep{
		{ID: trig.ID, TemplateStepID: trig.ID, AccountID: pd},
		{ID: act.ID, TemplateStepID: act.ID, AccountID: sl, Values: []sdk.SetupValue{
			{FieldID: act.Fields[0].ID, Value: "general"}, {FieldID: act.Fields[1].ID, Value: "Hi {steps.trigger.name}"}}},
	}}
	in, err := c.SaveIntegration(ctx, setup)
	if err != nil {
		t.Fatal(err)
	}
	if !(in.Active()) {
		t.Fatalf("want in.Active()")
	}
	if want := int64(7101); in.TemplateID != want {
		t.Fatalf("in.TemplateID = %v, want %v", in.TemplateID, want)
	}

	// Read for the integration, a step carries its saved account and values.
	again, err := c.GetTemplateStep(ctx, act.ID, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.AccountID != sl {
		t.Fatalf("again.AccountID = %v, want %v", again.AccountID, sl)
	}
	if !(again.StepInstanceID != 0) {
		t.Fatalf("again.StepInstanceID = %v, want not empty", again.StepInstanceID)
	}
	if !(again.Fields[1].HasSaved) {
		t.Fatalf("want again.Fields[1].HasSaved")
	}
	if again.Fields[1].Saved != "Hi {steps.trigger.name}" {
		t.Fatalf("again.Fields[1].Saved = %v, want %v", again.Fields[1].Saved, "Hi {steps.trigger.name}")
	}

	// Editing sends the integration's step IDs and saves it disabled.
	setup.ID, setup.Inactive = in.ID, true
	setup.Steps[1].ID = again.StepInstanceID
	setup.Steps[1].Values[1].Value = "New: {steps.trigger.name}"
	ed, err := c.SaveIntegration(ctx, setup)
	if err != nil {
		t.Fatal(err)
	}
	if ed.ID != in.ID {
		t.Fatalf("ed.ID = %v, want %v", ed.ID, in.ID)
	}
	got, err := c.GetIntegration(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Steps[1].Values[1].Value != "New: {steps.trigger.name}" {
		t.Fatalf("got.Steps[1].Values[1].Value = %v, want %v", got.Steps[1].Values[1].Value, "New: {steps.trigger.name}")
	}

	// A step without an account is refused with the server's problems.
	bad := &sdk.IntegrationSetup{Name: "x", TemplateID: 7101, Steps: []sdk.SetupStep{{ID: trig.ID, TemplateStepID: trig.ID}}}
	_, err = c.SaveIntegration(ctx, bad)
	if got := sdk.CodeOf(err); got != sdk.CodeInvalidArgument {
		t.Fatalf("sdk.CodeOf(err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.GetTemplate(ctx, 0)
	if got := sdk.CodeOf(err); got != sdk.CodeInvalidArgument {
		t.Fatalf("sdk.CodeOf(err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.GetTemplate(ctx, 999)
	if got := sdk.CodeOf(err); got != sdk.CodeNotFound {
		t.Fatalf("sdk.CodeOf(err) = %v, want %v", got, sdk.CodeNotFound)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"slack": 4, "pipedrive": 2, "hubspot": 4, "sendgrid": 1}
	if len(counts) != len(want) {
		t.Errorf("flow counts %v, want %v (an app in no template is absent)", counts, want)
	}
	for app, n := range want {
		if counts[app] != n {
			t.Errorf("%s is in %d flows, want %d", app, counts[app], n)
		}
	}

	if _, err := c.SaveIntegration(ctx, &sdk.IntegrationSetup{Name: "mine", TemplateID: 7101, Steps: []sdk.SetupStep{
		{TemplateStepID: 71010, AccountID: pd},
		{TemplateStepID: 71011, AccountID: sl, Values: []sdk.SetupValue{{FieldID: 7101101, Value: "general"}}},
	}}); err != nil {
		t.Fatal(err)
	}
	instances := func(account int64) int {
		t.Helper()
		flows, _, err := c.ListFlows(ctx, &sdk.ListFlowsOptions{App: "slack", AuthorizationID: account})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range flows {
			n += len(f.Instances)
		}
		return n
	}
	for _, tc := range []struct {
		account int64
		want    int
	}{{0, 1}, {sl, 1}, {other, 0}} {
		if got := instances(tc.account); got != tc.want {
			t.Errorf("Slack's flows for account %d list %d integrations, want %d", tc.account, got, tc.want)
		}
	}
}

// The app's user variables come as the sandbox defines them; a config's
// user.apiKey and the user's members with a value decide whether one is
// missing (every one for showFlows, the required ones for renderAppFlows),
// and the template reads carry them as self_api_key and self_auth_extras
// (docs/flows.md#user-variables).
func TestUserVariables(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	const user = "variables user"
	ctx := t.Context()
	vars, err := sb.Client(t, user).UserVariables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vars) != 2 || vars[0].Key != "api_key" || !vars[0].Required || vars[1].Key != "workspace_id" || vars[1].Required {
		t.Fatalf("user variables %+v, want api_key (required) and workspace_id (not required)", vars)
	}

	var urls []string
	client := func(apiKey, extras string, values ...string) *sdk.Client {
		t.Helper()
		cfg := sb.Config(user)
		cfg.UserAPIKey, cfg.UserExtras, cfg.UserValues = apiKey, extras, values
		var inner sdk.Transport = &nethttp.Transport{}
		c, err := sdk.NewClient(cfg, sdk.WithTransport(sdk.TransportFunc(func(ctx context.Context, r *sdk.Request) (*sdk.Response, error) {
			urls = append(urls, r.URL)
			return inner.Do(ctx, r)
		})))
		if err != nil {
			t.Fatal(err)
		}
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
		if got := c.MissingUserVariables(vars, false); got != tc.missing {
			t.Errorf("apiKey %q, values %q: missing for showFlows %v, want %v", tc.apiKey, tc.values, got, tc.missing)
		}
		if got := c.MissingUserVariables(vars, true); got != tc.required {
			t.Errorf("apiKey %q, values %q: missing for renderAppFlows %v, want %v", tc.apiKey, tc.values, got, tc.required)
		}
	}

	c := client("k-1", `{"workspace_id":"w-9"}`, "workspace_id")
	if _, err := c.GetTemplate(ctx, 7101); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetTemplateStep(ctx, 71011, 0); err != nil {
		t.Fatal(err)
	}
	const sent = "&self_api_key=k-1&self_auth_extras=%7B%22workspace_id%22%3A%22w-9%22%7D"
	if len(urls) != 2 || !strings.Contains(urls[0], sent) || !strings.Contains(urls[1], sent) {
		t.Errorf("the template reads %q, want each with %s", urls, sent)
	}
	urls = nil
	if _, err := client("", "").GetTemplate(ctx, 7101); err != nil {
		t.Fatal(err)
	}
	if len(urls) != 1 || strings.Contains(urls[0], "self_") {
		t.Errorf("without user variables the template read is %q, want no self_ parameters", urls)
	}
}

// A SELECT template field names where its options come from: template
// 7104's Channel reads data_src with the step's account (is_dynamic), and
// the type is the activity field's, which the official form switches on
// (docs/flows.md#dynamic-fields).
func TestTemplateSelectField(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "select user")
	st, err := c.GetTemplateStep(t.Context(), 71041, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(st.Fields); n != 2 {
		t.Fatalf("len(st.Fields) = %d, want 2", n)
	}
	ch, msg := st.Fields[0], st.Fields[1]
	if ch.Type != "SELECT" || !ch.Dynamic || ch.DataSrc != sb.URL+"/template_field/7104101/options/" || ch.Mappable || ch.Parents != nil {
		t.Fatalf("the channel field = %+v", ch)
	}
	if msg.Type == "SELECT" || msg.Dynamic || msg.DataSrc != "" || !msg.Mappable {
		t.Fatalf("the message field = %+v", msg)
	}
}
