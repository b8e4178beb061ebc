package sandbox_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// The sandbox as Integry's REST reference and its server libraries see it:
// each test starts from an example of the reference
// (IntegryHQ/integry/docs/apis-and-sdks/api-reference.md) or from what
// the Python and Node clients send.

// restHeaders are the REST reference's credentials: App-Key, Hash, User-ID.
func restHeaders(sb *sandboxtest.Sandbox, user string) []string {
	return []string{"App-Key", sb.AppKey, "Hash", sb.Hash(user), "User-ID", user}
}

// rest calls the sandbox as the REST reference's cURL samples do.
func rest(t *testing.T, sb *sandboxtest.Sandbox, user, path, body string, headers ...string) reply {
	t.Helper()
	return send(t, "POST", sb.URL+path, body, append(restHeaders(sb, user), headers...)...)
}

// Python's urlencode writes True, axios writes true, and 1 is true too:
// connected_only filters with each, and only those.
func TestRESTBooleansInQueries(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.Connect(t, "123456", "hubspot", "h")
	count := func(path, key string) int {
		r := rest(t, sb, "123456", path, `{}`)
		wantStatus(t, r, 200)
		list, _ := r.json(t)[key].([]any)
		return len(list)
	}
	all, allFns := count("/apps/list/", "apps"), count("/functions/list/", "functions")
	for _, v := range []string{"true", "True", "1"} {
		if n := count("/apps/list/?connected_only="+v, "apps"); n != 1 {
			t.Errorf("apps/list connected_only=%s: %d apps, want hubspot only", v, n)
		}
		if n := count("/functions/list/?connected_only="+v, "functions"); n >= allFns || n == 0 {
			t.Errorf("functions/list connected_only=%s: %d of %d", v, n, allFns)
		}
		r := rest(t, sb, "123456", "/functions/predict/?connected_only="+v, `{"prompt": "add a person to pipedrive"}`)
		if strings.Contains(string(r.body), `"name":"pipedrive`) {
			t.Errorf("predict connected_only=%s keeps pipedrive: %s", v, r.body)
		}
		r = rest(t, sb, "123456", "/functions/predict/?predict_arguments="+v, `{"prompt": "post a message on slack"}`)
		if !strings.Contains(string(r.body), `"arguments"`) {
			t.Errorf("predict_arguments=%s: no arguments: %s", v, r.body)
		}
	}
	for _, v := range []string{"false", "False", "0", ""} {
		if n := count("/apps/list/?connected_only="+v, "apps"); n != all {
			t.Errorf("apps/list connected_only=%q: %d of %d", v, n, all)
		}
	}
}

// "Paginate through functions by setting the _cursor parameter to the
// _cursor returned in a previous request's response": in the query (Node)
// or the body (Python), with a null _cursor on the last page.
func TestRESTListFunctionsPagesWithCursor(t *testing.T) {
	sb := sandboxtest.New(t)
	// The reference's sample call.
	r := rest(t, sb, "123456", "/functions/list/?app=hubspot&type=ACTION", `{}`)
	wantStatus(t, r, 200)
	var page struct {
		Functions []struct {
			Name string `json:"name"`
		} `json:"functions"`
		Cursor *string `json:"_cursor"`
	}
	json.Unmarshal(r.body, &page)
	if len(page.Functions) != 1 || page.Functions[0].Name != "hubspot-create-contact" || page.Cursor != nil {
		t.Fatalf("hubspot actions: %s", r.body)
	}
	whole := rest(t, sb, "123456", "/functions/list/", `{}`)
	var all struct {
		Functions []struct {
			Name string `json:"name"`
		} `json:"functions"`
	}
	json.Unmarshal(whole.body, &all)
	var want []string
	for _, f := range all.Functions {
		want = append(want, f.Name)
	}
	for _, where := range []string{"query", "body"} {
		var got []string
		path, body := "/functions/list/?page_size=4", `{}`
		for i := 0; ; i++ {
			r := rest(t, sb, "123456", path, body)
			wantStatus(t, r, 200)
			page.Cursor = nil
			json.Unmarshal(r.body, &page)
			for _, f := range page.Functions {
				got = append(got, f.Name)
			}
			if page.Cursor == nil {
				if !strings.Contains(string(r.body), `"_cursor":null`) {
					t.Fatalf("the last page's _cursor is null: %s", r.body)
				}
				break
			}
			if i > 10 {
				t.Fatal("the cursor never ends")
			}
			if where == "query" {
				path = "/functions/list/?page_size=4&_cursor=" + url.QueryEscape(*page.Cursor)
			} else {
				body = `{"_cursor": "` + *page.Cursor + `"}`
			}
		}
		if !slices.Equal(got, want) || len(got) <= 4 {
			t.Errorf("%s: pages gave %v\nwant %v", where, got, want)
		}
	}
}

// The reference's call sample (headers, _variables), and the headers the
// Python client reads from an executed call: X-Credits and X-Session-ID.
func TestRESTCallSampleAndHeaders(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.Connect(t, "123456", "slack", "me@slack")
	r := rest(t, sb, "123456", "/functions/slack-post-message/call/", `{
    "channel": "random",
    "text": "{first_name} {last_name} just signed up!",
    "_variables": {
        "first_name": "John",
        "last_name": "Doe"
     }
}`)
	wantStatus(t, r, 200)
	var res struct {
		NetworkCode string `json:"network_code"`
		Output      struct {
			OK      bool   `json:"ok"`
			Channel string `json:"channel"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		} `json:"output"`
	}
	json.Unmarshal(r.body, &res)
	if res.NetworkCode != "200" || !res.Output.OK || res.Output.Channel != "C02RANDOM" || res.Output.Message.Text != "John Doe just signed up!" {
		t.Fatalf("call: %s", r.body)
	}
	if r.header.Get("X-Credits") != "1" || !strings.HasPrefix(r.header.Get("X-Session-ID"), "sess-") {
		t.Fatalf("headers: X-Credits %q, X-Session-ID %q", r.header.Get("X-Credits"), r.header.Get("X-Session-ID"))
	}
	again := rest(t, sb, "123456", "/functions/slack-post-message/call/", `{"channel": "random", "text": "x"}`)
	if again.header.Get("X-Session-ID") == r.header.Get("X-Session-ID") {
		t.Fatal("two calls without a session share one")
	}
	// A client that sends its session keeps it.
	mine := rest(t, sb, "123456", "/functions/slack-post-message/call/", `{"channel": "random", "text": "x"}`, "X-Session-ID", "agent-run-7")
	if mine.header.Get("X-Session-ID") != "agent-run-7" {
		t.Fatalf("session %q", mine.header.Get("X-Session-ID"))
	}
	// A call Integry does not execute costs nothing.
	refused := rest(t, sb, "123456", "/functions/slack-post-message/call/", `{"channel": "random"}`)
	wantStatus(t, refused, 400)
	if refused.header.Get("X-Credits") != "" {
		t.Fatalf("a refused call carries X-Credits %q", refused.header.Get("X-Credits"))
	}
}

// Paginated calls carry _cursor (the REST name) beside next_page (the JS
// SDK's). The reference: "If there are no more pages, it will be null",
// and after a cursor given "as if there is more data" the next call
// returns an empty output. The Python client parses any _cursor into a
// string field, so the last page leaves _cursor out: absent reads as null
// to a client that asks for it, and breaks none.
func TestRESTPaginatedCallCursor(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.Connect(t, "123456", "pipedrive", "p")
	for i := range 5 {
		r := rest(t, sb, "123456", "/functions/pipedrive-add-a-person/call/", `{"name": "Person `+string(rune('A'+i))+`"}`)
		wantStatus(t, r, 200)
	}
	type page struct {
		NetworkCode string            `json:"network_code"`
		Output      []json.RawMessage `json:"output"`
		NextPage    *string           `json:"next_page"`
	}
	walk := func(limit string) (sizes []int) {
		body := `{"limit": ` + limit + `}`
		for range 10 {
			r := rest(t, sb, "123456", "/functions/pipedrive-get-all-persons/call/", body)
			wantStatus(t, r, 200)
			var p page
			json.Unmarshal(r.body, &p)
			m := r.json(t)
			cursor, has := m["_cursor"]
			sizes = append(sizes, len(p.Output))
			if p.NextPage == nil {
				t.Fatalf("next_page missing: %s", r.body)
			}
			if *p.NextPage == "" {
				if has {
					t.Fatalf("the last page carries _cursor %v: %s", cursor, r.body)
				}
				return sizes
			}
			if cursor != *p.NextPage {
				t.Fatalf("_cursor %v and next_page %q differ", cursor, *p.NextPage)
			}
			// The REST name goes back in the body.
			body = `{"limit": ` + limit + `, "_cursor": "` + *p.NextPage + `"}`
		}
		t.Fatal("paging never ends")
		return nil
	}
	if got := walk("2"); !slices.Equal(got, []int{2, 2, 1}) {
		t.Errorf("5 persons by 2: %v", got)
	}
	// A full last page gets a cursor; the call after it returns [].
	if got := walk("5"); !slices.Equal(got, []int{5, 0}) {
		t.Errorf("5 persons by 5: %v", got)
	}
	// What the Python client does with every page: a string cursor, or none.
	var py struct {
		Cursor string `json:"_cursor"`
	}
	r := rest(t, sb, "123456", "/functions/pipedrive-get-all-persons/call/", `{"limit": 10}`)
	if err := json.Unmarshal(r.body, &py); err != nil || py.Cursor != "" {
		t.Fatalf("a client with a string cursor: %v %q", err, py.Cursor)
	}
}

// The reference's predict sample: slack-post-message first, with the
// channel the prompt names and the variables as tags in the text.
func TestRESTPredictSample(t *testing.T) {
	sb := sandboxtest.New(t)
	r := rest(t, sb, "123456", "/functions/predict/?predict_arguments=true", `{
      "prompt": "Send a message on Slack on random that contact just signed up! Include the contact's details.",
      "_variables": {
         "first_name":"John",
         "last_name":"Doe"
      }
 }`)
	wantStatus(t, r, 200)
	var out struct {
		Functions []struct {
			Name      string            `json:"name"`
			Arguments map[string]string `json:"arguments"`
		} `json:"functions"`
	}
	json.Unmarshal(r.body, &out)
	if len(out.Functions) == 0 || out.Functions[0].Name != "slack-post-message" {
		t.Fatalf("predicted %s", r.body)
	}
	args := out.Functions[0].Arguments
	if args["channel"] != "random" || !strings.Contains(args["text"], "{first_name}") || !strings.Contains(args["text"], "{last_name}") {
		t.Fatalf("arguments %v", args)
	}
	// The predicted arguments call as they are.
	sb.Connect(t, "123456", "slack", "me@slack")
	body, _ := json.Marshal(map[string]any{"channel": args["channel"], "text": args["text"], "_variables": map[string]string{"first_name": "John", "last_name": "Doe"}})
	call := rest(t, sb, "123456", "/functions/slack-post-message/call/", string(body))
	if call.status != 200 || !strings.Contains(string(call.body), "First Name: John") {
		t.Fatalf("calling the prediction: %s", call.body)
	}
	// Without predict_arguments there are no arguments; "Could not predict"
	// is an empty list.
	if r := rest(t, sb, "123456", "/functions/predict/", `{"prompt": "Send a message on Slack on random"}`); strings.Contains(string(r.body), `"arguments"`) {
		t.Fatalf("arguments without predict_arguments: %s", r.body)
	}
	wantJSON(t, rest(t, sb, "123456", "/functions/predict/", `{"prompt": "zzz qqq"}`), `{"functions": []}`)
}

// The reference's get sample: a prompt and empty _variables.
func TestRESTGetFunctionSample(t *testing.T) {
	sb := sandboxtest.New(t)
	r := rest(t, sb, "123456", "/functions/slack-post-message/get/", `{ "prompt": "prompt-goes-here", "_variables": {} }`)
	wantStatus(t, r, 200)
	var f struct {
		Name       string            `json:"name"`
		Arguments  map[string]string `json:"arguments"`
		Parameters struct {
			Required []string `json:"required"`
		} `json:"parameters"`
	}
	json.Unmarshal(r.body, &f)
	if f.Name != "slack-post-message" || f.Arguments["text"] != "prompt-goes-here" || !slices.Equal(f.Parameters.Required, []string{"text", "channel"}) {
		t.Fatalf("%s", r.body)
	}
	if strings.Contains(string(r.body), `"meta"`) {
		t.Fatalf("meta without include=meta: %s", r.body)
	}
	// include=meta, as the Python client joins its list.
	if r := rest(t, sb, "123456", "/functions/slack-post-message/get/?include=meta", `{}`); !strings.Contains(string(r.body), `"meta"`) {
		t.Fatalf("include=meta: %s", r.body)
	}
}
