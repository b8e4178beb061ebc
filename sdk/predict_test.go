//go:build !js

// The sandbox these tests run against does not build for js/wasm (its
// store, bbolt, does not), and the wasm lanes do not run package sdk.

package sdk_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
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
	require.NoError(t, err)
	require.NotEmpty(t, fns)
	require.Equal(t, "slack-post-message", fns[0].Name, "best first: %v", names(fns))
	var args map[string]string
	require.NoError(t, json.Unmarshal(fns[0].Arguments.JSON(), &args))
	require.Equal(t, "random", args["channel"], "the channel the prompt names")
	require.Equal(t, "Send a message on Slack on random\nFirst Name: {first_name}", args["text"])

	// Without predict_arguments the functions come bare.
	fns, err = c.PredictFunctions(t.Context(), "Send a message on Slack on random", nil)
	require.NoError(t, err)
	require.Equal(t, "slack-post-message", fns[0].Name)
	require.Nil(t, fns[0].Arguments)
}

func TestPredictFunctionsConnectedOnlyLeavesOutAppsNotConnected(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	prompt := "post a message to slack"
	fns, err := c.PredictFunctions(t.Context(), prompt, &sdk.PredictOptions{ConnectedOnly: true, IncludeMeta: true})
	require.NoError(t, err)
	for _, f := range fns {
		require.False(t, strings.HasPrefix(f.Name, "slack-"), "slack is not connected: %v", names(fns))
	}
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	fns, err = c.PredictFunctions(t.Context(), prompt, &sdk.PredictOptions{ConnectedOnly: true, IncludeMeta: true})
	require.NoError(t, err)
	require.Equal(t, "slack-post-message", fns[0].Name)
	app, err := sdk.AppOf(fns[0].Meta.Get("app"))
	require.NoError(t, err)
	require.True(t, app.IsConnected())
}

func TestPredictFunctionsAnswersNoneAsAnEmptyList(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	fns, err := sb.Client(t, "u1").PredictFunctions(t.Context(), "zzzz qqqq", nil)
	require.NoError(t, err)
	require.NotNil(t, fns)
	require.Empty(t, fns)
}

func TestPredictFunctionsRejectsAnEmptyPromptBeforeSending(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c, n := countingClient(t, sb, "u1", "/functions/predict/")
	for _, p := range []string{"", "  \n"} {
		_, err := c.PredictFunctions(t.Context(), p, nil)
		require.ErrorIs(t, err, sdk.ErrInvalidArgument)
	}
	_, err := c.PredictFunctions(t.Context(), "weather", &sdk.PredictOptions{Variables: []byte(`[1]`)})
	require.ErrorIs(t, err, sdk.ErrInvalidArgument)
	require.Zero(t, n.Load())
}

func TestFunctionsIteratesEveryPage(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c, n := countingClient(t, sb, "u1", "/functions/list/")
	all, err := c.ListFunctions(t.Context(), &sdk.ListFunctionsOptions{PageSize: 1000})
	require.NoError(t, err)
	require.Empty(t, all.Cursor, "one page holds them all")
	require.Greater(t, len(all.Functions), 10)

	n.Store(0)
	var got []sdk.Function
	for f, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{PageSize: 3}) {
		require.NoError(t, err)
		got = append(got, f)
	}
	require.Equal(t, names(all.Functions), names(got), "the same functions, in the same order")
	require.EqualValues(t, (len(all.Functions)+2)/3, n.Load(), "one request a page, none after the last")
}

func TestFunctionsStopsWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c, n := countingClient(t, sb, "u1", "/functions/list/")
	i := 0
	for _, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{PageSize: 2}) {
		require.NoError(t, err)
		if i++; i == 3 {
			break
		}
	}
	require.EqualValues(t, 2, n.Load(), "the third function is on the second page; no third request")
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
			require.NoError(t, err)
			out = append(out, f)
		}
		return out
	}
	slack := collect(sdk.ListFunctionsOptions{App: "slack"})
	require.NotEmpty(t, slack)
	for _, f := range slack {
		require.True(t, strings.HasPrefix(f.Name, "slack-"), f.Name)
	}

	queries := collect(sdk.ListFunctionsOptions{Type: "QUERY", IncludeMeta: true})
	require.NotEmpty(t, queries)
	for _, f := range queries {
		require.Equal(t, "QUERY", f.Meta.Get("type").Text(), f.Name)
		require.NotNil(t, f.Meta.Get("app"), "include=meta adds the app")
	}

	before := collect(sdk.ListFunctionsOptions{ConnectedOnly: true})
	require.Equal(t, []string{"open-meteo-get-forecast"}, names(before), "only the app that needs no login")
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	after := collect(sdk.ListFunctionsOptions{ConnectedOnly: true})
	require.ElementsMatch(t, append(names(slack), "open-meteo-get-forecast"), names(after))

	require.Equal(t, []string{"open-meteo-get-forecast"}, names(collect(sdk.ListFunctionsOptions{Search: "forecast"})))
}

func TestFunctionsEndsOnAnError(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	var errs []error
	for _, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{Type: "NOPE"}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], sdk.ErrInvalidArgument)
}

func TestGetFunctionWithAPromptAndVariablesSuggestsArguments(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	c := sb.Client(t, "u1")
	f, err := c.GetFunction(t.Context(), "slack-post-message", &sdk.GetFunctionOptions{
		Prompt:    "Say hello on general",
		Variables: json.RawMessage(`{"channel":"C1"}`),
	})
	require.NoError(t, err)
	var args map[string]string
	require.NoError(t, json.Unmarshal(f.Arguments.JSON(), &args))
	require.Equal(t, map[string]string{"channel": "{channel}", "text": "Say hello on general\nChannel: {channel}"}, args)
	require.Nil(t, f.Meta, "no include=meta asked")

	// A prompt alone, with the form's meta.
	f, err = c.GetFunction(t.Context(), "open-meteo-get-forecast", &sdk.GetFunctionOptions{Prompt: "weather in Berlin", IncludeMeta: true})
	require.NoError(t, err)
	require.JSONEq(t, `{"city":"Berlin"}`, string(f.Arguments.JSON()))
	require.Equal(t, "QUERY", f.Meta.Get("type").Text())
}
