package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
	"github.com/integry-go/integry/ui/uitest"
)

// fakeAPI answers from memory and records calls.
type fakeAPI struct {
	mu        sync.Mutex
	functions map[string][]byte
	apps      []sdk.App
	calls     []string
	pageSize  int
	sources   map[string]func(sdk.DataSourceRequest) ([]byte, error) // by URL
}

// DataSource answers from sources; a URL without one never answers (its
// dropdown stays "Loading", so golden trees do not race with it).
func (a *fakeAPI) DataSource(ctx context.Context, req sdk.DataSourceRequest) (sdk.Doc, error) {
	a.record("DataSource %s body=%s query=%v account=%q lang=%t", req.URL, req.Body, req.Query, req.ConnectedAccountID, req.Lang)
	a.mu.Lock()
	fn := a.sources[req.URL]
	a.mu.Unlock()
	if fn == nil {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	b, err := fn(req)
	if err != nil {
		return nil, err
	}
	return sdk.ParseDoc(b)
}

func (a *fakeAPI) record(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, fmt.Sprintf(format, args...))
}

func (a *fakeAPI) GetFunction(_ context.Context, name string, o *sdk.GetFunctionOptions) (*sdk.Function, error) {
	a.record("GetFunction %s meta=%t", name, o != nil && o.IncludeMeta)
	raw, ok := a.functions[name]
	if !ok {
		return nil, &sdk.Error{Code: sdk.CodeFunctionNotFound, Status: 404, Message: "Function not found"}
	}
	var f sdk.Function
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

func (a *fakeAPI) GetApp(_ context.Context, name string) (*sdk.App, error) {
	a.record("GetApp %s", name)
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, app := range a.apps {
		if app.Name == name {
			cp := app
			return &cp, nil
		}
	}
	return nil, &sdk.Error{Code: sdk.CodeAppNotFound, Status: 404, Message: "App not found"}
}

func (a *fakeAPI) ListApps(_ context.Context, o *sdk.ListAppsOptions) (*sdk.AppPage, error) {
	a.record("ListApps cursor=%q search=%q", o.Cursor, o.Search)
	a.mu.Lock()
	defer a.mu.Unlock()
	var match []sdk.App
	for _, app := range a.apps {
		if o.Search == "" || strings.Contains(strings.ToLower(app.Title), strings.ToLower(o.Search)) {
			match = append(match, app)
		}
	}
	size := a.pageSize
	if size == 0 {
		size = 30
	}
	start := 0
	if o.Cursor != "" {
		fmt.Sscan(o.Cursor, &start)
	}
	end := min(start+size, len(match))
	page := &sdk.AppPage{Apps: append([]sdk.App(nil), match[start:end]...), Count: len(match)}
	if end < len(match) {
		page.Cursor = fmt.Sprint(end)
	}
	return page, nil
}

func (a *fakeAPI) Disconnect(_ context.Context, appName, accountID string) (*sdk.App, error) {
	a.record("Disconnect %s %s", appName, accountID)
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range a.apps {
		if a.apps[i].Name != appName {
			continue
		}
		app := &a.apps[i]
		for j, acc := range app.ConnectedAccounts {
			if fmt.Sprint(acc.ID) == accountID {
				app.ConnectedAccounts = append(app.ConnectedAccounts[:j:j], app.ConnectedAccounts[j+1:]...)
				cp := *app
				cp.ConnectedAccountID = accountID
				return &cp, nil
			}
		}
	}
	return nil, &sdk.Error{Code: sdk.CodeNotFound, Status: 404, Message: "Not found."}
}

func (a *fakeAPI) Calls() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return strings.Join(a.calls, "\n")
}

// events records emitted events as "name payload-json" lines.
type events struct {
	*sdk.Emitter
	mu  sync.Mutex
	got []string
}

func newEvents() *events {
	e := &events{Emitter: sdk.NewEmitter()}
	for _, name := range []sdk.Event{sdk.EventModalClosed, sdk.EventDidRenderFunction, sdk.EventAppConnected, sdk.EventAppDisconnected} {
		e.On(name, func(p any) {
			b, _ := json.Marshal(p)
			e.mu.Lock()
			e.got = append(e.got, string(name)+" "+string(b))
			e.mu.Unlock()
		})
	}
	return e
}

func (e *events) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.got, "\n")
}

type result struct {
	v   []byte
	err error
}

// showAsync runs ShowFunction in a goroutine, as the wasm promise does, and
// waits until the form is built.
func showAsync(t *testing.T, ctx context.Context, env ui.Env, name string, o ui.FunctionOptions) <-chan result {
	t.Helper()
	ch := make(chan result, 1)
	go func() {
		v, err := ui.ShowFunction(ctx, env, name, o)
		ch <- result{v, err}
	}()
	env.Doc.(*uitest.Document).WaitPaint()
	return ch
}

func newEnv(doc *uitest.Document, api *fakeAPI, ev *events) ui.Env {
	return ui.Env{Doc: doc, API: api, Events: ev.Emitter, Strings: ui.NewStrings("en")}
}

func slackAPI(t *testing.T) *fakeAPI {
	return &fakeAPI{functions: map[string][]byte{
		"slack-post-message": ui.ReadFixture(t, "slack-post-message.json"),
		"acme-create-ticket": ui.ReadFixture(t, "meta-hints.json"),
	}}
}

func one(t *testing.T, doc *uitest.Document, class string) *uitest.Element {
	t.Helper()
	found := doc.Find(class)
	if len(found) != 1 {
		t.Fatalf("%d elements with class %s, want 1\n%s", len(found), class, doc.Tree())
	}
	return found[0]
}

func input(t *testing.T, doc *uitest.Document, name string) *uitest.Element {
	t.Helper()
	for _, e := range doc.Find("integry-input") {
		if e.Attr("name") == name {
			return e
		}
	}
	t.Fatalf("no input named %s\n%s", name, doc.Tree())
	return nil
}

func wait(t *testing.T, ch <-chan result) result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(10 * time.Second): // a hang guard, not a timed assertion
		t.Fatal("ShowFunction did not return")
		return result{}
	}
}

// The seed's showFunctionUI example: prefilled, submitted, typed values out.
func TestShowFunctionModalSubmit(t *testing.T) {
	t.Parallel()
	doc, api, ev := uitest.NewDocument(), slackAPI(t), newEvents()
	opener := doc.CreateElement("button")
	doc.Body().Append(opener)
	opener.Focus()
	doc.Log()
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "slack-post-message", ui.FunctionOptions{
		Params: json.RawMessage(`{"channel":"general","text":"hello","as_user":false}`),
	})
	ui.Golden(t, doc.Log())
	if got := ev.String(); got != `did-render-function {"FunctionName":"slack-post-message","RenderMode":"MODAL","ContainerID":"","ChatBotUI":false,"IsReadOnly":false}` {
		t.Errorf("events: %s", got)
	}
	dialog := one(t, doc, "integry-modal")
	if dialog.Attr("role") != "dialog" || dialog.Attr("aria-modal") != "true" || doc.ElementByID(dialog.Attr("aria-labelledby")).(*uitest.Element).Text() != "slack-post-message" {
		t.Errorf("dialog is not labelled: %s", doc.Tree())
	}
	if a := doc.Active(); a == nil || a.Attr("name") != "text" {
		t.Errorf("focus is on %v, want the first field", a)
	}
	input(t, doc, "text").Type("hello world from the other side")
	input(t, doc, "mrkdwn").Type("false")
	input(t, doc, "blocks").Type("b1\nb2")
	one(t, doc, "integry-submit").Click()
	r := wait(t, ch)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if want := `{"text":"hello world from the other side","channel":"general","as_user":false,"blocks":["b1","b2"],"mrkdwn":false}`; string(r.v) != want {
		t.Errorf("resolved %s\nwant     %s", r.v, want)
	}
	if len(doc.Find("integry-root")) != 0 || doc.Body().(*uitest.Element).Listeners() != 0 {
		t.Errorf("the modal or its listeners stayed:\n%s", doc.Tree())
	}
	if !doc.Active().Is(opener) {
		t.Errorf("focus did not return to the opener")
	}
	if got := api.Calls(); got != "GetFunction slack-post-message meta=true" {
		t.Errorf("calls: %s (the schema is fetched once, with meta)", got)
	}
}

func TestShowFunctionValidationErrors(t *testing.T) {
	t.Parallel()
	doc, api, ev := uitest.NewDocument(), slackAPI(t), newEvents()
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "acme-create-ticket", ui.FunctionOptions{Params: json.RawMessage(`{"address":{"zip":"x"}}`)})
	doc.Log()
	one(t, doc, "integry-submit").Click()
	select {
	case r := <-ch:
		t.Fatalf("an invalid form resolved: %s %v", r.v, r.err)
	default:
	}
	tree := doc.Tree()
	ui.Golden(t, tree)
	title := input(t, doc, "zeta_title")
	if title.Attr("aria-invalid") != "true" || !strings.Contains(title.Attr("aria-describedby"), "-error") {
		t.Fatalf("title not marked invalid: %s", tree)
	}
	errEl := doc.ElementByID(strings.Fields(title.Attr("aria-describedby"))[1]).(*uitest.Element)
	if errEl.Text() != "This field is required." {
		t.Errorf("title error %q", errEl.Text())
	}
	if !doc.Active().Is(title) {
		t.Errorf("focus should move to the first invalid field")
	}
	if s := one(t, doc, "integry-summary"); s.Attr("role") != "alert" || s.Text() != "Please fix the highlighted fields (5)." {
		t.Errorf("summary %q", s.Text())
	}
	// Fixing a field clears its message at once.
	title.Type("lower")
	if errEl.Text() != "Start with a capital letter" {
		t.Errorf("regex message %q", errEl.Text())
	}
	title.Type("Upper")
	if title.HasAttr("aria-invalid") || errEl.Text() != "" {
		t.Errorf("fixed field still invalid")
	}
	input(t, doc, "body").Type("0")
	input(t, doc, "channel").Type("C02")
	input(t, doc, "city").Type("Lyon")
	input(t, doc, "zip").Type("69001")
	input(t, doc, "estimate").Type("0")
	one(t, doc, "integry-submit").Click()
	r := wait(t, ch)
	if want := `{"zeta_title":"Upper","body":"0","channel":"C02","estimate":0,"urgent":false,"address":{"city":"Lyon","zip":"69001"}}`; r.err != nil || string(r.v) != want {
		t.Errorf("got %s %v\nwant %s", r.v, r.err, want)
	}
}

// Every way of closing rejects cancelled and emits modal-closed
// (docs/protocol.md#differs-modal-closed).
func TestShowFunctionCancel(t *testing.T) {
	t.Parallel()
	for _, route := range []string{"close button", "Escape", "backdrop"} {
		t.Run(strings.ReplaceAll(route, " ", "_"), func(t *testing.T) {
			t.Parallel()
			doc, api, ev := uitest.NewDocument(), slackAPI(t), newEvents()
			ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "slack-post-message", ui.FunctionOptions{})
			// A click inside the dialog is not a backdrop click.
			one(t, doc, "integry-modal").Click()
			switch route {
			case "close button":
				one(t, doc, "integry-close").Click()
			case "Escape":
				doc.Press("Escape", false)
			case "backdrop":
				one(t, doc, "integry-overlay").Click()
			}
			r := wait(t, ch)
			if sdk.CodeOf(r.err) != sdk.CodeCancelled {
				t.Fatalf("got %s %v, want cancelled", r.v, r.err)
			}
			if got := ev.String(); !strings.HasSuffix(got, "\nmodal-closed {}") {
				t.Errorf("events:\n%s", got)
			}
			if len(doc.Find("integry-root")) != 0 || doc.Body().(*uitest.Element).Listeners() != 0 {
				t.Errorf("modal left behind")
			}
		})
	}
}

func TestShowFunctionFocusTrap(t *testing.T) {
	t.Parallel()
	doc, api, ev := uitest.NewDocument(), slackAPI(t), newEvents()
	ctx, cancel := context.WithCancel(t.Context())
	ch := showAsync(t, ctx, newEnv(doc, api, ev), "slack-post-message", ui.FunctionOptions{})
	submit, closeBtn := one(t, doc, "integry-submit"), one(t, doc, "integry-close")
	submit.Focus()
	if e := doc.Press("Tab", false); !e.DefaultPrevented() || !doc.Active().Is(closeBtn) {
		t.Errorf("Tab on the last control should wrap to the close button, focus on %v", doc.Active())
	}
	if e := doc.Press("Tab", true); !e.DefaultPrevented() || !doc.Active().Is(submit) {
		t.Errorf("Shift+Tab on the first control should wrap to submit, focus on %v", doc.Active())
	}
	input(t, doc, "text").Focus()
	if e := doc.Press("Tab", false); e.DefaultPrevented() {
		t.Errorf("Tab in the middle must be left to the browser")
	}
	cancel() // the instance is destroyed
	if r := wait(t, ch); sdk.CodeOf(r.err) != sdk.CodeCancelled || len(doc.Find("integry-root")) != 0 {
		t.Errorf("after ctx end: %v, modal present %d", r.err, len(doc.Find("integry-root")))
	}
}

func TestShowFunctionInlineWithOptions(t *testing.T) {
	t.Parallel()
	doc, api, ev := uitest.NewDocument(), slackAPI(t), newEvents()
	box := doc.CreateElement("div")
	box.SetAttr("id", "form-here")
	doc.Body().Append(box)
	var changes []string
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "slack-post-message", ui.FunctionOptions{
		Mode: ui.ModeInline, ContainerID: "form-here",
		HiddenFields: []string{"as_user", "icon_url"}, VisibleFields: []string{"icon_url"},
		Form: ui.FormOptions{SubmitText: "Post it", HideTitle: true, OnChange: func(name string, v []byte) {
			changes = append(changes, name+"="+string(v))
		}},
	})
	if got := ev.String(); !strings.Contains(got, `"RenderMode":"INLINE","ContainerID":"form-here"`) {
		t.Errorf("events: %s", got)
	}
	if len(doc.Find("integry-overlay")) != 0 || len(doc.Find("integry-title")) != 0 {
		t.Errorf("inline form must have no modal and (hideFunctionTitle) no title")
	}
	for _, e := range doc.Find("integry-input") {
		if e.Attr("name") == "as_user" {
			t.Errorf("as_user is in hiddenFields")
		}
	}
	input(t, doc, "icon_url") // hidden, then made visible
	if s := one(t, doc, "integry-submit"); s.Text() != "Post it" {
		t.Errorf("submit text %q", s.Text())
	}
	input(t, doc, "link_names").Type("false")
	input(t, doc, "text").Type("hi")
	input(t, doc, "channel").Type("C1")
	if got := strings.Join(changes, " "); !strings.HasPrefix(got, "link_names=false text=\"hi\"") {
		t.Errorf("onChange got %s", got)
	}
	one(t, doc, "integry-submit").Click()
	if r := wait(t, ch); string(r.v) != `{"text":"hi","channel":"C1","link_names":false}` {
		t.Errorf("got %s %v", r.v, r.err)
	}
	if len(box.(*uitest.Element).Children()) != 0 {
		t.Errorf("the inline form stayed in its container")
	}
}

func TestShowFunctionErrors(t *testing.T) {
	t.Parallel()
	doc, api, ev := uitest.NewDocument(), slackAPI(t), newEvents()
	env := newEnv(doc, api, ev)
	cases := []struct {
		name string
		o    ui.FunctionOptions
		code sdk.Code
	}{
		{"nope", ui.FunctionOptions{}, sdk.CodeFunctionNotFound},
		{"", ui.FunctionOptions{}, sdk.CodeInvalidArgument},
		{"slack-post-message", ui.FunctionOptions{Mode: ui.ModeInline, ContainerID: "missing"}, sdk.CodeInvalidArgument},
		{"slack-post-message", ui.FunctionOptions{Mode: "POPUP"}, sdk.CodeInvalidArgument},
		{"slack-post-message", ui.FunctionOptions{Params: json.RawMessage(`[1]`)}, sdk.CodeInvalidArgument},
		{"acme-create-ticket", ui.FunctionOptions{ConnectedAccountID: "99"}, sdk.CodeNotConnected},
	}
	for _, c := range cases {
		if _, err := ui.ShowFunction(t.Context(), env, c.name, c.o); sdk.CodeOf(err) != c.code {
			t.Errorf("%q %+v: %v, want %s", c.name, c.o, err, c.code)
		}
	}
	if len(doc.Find("integry-root")) != 0 {
		t.Errorf("a failed call left DOM behind")
	}
}

// showFunction's payload: each text field gets a menu of the payload's
// values; choosing one appends its tag, which the form submits as text
// (docs/protocol.md#surface-payload).
func TestShowFunctionPayloadTagMenu(t *testing.T) {
	t.Parallel()
	doc, api, ev := uitest.NewDocument(), slackAPI(t), newEvents()
	ch := showAsync(t, t.Context(), newEnv(doc, api, ev), "slack-post-message", ui.FunctionOptions{
		Params:  json.RawMessage(`{"channel":"general","text":"Hi "}`),
		Payload: json.RawMessage(`{"first_name":"Ada","user":{"email":"a@x","id":7}}`),
	})
	var menu *uitest.Element
	for _, m := range doc.Find("integry-tag-menu") {
		if m.Attr("data-field") == "text" {
			menu = m
		}
		if f := m.Attr("data-field"); f == "mrkdwn" || f == "as_user" {
			t.Errorf("a tag menu on the non-text field %s", f)
		}
	}
	if menu == nil {
		t.Fatalf("no tag menu on the text field:\n%s", doc.Tree())
	}
	var options []string
	for _, o := range menu.Children()[1:] {
		options = append(options, o.Attr("value"))
	}
	if got := strings.Join(options, " "); got != "{first_name} {user.email} {user.id}" {
		t.Errorf("menu offers %s", got)
	}
	menu.SetValue("{user.email}")
	menu.Dispatch("change")
	if got := input(t, doc, "text").Value(); got != "Hi {user.email}" {
		t.Errorf("the field holds %q after choosing a tag", got)
	}
	one(t, doc, "integry-submit").Click()
	r := wait(t, ch)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !strings.Contains(string(r.v), `"text":"Hi {user.email}"`) {
		t.Errorf("resolved %s", r.v)
	}
	if ui.PayloadTags([]byte(`[1]`)) != nil || len(ui.PayloadTags([]byte(`{"a":{"b":{"c":{"d":{"e":1}}}}}`))) != 1 {
		t.Error("PayloadTags takes objects only, nested at most four levels")
	}
}
