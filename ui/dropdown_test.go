package ui_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
	"github.com/integry-go/integry/ui/uitest"
)

// pagedSource serves items 20 a page with _cursor, as a function call of
// the sandbox does, and counts its requests.
type pagedSource struct {
	mu    sync.Mutex
	items []string // JSON objects
	bodys []string
	fail  bool
}

func (p *pagedSource) serve(req sdk.DataSourceRequest) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bodys = append(p.bodys, string(req.Body))
	if p.fail {
		return nil, &sdk.Error{Code: sdk.CodeServerError, Status: 503, Message: "Slack is down"}
	}
	var in struct {
		Cursor string `json:"_cursor"`
	}
	json.Unmarshal(req.Body, &in)
	start, _ := strconv.Atoi(in.Cursor)
	end := min(start+20, len(p.items))
	out := `{"network_code":"200","output":[` + strings.Join(p.items[start:end], ",") + `]`
	if end < len(p.items) {
		out += `,"_cursor":"` + strconv.Itoa(end) + `","next_page":"` + strconv.Itoa(end) + `"`
	}
	return []byte(out + "}"), nil
}

func (p *pagedSource) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.bodys...)
}

func channels(n int) *pagedSource {
	p := &pagedSource{}
	for i := range n {
		name := fmt.Sprintf("chan-%02d", i)
		if i == n-1 {
			name = "zeta-project"
		}
		p.items = append(p.items, fmt.Sprintf(`{"id":"C%03d","name":%q}`, i, name))
	}
	return p
}

func dynamicAPI(t *testing.T) (*fakeAPI, map[string]*pagedSource) {
	srcs := map[string]*pagedSource{
		"channels": channels(45),
		"threads":  {items: []string{`{"ts":"1.1","text":"first"}`, `{"ts":"1.2","text":"second"}`}},
		"users":    {items: []string{`{"id":"U1","profile":{"first":"Jane","last":"Doe"}}`, `{"id":"U2","profile":{"first":"Omar","last":"Khan"}}`, `{"id":"U3","profile":{"first":"Li","last":"Wei"}}`}},
		"owners":   {items: []string{`{"id":22469411,"value":"Sandbox Owner"}`, `{"id":22469412,"value":"Alex Moreno"}`}},
	}
	api := &fakeAPI{functions: map[string][]byte{"acme-dynamic": ui.ReadFixture(t, "dynamic.json")}, sources: map[string]func(sdk.DataSourceRequest) ([]byte, error){}}
	for name, s := range srcs {
		api.sources["https://src.test/"+name] = s.serve
	}
	api.sources["https://src.test/props"] = func(sdk.DataSourceRequest) ([]byte, error) {
		return []byte(`{"network_code":"200","output":[{"name":"company","label":"Company"},{"name":"phone","label":"Phone"}]}`), nil
	}
	return api, srcs
}

// combo returns the combobox input, listbox and status line of a field.
func combo(t *testing.T, doc *uitest.Document, name string) (in, list, status *uitest.Element) {
	t.Helper()
	for _, e := range doc.Find("integry-combo-input") {
		if e.Attr("data-field") == name {
			in = e
		}
	}
	if in == nil {
		t.Fatalf("no combobox for %s\n%s", name, doc.Tree())
	}
	list = doc.ElementByID(in.Attr("aria-controls")).(*uitest.Element)
	for _, e := range doc.Find("integry-combo-status") {
		if doc.FindIn(e.Parent(), "integry-combo-input") != nil && doc.FindIn(e.Parent(), "integry-combo-input")[0] == in {
			return in, list, e.Children()[0]
		}
	}
	t.Fatalf("no status for %s", name)
	return
}

func options(doc *uitest.Document, list *uitest.Element) []string {
	var out []string
	for _, li := range doc.FindIn(list, "integry-option") {
		out = append(out, li.Text())
	}
	return out
}

func optionNamed(t *testing.T, doc *uitest.Document, list *uitest.Element, label string) *uitest.Element {
	t.Helper()
	for _, li := range doc.FindIn(list, "integry-option") {
		if li.Text() == label {
			return li
		}
	}
	t.Fatalf("no option %q in %v", label, options(doc, list))
	return nil
}

// The channel dropdown loads its first page when the form shows, pages on
// scroll, searches the loaded options and the next pages, and submits the
// chosen option's ID; the owner submits a number as the schema says.
func TestDropdownPagesSearchesAndSubmitsTheID(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, srcs := dynamicAPI(t)
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{})
	in, list, status := combo(t, doc, "channel")
	untilIdle(t, func() bool { return len(options(doc, list)) == 20 })
	if in.Attr("role") != "combobox" || in.Attr("aria-expanded") != "false" || !list.HasAttr("hidden") || status.Text() != "" {
		t.Fatalf("closed combobox:\n%s", doc.Tree())
	}
	in.Dispatch("click")
	if in.Attr("aria-expanded") != "true" || list.HasAttr("hidden") {
		t.Fatal("a click opens the list")
	}
	list.ScrollTo(300) // not near the end yet
	if got := len(srcs["channels"].requests()); got != 1 {
		t.Fatalf("%d requests after a short scroll", got)
	}
	list.ScrollTo(0)
	untilIdle(t, func() bool { return len(options(doc, list)) == 40 })
	if got := srcs["channels"].requests(); got[1] != `{"limit":"20","_cursor":"20"}` {
		t.Fatalf("the second page's body %s", got[1])
	}
	// zeta-project is on the third page: the search loads it.
	in.Type("zeta")
	untilIdle(t, func() bool { return strings.Join(options(doc, list), ",") == "zeta-project" })
	optionNamed(t, doc, list, "zeta-project").Click()
	if in.Value() != "zeta-project" || in.Attr("aria-expanded") != "false" {
		t.Fatalf("after choosing: %q expanded=%s", in.Value(), in.Attr("aria-expanded"))
	}
	// The ID is in a hidden input named after the field, as a <select>'s value.
	var hidden []string
	for _, box := range doc.Find("integry-combo-values") {
		for _, h := range box.Children() {
			hidden = append(hidden, h.Attr("type")+":"+h.Attr("name")+"="+h.Attr("value"))
		}
	}
	if strings.Join(hidden, " ") != "hidden:channel=C044" || in.Attr("name") != "" {
		t.Fatalf("hidden values %v, combobox name %q", hidden, in.Attr("name"))
	}
	owner, olist, _ := combo(t, doc, "owner")
	untilIdle(t, func() bool { return len(options(doc, olist)) == 2 })
	owner.Dispatch("click")
	optionNamed(t, doc, olist, "Alex Moreno").Click()
	doc.RunTimers()
	one(t, doc, "integry-submit").Click()
	r := wait(t, ch)
	if want := `{"channel":"C044","owner":22469412}`; r.err != nil || string(r.v) != want {
		t.Fatalf("resolved %s %v, want %s", r.v, r.err, want)
	}
	// Three pages of channels, no more: nothing beyond what was needed.
	if got := len(srcs["channels"].requests()); got != 3 {
		t.Errorf("%d channel requests", got)
	}
}

// The request carries the connected account (the newest when none was
// given), integry_lang, and nothing the official SDK does not send.
func TestDropdownRequest(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, _ := dynamicAPI(t)
	showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{AllowWorkspace: true})
	_, list, _ := combo(t, doc, "owner")
	untilIdle(t, func() bool { return len(options(doc, list)) == 2 })
	untilIdle(t, func() bool { return strings.Count(api.Calls(), "DataSource") == 4 })
	calls := strings.Split(api.Calls(), "\n")[1:]
	joined := strings.Join(calls, "\n")
	for _, want := range []string{
		`DataSource https://src.test/channels body={"limit":"20","query_string_data":{"limit":"20"}} query=[] account="12" lang=true`,
		`DataSource https://src.test/users body={"query_string_data":{}} query=[] account="12" lang=true`,
		`DataSource https://src.test/owners body={"query_string_data":{}} query=[] account="12" lang=true`,
		`DataSource https://src.test/props body={"object":"contact"} query=[] account="12" lang=false`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no request %s in\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "threads") {
		t.Errorf("the thread source was asked before a channel was chosen:\n%s", joined)
	}
}

// The thread dropdown waits for a channel, loads the channel's threads when
// one is chosen, and starts over when the channel changes.
func TestDropdownReloadsWhenItsFieldChanges(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, srcs := dynamicAPI(t)
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{})
	cin, clist, _ := combo(t, doc, "channel")
	_, tlist, tstatus := combo(t, doc, "thread")
	untilIdle(t, func() bool { return len(options(doc, clist)) == 20 })
	if tstatus.Text() != "Choose Channel first." {
		t.Fatalf("thread status %q", tstatus.Text())
	}
	cin.Dispatch("click")
	optionNamed(t, doc, clist, "chan-03").Click()
	doc.RunTimers() // the debounce
	untilIdle(t, func() bool { return len(options(doc, tlist)) == 2 })
	if got := srcs["threads"].requests(); len(got) != 1 || got[0] != `{"channel":"C003","note":"in C003","query_string_data":{"channel":"C003","note":"in C003"}}` {
		t.Fatalf("thread requests %v", got)
	}
	tin, _, _ := combo(t, doc, "thread")
	tin.Dispatch("click")
	optionNamed(t, doc, tlist, "second").Click()
	// Another channel: the thread chosen in the first one is gone.
	cin.Dispatch("click")
	optionNamed(t, doc, clist, "chan-05").Click()
	doc.RunTimers()
	untilIdle(t, func() bool { return len(srcs["threads"].requests()) == 2 && len(options(doc, tlist)) == 2 })
	if tin.Value() != "" {
		t.Errorf("the old thread is still shown: %q", tin.Value())
	}
	one(t, doc, "integry-submit").Click()
	if r := wait(t, ch); string(r.v) != `{"channel":"C005"}` {
		t.Fatalf("resolved %s %v", r.v, r.err)
	}
}

// A multiselect keeps its list open, shows chips and submits an array.
func TestDropdownMultiselectSubmitsAnArray(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, _ := dynamicAPI(t)
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{Params: json.RawMessage(`{"channel":"C001","members":["U3"]}`)})
	in, list, _ := combo(t, doc, "members")
	untilIdle(t, func() bool { return len(options(doc, list)) == 3 })
	if list.Attr("aria-multiselectable") != "true" {
		t.Fatal("the listbox is not multiselectable")
	}
	chips := func() string {
		var out []string
		for _, c := range doc.Find("integry-chip") {
			out = append(out, c.Children()[0].Text())
		}
		return strings.Join(out, ",")
	}
	if got := chips(); got != "Li Wei" {
		t.Fatalf("prefilled chips %q (the template label reads profile.first and profile.last)", got)
	}
	in.Dispatch("click")
	optionNamed(t, doc, list, "Jane Doe").Click()
	optionNamed(t, doc, list, "Omar Khan").Click()
	if in.Attr("aria-expanded") != "true" || optionNamed(t, doc, list, "Jane Doe").Attr("aria-selected") != "true" {
		t.Fatal("the list closed or the option is not marked selected")
	}
	optionNamed(t, doc, list, "Omar Khan").Click() // toggles off
	optionNamed(t, doc, list, "Omar Khan").Click()
	// Remove the prefilled one with its chip's button.
	for _, b := range doc.Find("integry-chip-remove") {
		if b.Attr("aria-label") == "Remove Li Wei" {
			b.Click()
		}
	}
	if got := chips(); got != "Jane Doe,Omar Khan" {
		t.Fatalf("chips %q", got)
	}
	one(t, doc, "integry-submit").Click()
	if r := wait(t, ch); string(r.v) != `{"channel":"C001","members":["U1","U2"]}` {
		t.Fatalf("resolved %s %v", r.v, r.err)
	}
}

// Keyboard: arrows move through the options (and reach the next page), Enter
// chooses without submitting, Escape closes the list but not the modal.
func TestDropdownKeyboard(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, srcs := dynamicAPI(t)
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{})
	in, list, _ := combo(t, doc, "channel")
	untilIdle(t, func() bool { return len(options(doc, list)) == 20 })
	in.Focus()
	doc.Press("ArrowDown", false) // opens
	for range 20 {
		doc.Press("ArrowDown", false)
	}
	untilIdle(t, func() bool { return len(srcs["channels"].requests()) == 2 && len(options(doc, list)) == 40 })
	doc.Press("ArrowDown", false)
	if got := doc.ElementByID(in.Attr("aria-activedescendant")).(*uitest.Element).Text(); got != "chan-20" {
		t.Fatalf("active option %q", got)
	}
	if e := doc.Press("Enter", false); !e.DefaultPrevented() {
		t.Fatal("Enter on an open list must not submit the form")
	}
	if in.Value() != "chan-20" || in.Attr("aria-expanded") != "false" {
		t.Fatalf("after Enter: %q", in.Value())
	}
	doc.Press("ArrowDown", false)
	if e := doc.Press("Escape", false); !e.DefaultPrevented() || in.Attr("aria-expanded") != "false" || len(doc.Find("integry-modal")) != 1 {
		t.Fatal("Escape on an open list closes the list only")
	}
	doc.Press("Escape", false) // now the modal
	if r := wait(t, ch); sdk.CodeOf(r.err) != sdk.CodeCancelled {
		t.Fatalf("second Escape: %v", r.err)
	}
}

// Loading, error with Try again, and empty states.
func TestDropdownStates(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, srcs := dynamicAPI(t)
	srcs["channels"].fail = true
	srcs["owners"].items = nil
	showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{})
	_, _, status := combo(t, doc, "channel")
	untilIdle(t, func() bool { return strings.HasPrefix(status.Text(), "Could not load the options") })
	if status.Text() != "Could not load the options: Slack is down" {
		t.Fatalf("status %q", status.Text())
	}
	retry := doc.FindIn(status.Parent(), "integry-retry")[0]
	if retry.HasAttr("hidden") {
		t.Fatal("no Try again")
	}
	srcs["channels"].mu.Lock()
	srcs["channels"].fail = false
	srcs["channels"].mu.Unlock()
	retry.Click()
	_, list, _ := combo(t, doc, "channel")
	untilIdle(t, func() bool { return len(options(doc, list)) == 20 })
	if status.Text() != "" || !retry.HasAttr("hidden") {
		t.Fatalf("after retry: %q", status.Text())
	}
	_, _, ostatus := combo(t, doc, "owner")
	untilIdle(t, func() bool { return ostatus.Text() == "No options to choose from." })
}

// A prefilled ID shows its label once its page arrives; a typed value that
// is no option is kept, as the official dropdown lets people enter one.
func TestDropdownPrefillAndTypedValue(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, _ := dynamicAPI(t)
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{Params: json.RawMessage(`{"channel":"C002","owner":22469411}`)})
	in, list, _ := combo(t, doc, "channel")
	untilIdle(t, func() bool { return len(options(doc, list)) == 20 && in.Value() == "chan-02" })
	owner, _, _ := combo(t, doc, "owner")
	untilIdle(t, func() bool { return owner.Value() == "Sandbox Owner" })
	in.Focus()
	in.Type("C999")
	one(t, doc, "integry-submit").Focus() // the focus leaves the input
	in.Dispatch("blur")
	doc.RunTimers()
	one(t, doc, "integry-submit").Click()
	if r := wait(t, ch); string(r.v) != `{"channel":"C999","owner":22469411}` {
		t.Fatalf("resolved %s %v", r.v, r.err)
	}
}

// CUSTOM_FIELDS: the sub-form's inputs come from the data source; they are
// validated and submitted as one nested object, with prefilled keys the
// source does not list passed through.
func TestCustomFieldsSubmitNestedValues(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, _ := dynamicAPI(t)
	api.sources["https://src.test/props"] = func(sdk.DataSourceRequest) ([]byte, error) {
		return []byte(`{"network_code":"200","output":[{"name":"company","label":"Company","required":true},{"name":"phone","label":"Phone"}]}`), nil
	}
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{
		Params: json.RawMessage(`{"channel":"C001","properties":{"phone":"555","legacy_id":7}}`)})
	untilIdle(t, func() bool {
		return len(doc.Find("integry-custom-fields")) == 1 && len(doc.FindIn(doc.Find("integry-custom-fields")[0], "integry-input")) == 2
	})
	fs := one(t, doc, "integry-custom-fields")
	if got := fs.Children()[0].Text(); got != "Properties" {
		t.Fatalf("legend %q", got)
	}
	if input(t, doc, "phone").Value() != "555" {
		t.Fatalf("prefilled sub-field:\n%s", doc.Tree())
	}
	one(t, doc, "integry-submit").Click()
	company := input(t, doc, "company")
	if company.Attr("aria-invalid") != "true" {
		t.Fatal("the required sub-field was not flagged")
	}
	company.Type("Acme")
	one(t, doc, "integry-submit").Click()
	if r := wait(t, ch); string(r.v) != `{"channel":"C001","properties":{"company":"Acme","phone":"555","legacy_id":7}}` {
		t.Fatalf("resolved %s %v", r.v, r.err)
	}
	if doc.Body().(*uitest.Element).Listeners() != 0 {
		t.Error("listeners left behind")
	}
}

// unconnectedDynamicAPI is dynamicAPI with acme-dynamic's app not yet
// connected, so its form waits behind the connect banner.
func unconnectedDynamicAPI(t *testing.T) (*fakeAPI, map[string]*pagedSource) {
	t.Helper()
	api, srcs := dynamicAPI(t)
	raw := strings.Replace(string(ui.ReadFixture(t, "dynamic.json")), `"connected_accounts": [{"id": 12, "display_name": "new", "modified_at": "2025-01-01T00:00:00Z"}]`, `"connected_accounts": []`, 1)
	api.functions["acme-dynamic"] = []byte(raw)
	return api, srcs
}

// Sources wait for the app to be connected; connecting loads them with the
// new account.
func TestSourcesWaitForTheConnect(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, srcs := unconnectedDynamicAPI(t)
	fc := &fakeConnect{results: make(chan *sdk.ConnectResult, 1)}
	env := newEnv(doc, api, ev)
	env.StartConnect = fc.start
	showAsync(t, t.Context(), env, "acme-dynamic", ui.FunctionOptions{})
	if n := len(srcs["channels"].requests()); n != 0 {
		t.Fatalf("%d requests before the app is connected", n)
	}
	one(t, doc, "integry-connect").Click()
	app := &sdk.App{Name: "acme", Title: "Acme", ConnectedAccounts: []sdk.ConnectedAccount{{ID: 99}}, ConnectedAccountID: "99"}
	fc.results <- &sdk.ConnectResult{AccountID: "99", App: app}
	_, list, _ := combo(t, doc, "channel")
	untilIdle(t, func() bool { return len(options(doc, list)) == 20 })
	if !strings.Contains(api.Calls(), `account="99"`) {
		t.Fatalf("calls without the new account:\n%s", api.Calls())
	}
}

// A connect made elsewhere on the page (connectApp, a connect button) ends
// the form's wait as its own banner would: the banner goes, Submit is
// enabled, and the sources load with the new account. Another app's
// connect changes nothing.
func TestFormFollowsAConnectMadeElsewhere(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, srcs := unconnectedDynamicAPI(t)
	showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{})
	if !one(t, doc, "integry-submit").HasAttr("disabled") {
		t.Fatal("Submit is enabled before the app is connected")
	}
	ev.Emit(sdk.EventAppConnected, &sdk.App{Name: "other", ConnectedAccounts: []sdk.ConnectedAccount{{ID: 5}}, ConnectedAccountID: "5"})
	ev.Emit(sdk.EventAppConnected, &sdk.App{Name: "acme", Title: "Acme", ConnectedAccounts: []sdk.ConnectedAccount{{ID: 99}}, ConnectedAccountID: "99"})
	untilIdle(t, func() bool { return len(doc.Find("integry-banner")) == 0 })
	if one(t, doc, "integry-submit").HasAttr("disabled") {
		t.Error("Submit stays disabled after the connect")
	}
	_, list, _ := combo(t, doc, "channel")
	untilIdle(t, func() bool { return len(options(doc, list)) == 20 })
	if !strings.Contains(api.Calls(), `account="99"`) || strings.Contains(api.Calls(), `account="5"`) {
		t.Fatalf("calls not with acme's new account:\n%s", api.Calls())
	}
	if n := len(srcs["channels"].requests()); n == 0 {
		t.Fatal("no source request after the connect")
	}
}

// A field the source needs is emptied while the person searches the
// dependent dropdown: it waits for the field (and does not ask for the
// next page of the old channel's threads).
func TestDropdownSearchWhileItsFieldIsEmptied(t *testing.T) {
	t.Parallel()
	doc, ev := uitest.NewDocument(), newEvents()
	api, srcs := dynamicAPI(t)
	for i := range 30 {
		srcs["threads"].items = append(srcs["threads"].items, fmt.Sprintf(`{"ts":"2.%d","text":"reply %d"}`, i, i))
	}
	showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-dynamic", ui.FunctionOptions{Params: json.RawMessage(`{"channel":"C001"}`)})
	_, tlist, tstatus := combo(t, doc, "thread")
	untilIdle(t, func() bool { return len(options(doc, tlist)) == 20 })
	cin, _, _ := combo(t, doc, "channel")
	cin.Focus()
	cin.Type("")
	one(t, doc, "integry-submit").Focus()
	cin.Dispatch("blur")
	doc.RunTimers() // the blur; the thread's reload is pending
	tin, _, _ := combo(t, doc, "thread")
	tin.Type("zz")
	if tstatus.Text() != "Choose Channel first." {
		t.Fatalf("status %q", tstatus.Text())
	}
	if n := len(srcs["threads"].requests()); n != 1 {
		t.Fatalf("%d thread requests", n)
	}
}
