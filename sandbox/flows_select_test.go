package sandbox_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// Template 7104's Channel is a SELECT whose options the sandbox reads from
// the Slack channel list of the step's account (docs/flows.md#dynamic-fields):
// the step names its data_src, which answers the channels as {id, value}
// for the account given as authorization_id; the ID chosen is what the run
// posts to.
func TestSelectFieldOptionsComeFromTheStepsAccount(t *testing.T) {
	sb := sandboxtest.New(t)
	hs := sb.Connect(t, "u1", "hubspot", "hs@acme.com")
	sl := sb.Connect(t, "u1", "slack", "team@acme.com")
	other := sb.Connect(t, "u2", "slack", "theirs@acme.com")

	r := api(t, sb, "u1", "GET", "/template_step/71041/", "")
	wantStatus(t, r, 200)
	var step struct {
		Fields []struct {
			ID            int64 `json:"id"`
			IsMappable    bool  `json:"is_mappable"`
			ActivityField struct {
				Type      string `json:"type"`
				IsDynamic bool   `json:"is_dynamic"`
				DataSrc   string `json:"data_src"`
			} `json:"activity_field"`
		} `json:"template_fields"`
	}
	if err := json.Unmarshal(r.body, &step); err != nil || len(step.Fields) != 2 {
		t.Fatalf("step: %v %s", err, r.body)
	}
	ch := step.Fields[0]
	src := sb.URL + "/template_field/7104101/options/"
	if ch.ID != 7104101 || ch.ActivityField.Type != "SELECT" || !ch.ActivityField.IsDynamic || ch.ActivityField.DataSrc != src || ch.IsMappable {
		t.Fatalf("the channel field: %+v", ch)
	}
	if f := step.Fields[1].ActivityField; f.Type == "SELECT" || f.IsDynamic || f.DataSrc != "" {
		t.Fatalf("the message field: %+v", f)
	}

	// The options, as the official dropdown asks for them: with the
	// account, by POST with a body, or by GET.
	var opts []map[string]string
	path := "/template_field/7104101/options/?integry_lang=en&authorization_id=" + strconv.FormatInt(sl, 10)
	for _, method := range []string{"POST", "GET"} {
		body := ""
		if method == "POST" {
			body = `{"query_string_data": {}}`
		}
		r = api(t, sb, "u1", method, path, body)
		wantStatus(t, r, 200)
		if err := json.Unmarshal(r.body, &opts); err != nil || len(opts) < 50 {
			t.Fatalf("%s options: %v %s", method, err, r.body)
		}
	}
	var names []string
	for _, o := range opts {
		names = append(names, o["id"]+"="+o["value"])
	}
	got := strings.Join(names, ",")
	if !strings.HasPrefix(got, "C01GENERAL=general,C02RANDOM=random,") || strings.Contains(got, "old-announcements") {
		t.Fatalf("options (archived ones left out): %s", got)
	}
	// The read is a call of the options function, in the call log.
	calls := sb.Calls(t, "u1")
	if last := calls[len(calls)-1]; last.Function != "slack-list-conversations" || last.ConnectedAccountID != sl {
		t.Fatalf("the last call: %+v", last)
	}
	wantStatus(t, api(t, sb, "u1", "GET", "/template_field/7104101/options/", ""), 400)                                                // no account
	wantStatus(t, api(t, sb, "u1", "GET", "/template_field/7104101/options/?authorization_id="+strconv.FormatInt(other, 10), ""), 404) // another user's
	wantStatus(t, api(t, sb, "u1", "GET", "/template_field/7104101/options/?authorization_id="+strconv.FormatInt(hs, 10), ""), 404)    // another app's
	wantStatus(t, api(t, sb, "u1", "GET", "/template_field/7104102/options/?authorization_id="+strconv.FormatInt(sl, 10), ""), 404)    // a text field
	// connected_account_id names the account too.
	wantStatus(t, api(t, sb, "u1", "GET", "/template_field/7104101/options/?connected_account_id="+strconv.FormatInt(sl, 10), ""), 200)

	// An integration that chose #random posts there when a contact is created.
	r = api(t, sb, "u1", "POST", "/v2/integration/?activate=true", setupBody(7104,
		stepBody(71040, hs), stepBody(71041, sl, valueBody(7104101, "C02RANDOM"), valueBody(7104102, "Hi {steps.trigger.out.properties.firstname}"))))
	wantStatus(t, r, 201)
	wantStatus(t, api(t, sb, "u1", "POST", "/functions/hubspot-create-contact/call/", `{"email": "ada@example.com", "firstname": "Ada"}`), 200)
	r = api(t, sb, "u1", "POST", "/functions/slack-get-conversation-history/call/", `{"channel": "random"}`)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "Hi Ada") {
		t.Fatalf("#random: %s", r.body)
	}
}
