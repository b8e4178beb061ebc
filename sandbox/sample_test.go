package sandbox_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// pageAll calls a paginated function with params until next_page is empty
// and returns the IDs it saw, page by page.
func pageAll(t *testing.T, sb *sandboxtest.Sandbox, user, fn, params string) [][]string {
	t.Helper()
	c := sb.Client(t, user)
	var pages [][]string
	body := params
	for range 50 {
		res, err := c.CallFunction(t.Context(), fn, []byte(body), nil)
		if err != nil || !res.Executed || res.NetworkCode != "200" {
			t.Fatalf("%s %s: %v %+v", fn, body, err, res)
		}
		var items []struct {
			ID any `json:"id"`
			TS any `json:"ts"`
		}
		if err := json.Unmarshal(res.Output.JSON(), &items); err != nil {
			t.Fatalf("%s output %s: %v", fn, res.Output.JSON(), err)
		}
		var ids []string
		for _, it := range items {
			id := it.ID
			if id == nil {
				id = it.TS
			}
			ids = append(ids, fmt.Sprint(id))
		}
		if len(ids) > 0 {
			pages = append(pages, ids)
		}
		if res.NextPage == "" {
			return pages
		}
		var m map[string]any
		json.Unmarshal([]byte(params), &m)
		m["next_page"] = res.NextPage
		b, _ := json.Marshal(m)
		body = string(b)
	}
	t.Fatalf("%s: still a next_page after 50 pages", fn)
	return nil
}

func count(pages [][]string) int {
	n := 0
	for _, p := range pages {
		n += len(p)
	}
	return n
}

// With sample data on, a user's first Pipedrive, HubSpot and Slack accounts
// are not empty: there is enough to page through with small pages.
func TestSampleDataIsSeededOnTheFirstConnect(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithSampleData())
	for _, app := range []string{"pipedrive", "hubspot", "slack"} {
		sb.Connect(t, "ada", app, "ada@"+app+".example")
	}
	persons := pageAll(t, sb, "ada", "pipedrive-get-all-persons", `{"limit":2}`)
	if count(persons) != sandbox.SamplePersons || len(persons) != (sandbox.SamplePersons+1)/2 {
		t.Errorf("Pipedrive persons by 2: %v, want %d persons on %d pages", persons, sandbox.SamplePersons, (sandbox.SamplePersons+1)/2)
	}
	contacts := pageAll(t, sb, "ada", "hubspot-list-contacts", `{}`)
	if count(contacts) != sandbox.SampleContacts || len(contacts) != 3 {
		t.Errorf("HubSpot contacts by the default 10: %d on %d pages, want %d on 3", count(contacts), len(contacts), sandbox.SampleContacts)
	}
	history := pageAll(t, sb, "ada", "slack-get-conversation-history", `{"channel":"C01GENERAL","limit":5}`)
	if count(history) != sandbox.SampleGeneralHistory || len(history) != 3 {
		t.Errorf("#general's history by 5: %d messages on %d pages, want %d on 3", count(history), len(history), sandbox.SampleGeneralHistory)
	}
	if n := count(pageAll(t, sb, "ada", "slack-get-conversation-history", `{"channel":"random"}`)); n != sandbox.SampleRandomHistory {
		t.Errorf("#random has %d messages, want %d", n, sandbox.SampleRandomHistory)
	}

	// The deals point at the sample's persons: a new deal with the first
	// person is accepted, so the person exists on the provider's side.
	c := sb.Client(t, "ada")
	res, err := c.CallFunction(t.Context(), "pipedrive-add-a-deal", []byte(fmt.Sprintf(`{"title":"x","person_id":%s}`, persons[0][0])), nil)
	if err != nil || !res.Executed || res.NetworkCode != "200" {
		t.Errorf("a deal for sample person %s: %v %s", persons[0][0], err, res.Doc.JSON())
	}

	// Another user's accounts get a sample of their own, with other IDs.
	sb.Connect(t, "grace", "pipedrive", "grace@pipedrive.example")
	theirs := pageAll(t, sb, "grace", "pipedrive-get-all-persons", `{"limit":100}`)
	if count(theirs) != sandbox.SamplePersons || theirs[0][0] == persons[0][0] {
		t.Errorf("grace's persons %v, want %d of her own (ada's start at %s)", theirs, sandbox.SamplePersons, persons[0][0])
	}

	// SendGrid and Open-Meteo have no sample; a connect still works.
	sb.Connect(t, "ada", "sendgrid", "ada")
}

// Connecting the same account again, after a disconnect, keeps what the
// user did to it and seeds nothing twice.
func TestSampleDataIsSeededOncePerAccount(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithSampleData())
	id := sb.Connect(t, "ada", "pipedrive", "sales")
	c := sb.Client(t, "ada")
	if res, err := c.CallFunction(t.Context(), "pipedrive-add-a-person", []byte(`{"name":"Extra Person"}`), nil); err != nil || res.NetworkCode != "200" {
		t.Fatalf("add a person: %v %+v", err, res)
	}
	if _, err := c.Disconnect(t.Context(), "pipedrive", strconv.FormatInt(id, 10)); err != nil {
		t.Fatal(err)
	}
	sb.Connect(t, "ada", "pipedrive", "sales")
	if n := count(pageAll(t, sb, "ada", "pipedrive-get-all-persons", `{"limit":100}`)); n != sandbox.SamplePersons+1 {
		t.Errorf("after a reconnect: %d persons, want the %d of the sample and the one added", n, sandbox.SamplePersons)
	}
}

// POST /_sandbox/reset starts a user over: no accounts, no call log, and
// the next connect brings the sample back without what the user added.
// Other users keep everything.
func TestResetStartsAUserOver(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithSampleData())
	sb.Connect(t, "ada", "pipedrive", "sales")
	sb.Connect(t, "ada", "slack", "ada")
	sb.Connect(t, "grace", "pipedrive", "sales")
	for _, u := range []string{"ada", "grace"} {
		if res, err := sb.Client(t, u).CallFunction(t.Context(), "pipedrive-add-a-person", []byte(`{"name":"Extra Person"}`), nil); err != nil || res.NetworkCode != "200" {
			t.Fatalf("add a person for %s: %v %+v", u, err, res)
		}
	}

	wantStatus(t, send(t, "POST", sb.URL+"/_sandbox/reset", ""), 403)
	wantStatus(t, api(t, sb, "ada", "GET", "/_sandbox/reset", ""), 405)
	r := api(t, sb, "ada", "POST", "/_sandbox/reset", "")
	wantStatus(t, r, 200)
	if m := r.json(t); m["reset"] != true || m["disconnected_accounts"] != float64(2) {
		t.Errorf("reset answered %s, want reset true with 2 accounts disconnected", r.body)
	}
	if ok, err := sb.Client(t, "ada").IsAppConnected(t.Context(), "pipedrive"); err != nil || ok {
		t.Errorf("after reset pipedrive connected = %v (%v)", ok, err)
	}
	if calls := sb.Calls(t, "ada"); len(calls) != 0 {
		t.Errorf("after reset the call log has %d calls", len(calls))
	}
	sb.Connect(t, "ada", "pipedrive", "sales")
	if n := count(pageAll(t, sb, "ada", "pipedrive-get-all-persons", `{"limit":100}`)); n != sandbox.SamplePersons {
		t.Errorf("after reset and a connect: %d persons, want the sample's %d", n, sandbox.SamplePersons)
	}
	if n := count(pageAll(t, sb, "grace", "pipedrive-get-all-persons", `{"limit":100}`)); n != sandbox.SamplePersons+1 {
		t.Errorf("grace has %d persons after ada's reset, want her %d", n, sandbox.SamplePersons+1)
	}
}

// Without the option (the library's default, and the tests'), a new
// account is empty.
func TestNoSampleDataByDefault(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.Connect(t, "ada", "pipedrive", "sales")
	if n := count(pageAll(t, sb, "ada", "pipedrive-get-all-persons", `{}`)); n != 0 {
		t.Errorf("%d persons without sample data, want 0", n)
	}
	r := api(t, sb, "ada", "POST", "/_sandbox/reset", "")
	wantStatus(t, r, 200)
	if m := r.json(t); m["sample_data"] != false || m["disconnected_accounts"] != float64(1) {
		t.Errorf("reset answered %s", r.body)
	}
}
