//go:build !js

// The sandbox these tests run against does not build for js/wasm (its
// store, bbolt, does not), and the wasm lanes do not run package sdk.

package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/nethttp"
)

// countingClient is a client of the sandbox for user that counts the
// requests it sends to path.
func countingClient(t *testing.T, sb *sandboxtest.Sandbox, user, path string) (*sdk.Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	inner := &nethttp.Transport{}
	c, err := sdk.NewClient(sb.Config(user), sdk.WithTransport(sdk.TransportFunc(func(ctx context.Context, r *sdk.Request) (*sdk.Response, error) {
		if strings.Contains(r.URL, path) {
			n.Add(1)
		}
		return inner.Do(ctx, r)
	})))
	if err != nil {
		t.Fatal(err)
	}
	return c, &n
}

func names(fns []sdk.Function) []string {
	out := []string{}
	for _, f := range fns {
		out = append(out, f.Name)
	}
	return out
}

func TestPredictFunctionsPicksTheFunctionAndItsArguments(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	fns, err := c.PredictFunctions(t.Context(), "Send a message on Slack on random", &sdk.PredictOptions{
		PredictArguments: true,
		Variables:        json.RawMessage(`{"first_name":"Jane"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !(len(fns) != 0) {
		t.Fatalf("fns = %v, want not empty", fns)
	}
	if fns[0].Name != "slack-post-message" {
		t.Fatalf("best first: %v", names(fns))
	}
	var args map[string]string
	if err := json.Unmarshal(fns[0].Arguments.JSON(), &args); err != nil {
		t.Fatalf("json.Unmarshal(fns[0].Arguments.JSON(), &args): %v", err)
	}
	if args["channel"] != "random" {
		t.Fatalf("the channel the prompt names: args[\"channel\"] = %v, want %v", args["channel"], "random")
	}
	if args["text"] != "Send a message on Slack on random\nFirst Name: {first_name}" {
		t.Fatalf("args[\"text\"] = %v, want %v", args["text"], "Send a message on Slack on random\nFirst Name: {first_name}")
	}

	// Without predict_arguments the functions come bare.
	fns, err = c.PredictFunctions(t.Context(), "Send a message on Slack on random", nil)
	if err != nil {
		t.Fatal(err)
	}
	if fns[0].Name != "slack-post-message" {
		t.Fatalf("fns[0].Name = %v, want %v", fns[0].Name, "slack-post-message")
	}
	if fns[0].Arguments != nil {
		t.Fatalf("fns[0].Arguments = %v, want nil", fns[0].Arguments)
	}
}

func TestPredictFunctionsConnectedOnlyLeavesOutAppsNotConnected(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	prompt := "post a message to slack"
	fns, err := c.PredictFunctions(t.Context(), prompt, &sdk.PredictOptions{ConnectedOnly: true, IncludeMeta: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fns {
		if strings.HasPrefix(f.Name, "slack-") {
			t.Fatalf("slack is not connected: %v", names(fns))
		}
	}
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	fns, err = c.PredictFunctions(t.Context(), prompt, &sdk.PredictOptions{ConnectedOnly: true, IncludeMeta: true})
	if err != nil {
		t.Fatal(err)
	}
	if fns[0].Name != "slack-post-message" {
		t.Fatalf("fns[0].Name = %v, want %v", fns[0].Name, "slack-post-message")
	}
	app, err := sdk.AppOf(fns[0].Meta.Get("app"))
	if err != nil {
		t.Fatal(err)
	}
	if !(app.IsConnected()) {
		t.Fatalf("want app.IsConnected()")
	}
}

func TestPredictFunctionsAnswersNoneAsAnEmptyList(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	fns, err := sb.Client(t, "u1").PredictFunctions(t.Context(), "zzzz qqqq", nil)
	if err != nil {
		t.Fatal(err)
	}
	if fns == nil {
		t.Fatalf("fns = %v, want not nil", fns)
	}
	if len(fns) != 0 {
		t.Fatalf("fns = %v, want empty", fns)
	}
}

func TestPredictFunctionsRejectsAnEmptyPromptBeforeSending(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c, n := countingClient(t, sb, "u1", "/functions/predict/")
	for _, p := range []string{"", "  \n"} {
		_, err := c.PredictFunctions(t.Context(), p, nil)
		if !errors.Is(err, sdk.ErrInvalidArgument) {
			t.Fatalf("err = %v, want %v", err, sdk.ErrInvalidArgument)
		}
	}
	_, err := c.PredictFunctions(t.Context(), "weather", &sdk.PredictOptions{Variables: []byte(`[1]`)})
	if !errors.Is(err, sdk.ErrInvalidArgument) {
		t.Fatalf("err = %v, want %v", err, sdk.ErrInvalidArgument)
	}
	if n.Load() != 0 {
		t.Fatalf("n.Load() = %v, want empty", n.Load())
	}
}

func TestFunctionsIteratesEveryPage(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c, n := countingClient(t, sb, "u1", "/functions/list/")
	all, err := c.ListFunctions(t.Context(), &sdk.ListFunctionsOptions{PageSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if all.Cursor != "" {
		t.Fatalf("one page holds them all: all.Cursor = %v, want empty", all.Cursor)
	}
	if len(all.Functions) <= 10 {
		t.Fatalf("len(all.Functions) = %v, want > %v", len(all.Functions), 10)
	}

	n.Store(0)
	var got []sdk.Function
	for f, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{PageSize: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f)
	}
	if got, want := names(got), names(all.Functions); !reflect.DeepEqual(got, want) {
		t.Fatalf("the same functions, in the same order: names(got) = %v, want %v", got, want)
	}
	if got, want := n.Load(), int32((len(all.Functions)+2)/3); got != want {
		t.Errorf("%d requests for %d functions in pages of 3, want %d: one a page, none after the last", got, len(all.Functions), want)
	}
}

func TestFunctionsStopsWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c, n := countingClient(t, sb, "u1", "/functions/list/")
	i := 0
	for _, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if i++; i == 3 {
			break
		}
	}
	if got := n.Load(); got != 2 {
		t.Errorf("%d requests, want 2: the third function is on the second page; no third request", got)
	}
}

func TestFunctionsFilters(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	collect := func(o sdk.ListFunctionsOptions) []sdk.Function {
		t.Helper()
		o.PageSize = 2
		var out []sdk.Function
		for f, err := range c.Functions(t.Context(), &o) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, f)
		}
		return out
	}
	slack := collect(sdk.ListFunctionsOptions{App: "slack"})
	if !(len(slack) != 0) {
		t.Fatalf("slack = %v, want not empty", slack)
	}
	for _, f := range slack {
		if !(strings.HasPrefix(f.Name, "slack-")) {
			t.Fatalf("%v: want strings.HasPrefix(f.Name, \"slack-\")", f.Name)
		}
	}

	queries := collect(sdk.ListFunctionsOptions{Type: "QUERY", IncludeMeta: true})
	if !(len(queries) != 0) {
		t.Fatalf("queries = %v, want not empty", queries)
	}
	for _, f := range queries {
		if got := f.Meta.Get("type").Text(); got != "QUERY" {
			t.Fatalf("%v: f.Meta.Get(\"type\").Text() = %v, want %v", f.Name, got, "QUERY")
		}
		if f.Meta.Get("app") == nil {
			t.Fatalf("include=meta adds the app: f.Meta.Get(\"app\") = %v, want not nil", f.Meta.Get("app"))
		}
	}

	before := collect(sdk.ListFunctionsOptions{ConnectedOnly: true})
	if got, want := names(before), ([]string{"open-meteo-get-forecast"}); !reflect.DeepEqual(got, want) {
		t.Fatalf("only the app that needs no login: names(before) = %v, want %v", got, want)
	}
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	after := collect(sdk.ListFunctionsOptions{ConnectedOnly: true})
	if got, want := slices.Sorted(slices.Values(names(after))), slices.Sorted(slices.Values(append(names(slack), "open-meteo-get-forecast"))); !slices.Equal(got, want) {
		t.Errorf("connected only, after connecting Slack: %q, want Slack's and the app that needs no login, in any order: %q", got, want)
	}

	if got, want := names(collect(sdk.ListFunctionsOptions{Search: "forecast"})), ([]string{"open-meteo-get-forecast"}); !reflect.DeepEqual(got, want) {
		t.Fatalf("names(collect(sdk.ListFunctionsOptions{Search: \"forecast\"})) = %v, want %v", got, want)
	}
}

func TestFunctionsEndsOnAnError(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	var errs []error
	for _, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{Type: "NOPE"}) {
		errs = append(errs, err)
	}
	if n := len(errs); n != 1 {
		t.Fatalf("len(errs) = %d, want %d", n, 1)
	}
	if !errors.Is(errs[0], sdk.ErrInvalidArgument) {
		t.Fatalf("errs[0] = %v, want %v", errs[0], sdk.ErrInvalidArgument)
	}
}

func TestGetFunctionWithAPromptAndVariablesSuggestsArguments(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	f, err := c.GetFunction(t.Context(), "slack-post-message", &sdk.GetFunctionOptions{
		Prompt:    "Say hello on general",
		Variables: json.RawMessage(`{"channel":"C1"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	var args map[string]string
	if err := json.Unmarshal(f.Arguments.JSON(), &args); err != nil {
		t.Fatalf("json.Unmarshal(f.Arguments.JSON(), &args): %v", err)
	}
	if want := (map[string]string{"channel": "{channel}", "text": "Say hello on general\nChannel: {channel}"}); !reflect.DeepEqual(args, want) {
		t.Fatalf("args = %v, want %v", args, want)
	}
	if f.Meta != nil {
		t.Fatalf("no include=meta asked: f.Meta = %v, want nil", f.Meta)
	}

	// A prompt alone, with the form's meta.
	f, err = c.GetFunction(t.Context(), "open-meteo-get-forecast", &sdk.GetFunctionOptions{Prompt: "weather in Berlin", IncludeMeta: true})
	if err != nil {
		t.Fatal(err)
	}
	jsonEq(t, `{"city":"Berlin"}`, []byte(string(f.Arguments.JSON())))
	if got := f.Meta.Get("type").Text(); got != "QUERY" {
		t.Fatalf("f.Meta.Get(\"type\").Text() = %v, want %v", got, "QUERY")
	}
}
