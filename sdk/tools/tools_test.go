//go:build !js

// The sandbox these tests run against does not build for js/wasm.

package tools_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/tools"
)

// catalog lists every function of the sandbox with its meta.
func catalog(t *testing.T, c *sdk.Client) []sdk.Function {
	t.Helper()
	var fns []sdk.Function
	for f, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{IncludeMeta: true}) {
		require.NoError(t, err)
		fns = append(fns, f)
	}
	require.NotEmpty(t, fns)
	return fns
}

// sandboxSet is a Set over every sandbox function for user u1, who has
// connected Slack (by the consent endpoint, as a program).
func sandboxSet(t *testing.T, opts *tools.Options) (*sandboxtest.Sandbox, *tools.Set) {
	t.Helper()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	c := sb.Client(t, "u1")
	set, err := tools.New(c, catalog(t, c), opts)
	require.NoError(t, err)
	return sb, set
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v), "%s", b)
	return v
}

// walk calls fn on every object below v.
func walk(v any, fn func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		fn(v)
		for _, e := range v {
			walk(e, fn)
		}
	case []any:
		for _, e := range v {
			walk(e, fn)
		}
	}
}

var everyProviderName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_-]{0,62}$`)

// checkSchema holds for the JSON Schema formats (OpenAI, Anthropic, plain):
// the root is an object with properties, and no Integry form hint remains.
func checkSchema(t *testing.T, name string, s map[string]any) {
	t.Helper()
	require.Equal(t, "object", s["type"], name)
	require.IsType(t, map[string]any{}, s["properties"], name)
	walk(s, func(o map[string]any) {
		if _, isSchema := o["type"]; isSchema {
			require.NotContains(t, o, "meta", "%s: Integry's meta is not JSON Schema", name)
		}
	})
	for _, r := range asSlice(s["required"]) {
		require.Contains(t, s["properties"], r, "%s: required names a property", name)
	}
}

func asSlice(v any) []any { a, _ := v.([]any); return a }

func TestDefinitionsKeepWithinEveryProvidersRules(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	n := len(set.Tools())
	for _, f := range tools.Formats {
		t.Run(string(f), func(t *testing.T) {
			b, err := set.Definitions(f)
			require.NoError(t, err)
			defs := decode(t, b).([]any)
			type def struct {
				name, desc string
				schema     map[string]any
			}
			var got []def
			switch f {
			case tools.OpenAIChat:
				for _, d := range defs {
					d := d.(map[string]any)
					require.Equal(t, "function", d["type"])
					fn := d["function"].(map[string]any)
					require.Equal(t, false, fn["strict"])
					got = append(got, def{fn["name"].(string), fn["description"].(string), fn["parameters"].(map[string]any)})
				}
			case tools.OpenAIResponses:
				for _, d := range defs {
					d := d.(map[string]any)
					require.Equal(t, "function", d["type"])
					require.Equal(t, false, d["strict"], "the Responses API is strict unless told")
					got = append(got, def{d["name"].(string), d["description"].(string), d["parameters"].(map[string]any)})
				}
			case tools.Anthropic:
				for _, d := range defs {
					d := d.(map[string]any)
					got = append(got, def{d["name"].(string), d["description"].(string), d["input_schema"].(map[string]any)})
				}
			case tools.JSONSchema:
				for _, d := range defs {
					d := d.(map[string]any)
					got = append(got, def{d["name"].(string), d["description"].(string), d["parameters"].(map[string]any)})
				}
			case tools.Gemini:
				require.Len(t, defs, 1, "one tool holding every declaration")
				for _, d := range defs[0].(map[string]any)["functionDeclarations"].([]any) {
					d := d.(map[string]any)
					p, _ := d["parameters"].(map[string]any)
					got = append(got, def{d["name"].(string), d["description"].(string), p})
				}
			}
			require.Len(t, got, n)
			for _, d := range got {
				require.Regexp(t, everyProviderName, d.name)
				require.LessOrEqual(t, utf8.RuneCountInString(d.desc), tools.MaxDescriptionLen)
				require.NotEmpty(t, d.desc, d.name)
				if f != tools.Gemini {
					checkSchema(t, d.name, d.schema)
					continue
				}
				// Gemini: the OpenAPI subset.
				walk(d.schema, func(o map[string]any) {
					typ, isSchema := o["type"].(string)
					if !isSchema {
						return
					}
					require.Equal(t, strings.ToUpper(typ), typ, "%s: Gemini's type names", d.name)
					for _, k := range []string{"additionalProperties", "meta", "title", "default", "const", "oneOf", "allOf", "$schema"} {
						require.NotContains(t, o, k, "%s: Gemini takes no %s", d.name, k)
					}
					if _, has := o["enum"]; has {
						require.Equal(t, "STRING", typ, "%s: enums are for strings", d.name)
					}
					if typ == "OBJECT" {
						require.NotEmpty(t, o["properties"], "%s: no empty OBJECT", d.name)
					}
					if typ == "ARRAY" {
						require.Contains(t, o, "items", d.name)
					}
				})
			}
		})
	}
}

func TestGeminiGetsTheSubsetOfSchemaItTakes(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	b, err := set.Definitions(tools.Gemini)
	require.NoError(t, err)
	decls := decode(t, b).([]any)[0].(map[string]any)["functionDeclarations"].([]any)
	byName := map[string]map[string]any{}
	for _, d := range decls {
		byName[d.(map[string]any)["name"].(string)] = d.(map[string]any)
	}
	props := func(fn string) map[string]any {
		return byName[fn]["parameters"].(map[string]any)["properties"].(map[string]any)
	}
	// A numeric enum moves into the description.
	vis := props("pipedrive-add-a-person")["visible_to"].(map[string]any)
	require.Equal(t, "NUMBER", vis["type"])
	require.NotContains(t, vis, "enum")
	require.Contains(t, vis["description"], "One of: 1, 3, 5, 7.")
	// An object without properties travels as JSON text.
	extra := props("hubspot-create-contact")["properties"].(map[string]any)
	require.Equal(t, "STRING", extra["type"])
	// A string enum stays.
	require.Equal(t, []any{"celsius", "fahrenheit"}, props("open-meteo-get-forecast")["unit"].(map[string]any)["enum"])
}

func TestToolNameFitsEveryProvider(t *testing.T) {
	t.Parallel()
	require.Equal(t, "slack-post-message", tools.ToolName("slack-post-message"), "Integry's names pass unchanged")
	require.Equal(t, "_2fa-send_code", tools.ToolName("2fa-send.code"))
	long := tools.ToolName(strings.Repeat("x", 80) + "-a")
	require.Len(t, long, tools.MaxNameLen)
	require.NotEqual(t, long, tools.ToolName(strings.Repeat("x", 80)+"-b"), "cut names stay apart")
	require.Regexp(t, everyProviderName, long)
	d := tools.Describe(strings.Repeat("é", 2000))
	require.Equal(t, tools.MaxDescriptionLen, utf8.RuneCountInString(d))
	require.True(t, strings.HasSuffix(d, "…"))
}

// callsIn writes two calls, the forecast and a Slack message, as each
// provider's model answers them.
func callsIn(f tools.Format) string {
	switch f {
	case tools.OpenAIChat:
		return `{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"tool_calls":[
			{"id":"call_1","type":"function","function":{"name":"open-meteo-get-forecast","arguments":"{\"city\":\"berlin\",\"days\":2}"}},
			{"id":"call_2","type":"function","function":{"name":"slack-post-message","arguments":"{\"channel\":\"general\",\"text\":\"Hello from openai-chat\"}"}}]}}]}`
	case tools.OpenAIResponses:
		return `{"id":"resp_1","object":"response","output":[
			{"type":"reasoning","id":"rs_1","summary":[]},
			{"type":"function_call","id":"fc_1","call_id":"call_1","name":"open-meteo-get-forecast","arguments":"{\"city\":\"berlin\",\"days\":2}"},
			{"type":"function_call","id":"fc_2","call_id":"call_2","name":"slack-post-message","arguments":"{\"channel\":\"general\",\"text\":\"Hello from openai-responses\"}"}]}`
	case tools.Anthropic:
		return `{"id":"msg_1","type":"message","role":"assistant","stop_reason":"tool_use","content":[
			{"type":"text","text":"Let me check."},
			{"type":"tool_use","id":"call_1","name":"open-meteo-get-forecast","input":{"city":"berlin","days":2}},
			{"type":"tool_use","id":"call_2","name":"slack-post-message","input":{"channel":"general","text":"Hello from anthropic"}}]}`
	case tools.Gemini:
		return `{"candidates":[{"content":{"role":"model","parts":[
			{"functionCall":{"id":"call_1","name":"open-meteo-get-forecast","args":{"city":"berlin","days":2}}},
			{"functionCall":{"id":"call_2","name":"slack-post-message","args":{"channel":"general","text":"Hello from gemini"}}}]},"finishReason":"STOP"}]}`
	case tools.JSONSchema:
		return `[{"id":"call_1","name":"open-meteo-get-forecast","arguments":{"city":"berlin","days":2}},
			{"id":"call_2","name":"slack-post-message","arguments":"{\"channel\":\"general\",\"text\":\"Hello from json-schema\"}"}]`
	}
	return ""
}

// resultsOf reads the results Handle wrote in format f back as id →
// (content, is_error).
func resultsOf(t *testing.T, f tools.Format, b []byte) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	content := func(id string, c any, isErr bool) {
		var m map[string]any
		switch c := c.(type) {
		case string:
			require.NoError(t, json.Unmarshal([]byte(c), &m))
		case map[string]any:
			m = c
		}
		m["is_error"] = isErr
		out[id] = m
	}
	v := decode(t, b)
	switch f {
	case tools.OpenAIChat:
		for _, m := range v.([]any) {
			m := m.(map[string]any)
			require.Equal(t, "tool", m["role"])
			content(m["tool_call_id"].(string), m["content"], false)
		}
	case tools.OpenAIResponses:
		for _, m := range v.([]any) {
			m := m.(map[string]any)
			require.Equal(t, "function_call_output", m["type"])
			content(m["call_id"].(string), m["output"], false)
		}
	case tools.Anthropic:
		msg := v.(map[string]any)
		require.Equal(t, "user", msg["role"])
		for _, b := range msg["content"].([]any) {
			b := b.(map[string]any)
			require.Equal(t, "tool_result", b["type"])
			isErr, _ := b["is_error"].(bool)
			content(b["tool_use_id"].(string), b["content"], isErr)
		}
	case tools.Gemini:
		msg := v.(map[string]any)
		require.Equal(t, "user", msg["role"])
		for _, p := range msg["parts"].([]any) {
			fr := p.(map[string]any)["functionResponse"].(map[string]any)
			require.NotEmpty(t, fr["name"])
			content(fr["id"].(string), fr["response"], false)
		}
	case tools.JSONSchema:
		for _, m := range v.([]any) {
			m := m.(map[string]any)
			content(m["id"].(string), m["content"], m["is_error"].(bool))
		}
	}
	return out
}

func TestHandleRoundTripsEachProvidersFormat(t *testing.T) {
	t.Parallel()
	sb, set := sandboxSet(t, nil)
	for _, f := range tools.Formats {
		t.Run(string(f), func(t *testing.T) {
			out, results, err := set.Handle(t.Context(), f, []byte(callsIn(f)))
			require.NoError(t, err)
			require.Len(t, results, 2)
			for _, r := range results {
				require.False(t, r.IsError, "%s: %s", r.Call.Name, r.Content)
			}
			got := resultsOf(t, f, out)
			require.Len(t, got, 2)
			require.Equal(t, "200", got["call_1"]["network_code"])
			require.Contains(t, got["call_1"]["output"], "daily", "the forecast itself")
			require.Equal(t, "200", got["call_2"]["network_code"])
		})
	}
	var posted []string
	for _, c := range sb.Calls(t, "u1") {
		if c.Function == "slack-post-message" {
			var a struct{ Text string }
			require.NoError(t, json.Unmarshal(c.Arguments, &a))
			posted = append(posted, a.Text)
		}
	}
	for _, f := range tools.Formats {
		require.Contains(t, posted, "Hello from "+string(f), "the message reached Slack")
	}
}

func TestHandleWithoutToolCalls(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	out, results, err := set.Handle(t.Context(), tools.Anthropic, []byte(`{"role":"assistant","content":[{"type":"text","text":"Done."}]}`))
	require.NoError(t, err)
	require.Nil(t, out)
	require.Nil(t, results)
	_, _, err = set.Handle(t.Context(), tools.Anthropic, []byte(`not json`))
	require.Error(t, err)
	_, _, err = set.Handle(t.Context(), tools.Format("mistral"), []byte(`[]`))
	require.Error(t, err)
}

func TestRunPagesWithTheCursor(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	tool, ok := set.Tool("slack-list-conversations")
	require.True(t, ok)
	require.True(t, tool.Paged)
	require.Contains(t, string(tool.Schema), `"_cursor"`)

	var seen []string
	cursor := ""
	for page := 0; page < 50; page++ {
		args := `{"limit":2}`
		if cursor != "" {
			args = `{"limit":2,"_cursor":` + strings.TrimSpace(string(mustJSON(t, cursor))) + `}`
		}
		r := set.Run(t.Context(), tools.Call{ID: "c", Name: "slack-list-conversations", Arguments: json.RawMessage(args)})
		require.False(t, r.IsError, "%s", r.Content)
		var c struct {
			Output []struct{ ID string } `json:"output"`
			Cursor string                `json:"_cursor"`
			Next   string                `json:"next_page"`
		}
		require.NoError(t, json.Unmarshal(r.Content, &c))
		for _, ch := range c.Output {
			seen = append(seen, ch.ID)
		}
		require.Equal(t, r.Cursor, c.Cursor)
		if c.Cursor == "" {
			require.Empty(t, c.Next)
			break
		}
		require.Contains(t, c.Next, `call slack-list-conversations again with the same arguments and "_cursor": "`+c.Cursor+`"`)
		cursor = c.Cursor
	}
	require.Greater(t, len(seen), 4, "more than two pages")
	require.Equal(t, "C01GENERAL", seen[0])
	dup := map[string]bool{}
	for _, id := range seen {
		require.False(t, dup[id], "page after page, no channel twice: %s", id)
		dup[id] = true
	}

	// "cursor" (LangChain's name, which Integry's Python client renames) works too.
	r := set.Run(t.Context(), tools.Call{Name: "slack-list-conversations", Arguments: json.RawMessage(`{"limit":2}`)})
	r2 := set.Run(t.Context(), tools.Call{Name: "slack-list-conversations", Arguments: json.RawMessage(`{"limit":2,"cursor":"` + r.Cursor + `"}`)})
	require.NotEqual(t, string(r.Content), string(r2.Content))
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestErrorsAreToolResults(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	out, results, err := set.Handle(t.Context(), tools.OpenAIChat, []byte(`{"role":"assistant","tool_calls":[
		{"id":"a","type":"function","function":{"name":"no-such-tool","arguments":"{}"}},
		{"id":"b","type":"function","function":{"name":"slack-post-message","arguments":"{\"channel\": "}},
		{"id":"c","type":"function","function":{"name":"hubspot-create-contact","arguments":"{\"email\":\"jane@acme.com\"}"}},
		{"id":"d","type":"function","function":{"name":"slack-post-message","arguments":"{\"text\":\"no channel\"}"}}]}`))
	require.NoError(t, err)
	require.Len(t, results, 4)
	for _, r := range results {
		require.True(t, r.IsError, r.Call.ID)
		require.Error(t, r.Err, r.Call.ID)
	}
	got := resultsOf(t, tools.OpenAIChat, out)
	require.Contains(t, got["a"]["error"], `unknown tool "no-such-tool"`)
	require.Equal(t, "invalid_argument", got["b"]["code"])
	require.Contains(t, got["c"]["how_to_connect"], "/sandbox/login/hubspot/", "the app's login_url, where the user allows access")
	require.ErrorIs(t, results[2].Err, sdk.ErrNotConnected)
	require.Contains(t, got["d"], "error_details", "Integry's own reasons")
}

func TestAnAppsRefusalIsAnErrorResult(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	r := set.Run(t.Context(), tools.Call{ID: "a", Name: "open-meteo-get-forecast", Arguments: []byte(`{"city":"atlantis"}`)})
	require.True(t, r.IsError, "the function ran, and Open-Meteo refused it: %s", r.Content)
	require.NoError(t, r.Err, "a call that got an answer has no transport error")
	var got map[string]any
	require.NoError(t, json.Unmarshal(r.Content, &got))
	require.Equal(t, "400", got["network_code"])
	require.Contains(t, got["output"], "reason", "the app's own reason reaches the model")

	ok := set.Run(t.Context(), tools.Call{ID: "b", Name: "open-meteo-get-forecast", Arguments: []byte(`{"city":"berlin"}`)})
	require.False(t, ok.IsError, "%s", ok.Content)
}

func TestOptionsReachTheCall(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	first := sb.Connect(t, "u1", "slack", "first@acme.com")
	second := sb.Connect(t, "u1", "slack", "second@acme.com")
	c := sb.Client(t, "u1")
	set, err := tools.New(c, catalog(t, c), &tools.Options{
		ConnectedAccounts: map[string]string{"slack": sandboxtest.AccountID(second)},
		Variables:         json.RawMessage(`{"channel":"random"}`),
	})
	require.NoError(t, err)
	r := set.Run(t.Context(), tools.Call{Name: "slack-post-message", Arguments: json.RawMessage(`{"channel":"{channel}","text":"hi"}`)})
	require.False(t, r.IsError, "%s", r.Content)
	calls := sb.Calls(t, "u1")
	last := calls[len(calls)-1]
	require.Equal(t, second, last.ConnectedAccountID, "the app's account, not the first one (%d)", first)
	require.Contains(t, string(last.Arguments), `"random"`, "the variable filled the tag")

	_, err = tools.New(c, nil, &tools.Options{Variables: json.RawMessage(`[1]`)})
	require.Error(t, err)
}

func TestRunAllKeepsTheCallsOrder(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, &tools.Options{Parallel: 3})
	var calls []tools.Call
	cities := []string{"berlin", "lahore", "new-york", "berlin", "lahore", "new-york", "berlin"}
	for i, city := range cities {
		calls = append(calls, tools.Call{ID: string(rune('a' + i)), Name: "open-meteo-get-forecast", Arguments: json.RawMessage(`{"city":"` + city + `"}`)})
	}
	results := set.RunAll(t.Context(), calls)
	require.Len(t, results, len(calls))
	for i, r := range results {
		require.Equal(t, calls[i].ID, r.Call.ID)
		require.False(t, r.IsError, "%s", r.Content)
	}
	require.Equal(t, string(results[0].Content), string(results[3].Content), "same city, same forecast")
	require.NotEqual(t, string(results[0].Content), string(results[1].Content))
}
