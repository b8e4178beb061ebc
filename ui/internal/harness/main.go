//go:build js && wasm

// Command harness renders the ui widgets with built-in data, without a
// backend, for the host-side page tests of package ui: axe-core checks,
// script-payload checks, the connect-in-the-click check and `make
// screenshots`. The page picks a view with ?view=form|form-connect|inline|evil|apps
// (apps takes &layout=narrow; the form's Owner is a dynamic dropdown over
// data/source-users.json, whose first request panics with &panic=source)
// and learns the outcome from data attributes on <body>: ready="1" once
// rendered, result (submitted JSON) or error (an error code).
package main

import (
	"context"
	"embed"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/ui"
)

//go:embed data/*.json
var data embed.FS

// api answers from the embedded data.
type api struct {
	apps []sdk.App
	// panics makes the next data-source request panic (?panic=source), to
	// show a page that goes on after a goroutine of the widgets panicked.
	panics atomic.Bool
}

func (a *api) GetFunction(_ context.Context, name string, _ *sdk.GetFunctionOptions) (*sdk.Function, error) {
	if n, err := strconv.Atoi(strings.TrimPrefix(name, "big-")); err == nil && strings.HasPrefix(name, "big-") {
		return bigFunction(n)
	}
	b, err := data.ReadFile("data/" + name + ".json")
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeFunctionNotFound, Status: 404, Message: "Function not found"}
	}
	var f sdk.Function
	return &f, json.Unmarshal(b, &f)
}

func (a *api) GetApp(_ context.Context, name string) (*sdk.App, error) {
	for _, app := range a.apps {
		if app.Name == name {
			return &app, nil
		}
	}
	return nil, &sdk.Error{Code: sdk.CodeAppNotFound, Status: 404, Message: "App not found"}
}

func (a *api) ListApps(_ context.Context, o *sdk.ListAppsOptions) (*sdk.AppPage, error) {
	var match []sdk.App
	for _, app := range a.apps {
		if strings.Contains(strings.ToLower(app.Title), strings.ToLower(o.Search)) {
			match = append(match, app)
		}
	}
	start := 0
	if o.Cursor != "" {
		for i, app := range match {
			if app.Name == o.Cursor {
				start = i
			}
		}
	}
	end := min(start+o.PageSize, len(match))
	page := &sdk.AppPage{Apps: match[start:end], Count: len(match)}
	if end < len(match) {
		page.Cursor = match[end].Name
	}
	return page, nil
}

func (a *api) Disconnect(_ context.Context, appName, id string) (*sdk.App, error) {
	for i := range a.apps {
		if a.apps[i].Name == appName {
			var kept []sdk.ConnectedAccount
			for _, acc := range a.apps[i].ConnectedAccounts {
				if strconv.FormatInt(acc.ID, 10) != id {
					kept = append(kept, acc)
				}
			}
			a.apps[i].ConnectedAccounts = kept
			app := a.apps[i]
			app.ConnectedAccountID = id
			return &app, nil
		}
	}
	return nil, &sdk.Error{Code: sdk.CodeNotFound, Status: 404, Message: "Not found."}
}

// DataSource serves the harness's dropdowns: data/source-<name>.json for
// a URL ending in /<name>, 20 entries a page.
func (a *api) DataSource(_ context.Context, req sdk.DataSourceRequest) (sdk.Doc, error) {
	if a.panics.CompareAndSwap(true, false) {
		panic("the harness's panic")
	}
	name := req.URL[strings.LastIndexByte(req.URL, '/')+1:]
	b, err := data.ReadFile("data/source-" + name + ".json")
	if err != nil {
		return nil, &sdk.Error{Code: sdk.CodeNotFound, Status: 404, Message: "Not found."}
	}
	var all []json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	var in struct {
		Cursor string `json:"_cursor"`
	}
	_ = json.Unmarshal(req.Body, &in)
	start, _ := strconv.Atoi(in.Cursor)
	end := min(start+20, len(all))
	out := map[string]any{"network_code": "200", "output": all[min(start, end):end]}
	if end < len(all) {
		out["_cursor"] = strconv.Itoa(end)
	}
	page, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return sdk.ParseDoc(page)
}

// bigFunction is a signature with n fields of mixed kinds, for render timing.
func bigFunction(n int) (*sdk.Function, error) {
	var b strings.Builder
	b.WriteString(`{"name":"big","parameters":{"type":"object","properties":{`)
	kinds := []string{`{"type":"string"}`, `{"type":"integer"}`, `{"type":"boolean"}`, `{"type":"string","enum":["a","b","c"]}`, `{"type":"array","items":{"type":"string"}}`}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"field_` + strconv.Itoa(i) + `":` + kinds[i%len(kinds)])
	}
	b.WriteString(`}}}`)
	var f sdk.Function
	return &f, json.Unmarshal([]byte(b.String()), &f)
}

func body() safejs.Value {
	doc, _ := safejs.Global().Get("document")
	b, _ := doc.Get("body")
	return b
}

func mark(key, value string) {
	ds, err := body().Get("dataset")
	if err == nil {
		_ = ds.Set(key, value)
	}
}

// startConnect opens a real popup inside the click, as the SDK must; the
// "flow" then closes it and reports a new account.
func (a *api) startConnect(appName string) (func(context.Context) (*sdk.ConnectResult, error), error) {
	w, err := safejs.Global().Call("open", "about:blank", "integry-connect", "popup,width=800,height=600")
	if err != nil || w.IsNull() || w.IsUndefined() {
		mark("popup", "blocked")
		return nil, &sdk.Error{Code: sdk.CodePopupBlocked, Message: "The connect popup was blocked by the browser"}
	}
	mark("popup", "opened")
	return func(ctx context.Context) (*sdk.ConnectResult, error) {
		_, _ = w.Call("close")
		app, err := a.GetApp(ctx, appName)
		if err != nil {
			app = &sdk.App{Name: appName, Title: "Acme", LoginURL: "https://sandbox.test/login/" + appName}
		}
		app.ConnectedAccounts = append([]sdk.ConnectedAccount{{ID: 501, DisplayName: "new@acme", ModifiedAt: time.Now()}}, app.ConnectedAccounts...)
		app.ConnectedAccountID = "501"
		return &sdk.ConnectResult{AccountID: "501", App: app}, nil
	}, nil
}

func main() {
	loc, _ := safejs.Global().Get("location")
	search, _ := loc.Get("search")
	s, _ := search.String()
	q, _ := url.ParseQuery(strings.TrimPrefix(s, "?"))
	a := &api{}
	b, _ := data.ReadFile("data/apps.json")
	_ = json.Unmarshal(b, &a.apps)
	doc := ui.BrowserDocument()
	events := sdk.NewEmitter()
	events.On(sdk.EventDidRenderFunction, func(any) { mark("ready", "1") })
	events.On(sdk.EventModalClosed, func(any) { mark("closed", "1") })
	events.On(sdk.EventError, func(p any) { mark("errors", sdk.AsError(p.(error)).Message) })
	a.panics.Store(q.Get("panic") == "source")
	ui.Console = jsbridge.ConsoleError // as the wasm does
	env := ui.Env{Doc: doc, API: a, Events: events, Strings: ui.NewStrings(q.Get("lang")), StartConnect: a.startConnect}
	ctx := context.Background()
	show := func(name string, o ui.FunctionOptions) {
		v, err := ui.ShowFunction(ctx, env, name, o)
		if err != nil {
			mark("error", string(sdk.CodeOf(err)))
			return
		}
		mark("result", string(v))
	}
	start := make(chan struct{})
	jsbridge.Export(contract.GlobalName, jsbridge.Exports{
		Version: "harness",
		Methods: []string{"start"},
		Create:  func(int, jsbridge.Value) {},
		Call:    func(int, int, string, jsbridge.Args, bool) { close(start) }, // the page's call of "start": its host is ready
		Cancel:  func(int, int) {},
		Destroy: func(int) {},
		Stats:   jsbridge.Undefined,
	})
	go func() {
		<-start
		switch q.Get("view") {
		case "form":
			show("acme-create-ticket", ui.FunctionOptions{Params: []byte(`{"zeta_title":"Printer on fire","priority":2,"urgent":false,"watchers":[1,2]}`)})
		case "form-connect":
			show("acme-unconnected", ui.FunctionOptions{})
		case "inline":
			show("acme-create-ticket", ui.FunctionOptions{Mode: ui.ModeInline, ContainerID: "container"})
		case "evil":
			show("evil", ui.FunctionOptions{})
		case "big":
			perf, _ := safejs.Global().Get("performance")
			t0, _ := perf.Call("now")
			start, _ := t0.Float()
			events.Once(sdk.EventDidRenderFunction, func(any) {
				t1, _ := perf.Call("now")
				end, _ := t1.Float()
				mark("ms", strconv.FormatFloat(end-start, 'f', 1, 64))
			})
			show("big-"+q.Get("n"), ui.FunctionOptions{})
		case "apps":
			if _, err := ui.ShowApps(ctx, env, ui.AppsOptions{PageSize: 6, Layout: ui.Layout(q.Get("layout"))}); err != nil {
				mark("error", string(sdk.CodeOf(err)))
				return
			}
			mark("ready", "1")
		}
	}()
	select {}
}
