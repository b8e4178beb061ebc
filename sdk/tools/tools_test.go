//go:build !js

// The sandbox these tests run against does not build for js/wasm.

package tools_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/tools"
)

// catalog lists every function of the sandbox with its meta.
func catalog(t *testing.T, c *sdk.Client) []sdk.Function {
	t.Helper()
	var fns []sdk.Function
	for f, err := range c.Functions(t.Context(), &sdk.ListFunctionsOptions{IncludeMeta: true}) {
		if err != nil {
			t.Fatal(err)
		}
		fns = append(fns, f)
	}
	if !(len(fns) != 0) {
		t.Fatalf("fns = %v, want not empty", fns)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	return sb, set
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s", b)
	}
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
	if !reflect.DeepEqual(s["type"], "object") {
		t.Fatalf("%v: s[\"type\"] = %v, want %v", name, s["type"], "object")
	}
	if _, ok := s["properties"].(map[string]any); !ok {
		t.Fatalf("%s: properties is %T, want an object", name, s["properties"])
	}
	walk(s, func(o map[string]any) {
		if _, isSchema := o["type"]; isSchema {
			if _, ok := o["meta"]; ok {
				t.Fatalf("%s: Integry's meta is not JSON Schema", name)
			}
		}
	})
	for _, r := range asSlice(s["required"]) {
		if _, ok := s["properties"].(map[string]any)[r.(string)]; !ok {
			t.Fatalf("%s: required names %v, which is no property", name, r)
		}
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
			if err != nil {
				t.Fatal(err)
			}
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
					if !reflect.DeepEqual(d["type"], "function") {
						t.Fatalf("d[\"type\"] = %v, want %v", d["type"], "function")
					}
					fn := d["function"].(map[string]any)
					if !reflect.DeepEqual(fn["strict"], false) {
						t.Fatalf("fn[\"strict\"] = %v, want %v", fn["strict"], false)
					}
					got = append(got, def{fn["name"].(string), fn["description"].(string), fn["parameters"].(map[string]any)})
				}
			case tools.OpenAIResponses:
				for _, d := range defs {
					d := d.(map[string]any)
					if !reflect.DeepEqual(d["type"], "function") {
						t.Fatalf("d[\"type\"] = %v, want %v", d["type"], "function")
					}
					if !reflect.DeepEqual(d["strict"], false) {
						t.Fatalf("the Responses API is strict unless told: d[\"strict\"] = %v, want %v", d["strict"], false)
					}
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
				if n := len(defs); n != 1 {
					t.Fatalf("one tool holding every declaration: len(defs) = %d, want %d", n, 1)
				}
				for _, d := range defs[0].(map[string]any)["functionDeclarations"].([]any) {
					d := d.(map[string]any)
					p, _ := d["parameters"].(map[string]any)
					got = append(got, def{d["name"].(string), d["description"].(string), p})
				}
			}
			if n2 := len(got); n2 != n {
				t.Fatalf("len(got) = %d, want %d", n2, n)
			}
			for _, d := range got {
				if !everyProviderName.MatchString(d.name) {
					t.Fatalf("tool name %q is not one every provider accepts (%s)", d.name, everyProviderName)
				}
				if utf8.RuneCountInString(d.desc) > tools.MaxDescriptionLen {
					t.Fatalf("utf8.RuneCountInString(d.desc) = %v, want <= %v", utf8.RuneCountInString(d.desc), tools.MaxDescriptionLen)
				}
				if !(d.desc != "") {
					t.Fatalf("%v: d.desc = %v, want not empty", d.name, d.desc)
				}
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
					if want := strings.ToUpper(typ); typ != want {
						t.Fatalf("%s: Gemini's type names", d.name)
					}
					for _, k := range []string{"additionalProperties", "meta", "title", "default", "const", "oneOf", "allOf", "$schema"} {
						if _, ok := o[k]; ok {
							t.Fatalf("%s: Gemini takes no %s", d.name, k)
						}
					}
					if _, has := o["enum"]; has {
						if typ != "STRING" {
							t.Fatalf("%s: enums are for strings", d.name)
						}
					}
					if typ == "OBJECT" {
						if !(o["properties"] != nil) {
							t.Fatalf("%s: no empty OBJECT", d.name)
						}
					}
					if typ == "ARRAY" {
						if _, ok := o["items"]; !ok {
							t.Fatalf("%v: o = %v, want it to have %v", d.name, o, "items")
						}
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
	if err != nil {
		t.Fatal(err)
	}
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
	if !reflect.DeepEqual(vis["type"], "NUMBER") {
		t.Fatalf("vis[\"type\"] = %v, want %v", vis["type"], "NUMBER")
	}
	if _, ok := vis["enum"]; ok {
		t.Fatalf("vis = %v, want it without %v", vis, "enum")
	}
	if d, _ := vis["description"].(string); !strings.Contains(d, "One of: 1, 3, 5, 7.") {
		t.Fatalf("description %q does not list the enum", d)
	}
	// An object without properties travels as JSON text.
	extra := props("hubspot-create-contact")["properties"].(map[string]any)
	if !reflect.DeepEqual(extra["type"], "STRING") {
		t.Fatalf("extra[\"type\"] = %v, want %v", extra["type"], "STRING")
	}
	// A string enum stays.
	if got, want := props("open-meteo-get-forecast")["unit"].(map[string]any)["enum"], ([]any{"celsius", "fahrenheit"}); !reflect.DeepEqual(got, want) {
		t.Fatalf("props(\"open-meteo-get-forecast\")[\"unit\"].(map[string]any)... = %v, want %v", got, want)
	}
}

func TestToolNameFitsEveryProvider(t *testing.T) {
	t.Parallel()
	if got := tools.ToolName("slack-post-message"); got != "slack-post-message" {
		t.Fatalf("Integry's names pass unchanged: tools.ToolName(\"slack-post-message\") = %v, want %v", got, "slack-post-message")
	}
	if got := tools.ToolName("2fa-send.code"); got != "_2fa-send_code" {
		t.Fatalf("tools.ToolName(\"2fa-send.code\") = %v, want %v", got, "_2fa-send_code")
	}
	long := tools.ToolName(strings.Repeat("x", 80) + "-a")
	if n := len(long); n != tools.MaxNameLen {
		t.Fatalf("len(long) = %d, want %d", n, tools.MaxNameLen)
	}
	if tools.ToolName(strings.Repeat("x", 80)+"-b") == long {
		t.Fatalf("cut names stay apart: tools.ToolName(strings.Repeat(\"x\", 80)+\"-b\") = %v, want anything else", tools.ToolName(strings.Repeat("x", 80)+"-b"))
	}
	if !everyProviderName.MatchString(long) {
		t.Fatalf("cut name %q is not one every provider accepts (%s)", long, everyProviderName)
	}
	d := tools.Describe(strings.Repeat("é", 2000))
	if got := utf8.RuneCountInString(d); got != tools.MaxDescriptionLen {
		t.Fatalf("utf8.RuneCountInString(d) = %v, want %v", got, tools.MaxDescriptionLen)
	}
	if !(strings.HasSuffix(d, "…")) {
		t.Fatalf("want strings.HasSuffix(d, \"…\")")
	}
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
			if err := json.Unmarshal([]byte(c), &m); err != nil {
				t.Fatalf("json.Unmarshal([]byte(c), &m): %v", err)
			}
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
			if !reflect.DeepEqual(m["role"], "tool") {
				t.Fatalf("m[\"role\"] = %v, want %v", m["role"], "tool")
			}
			content(m["tool_call_id"].(string), m["content"], false)
		}
	case tools.OpenAIResponses:
		for _, m := range v.([]any) {
			m := m.(map[string]any)
			if !reflect.DeepEqual(m["type"], "function_call_output") {
				t.Fatalf("m[\"type\"] = %v, want %v", m["type"], "function_call_output")
			}
			content(m["call_id"].(string), m["output"], false)
		}
	case tools.Anthropic:
		msg := v.(map[string]any)
		if !reflect.DeepEqual(msg["role"], "user") {
			t.Fatalf("msg[\"role\"] = %v, want %v", msg["role"], "user")
		}
		for _, b := range msg["content"].([]any) {
			b := b.(map[string]any)
			if !reflect.DeepEqual(b["type"], "tool_result") {
				t.Fatalf("b[\"type\"] = %v, want %v", b["type"], "tool_result")
			}
			isErr, _ := b["is_error"].(bool)
			content(b["tool_use_id"].(string), b["content"], isErr)
		}
	case tools.Gemini:
		msg := v.(map[string]any)
		if !reflect.DeepEqual(msg["role"], "user") {
			t.Fatalf("msg[\"role\"] = %v, want %v", msg["role"], "user")
		}
		for _, p := range msg["parts"].([]any) {
			fr := p.(map[string]any)["functionResponse"].(map[string]any)
			if !(fr["name"] != nil) {
				t.Fatalf("fr[\"name\"] = %v, want not empty", fr["name"])
			}
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
			if err != nil {
				t.Fatal(err)
			}
			if n := len(results); n != 2 {
				t.Fatalf("len(results) = %d, want %d", n, 2)
			}
			for _, r := range results {
				if r.IsError {
					t.Fatalf("%s: %s", r.Call.Name, r.Content)
				}
			}
			got := resultsOf(t, f, out)
			if n := len(got); n != 2 {
				t.Fatalf("len(got) = %d, want %d", n, 2)
			}
			if !reflect.DeepEqual(got["call_1"]["network_code"], "200") {
				t.Fatalf("got[\"call_1\"][\"network_code\"] = %v, want %v", got["call_1"]["network_code"], "200")
			}
			if _, ok := got["call_1"]["output"].(map[string]any)["daily"]; !ok {
				t.Fatalf("call_1's output %v lacks the forecast itself (daily)", got["call_1"]["output"])
			}
			if !reflect.DeepEqual(got["call_2"]["network_code"], "200") {
				t.Fatalf("got[\"call_2\"][\"network_code\"] = %v, want %v", got["call_2"]["network_code"], "200")
			}
		})
	}
	var posted []string
	for _, c := range sb.Calls(t, "u1") {
		if c.Function == "slack-post-message" {
			var a struct{ Text string }
			if err := json.Unmarshal(c.Arguments, &a); err != nil {
				t.Fatalf("json.Unmarshal(c.Arguments, &a): %v", err)
			}
			posted = append(posted, a.Text)
		}
	}
	for _, f := range tools.Formats {
		if !slices.Contains(posted, "Hello from "+string(f)) {
			t.Fatalf("the message reached Slack: posted = %v, want it to contain %v", posted, "Hello from "+string(f))
		}
	}
}

func TestHandleWithoutToolCalls(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	out, results, err := set.Handle(t.Context(), tools.Anthropic, []byte(`{"role":"assistant","content":[{"type":"text","text":"Done."}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		t.Fatalf("out = %v, want nil", out)
	}
	if results != nil {
		t.Fatalf("results = %v, want nil", results)
	}
	_, _, err = set.Handle(t.Context(), tools.Anthropic, []byte(`not json`))
	if err == nil {
		t.Fatalf("want an error from err")
	}
	_, _, err = set.Handle(t.Context(), tools.Format("mistral"), []byte(`[]`))
	if err == nil {
		t.Fatalf("want an error from err")
	}
}

func TestRunPagesWithTheCursor(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	tool, ok := set.Tool("slack-list-conversations")
	if !(ok) {
		t.Fatalf("want ok")
	}
	if !(tool.Paged) {
		t.Fatalf("want tool.Paged")
	}
	if !strings.Contains(string(tool.Schema), `"_cursor"`) {
		t.Fatalf("string(tool.Schema) = %v, want it to contain %v", string(tool.Schema), `"_cursor"`)
	}

	var seen []string
	cursor := ""
	for page := 0; page < 50; page++ {
		args := `{"limit":2}`
		if cursor != "" {
			args = `{"limit":2,"_cursor":` + strings.TrimSpace(string(mustJSON(t, cursor))) + `}`
		}
		r := set.Run(t.Context(), tools.Call{ID: "c", Name: "slack-list-conversations", Arguments: json.RawMessage(args)})
		if r.IsError {
			t.Fatalf("%s", r.Content)
		}
		var c struct {
			Output []struct{ ID string } `json:"output"`
			Cursor string                `json:"_cursor"`
			Next   string                `json:"next_page"`
		}
		if err := json.Unmarshal(r.Content, &c); err != nil {
			t.Fatalf("json.Unmarshal(r.Content, &c): %v", err)
		}
		for _, ch := range c.Output {
			seen = append(seen, ch.ID)
		}
		if c.Cursor != r.Cursor {
			t.Fatalf("c.Cursor = %v, want %v", c.Cursor, r.Cursor)
		}
		if c.Cursor == "" {
			if c.Next != "" {
				t.Fatalf("c.Next = %v, want empty", c.Next)
			}
			break
		}
		if !strings.Contains(c.Next, `call slack-list-conversations again with the same arguments and "_cursor": "`+c.Cursor+`"`) {
			t.Fatalf("c.Next = %v, want it to contain %v", c.Next, `call slack-list-conversations again with the same arguments and "_cursor": "`+c.Cursor+`"`)
		}
		cursor = c.Cursor
	}
	if len(seen) <= 4 {
		t.Fatalf("more than two pages: len(seen) = %v, want > %v", len(seen), 4)
	}
	if seen[0] != "C01GENERAL" {
		t.Fatalf("seen[0] = %v, want %v", seen[0], "C01GENERAL")
	}
	dup := map[string]bool{}
	for _, id := range seen {
		if dup[id] {
			t.Fatalf("page after page, no channel twice: %s", id)
		}
		dup[id] = true
	}

	// "cursor" (LangChain's name, which Integry's Python client renames) works too.
	r := set.Run(t.Context(), tools.Call{Name: "slack-list-conversations", Arguments: json.RawMessage(`{"limit":2}`)})
	r2 := set.Run(t.Context(), tools.Call{Name: "slack-list-conversations", Arguments: json.RawMessage(`{"limit":2,"cursor":"` + r.Cursor + `"}`)})
	if string(r2.Content) == string(r.Content) {
		t.Fatalf("string(r2.Content) = %v, want anything else", string(r2.Content))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	if n := len(results); n != 4 {
		t.Fatalf("len(results) = %d, want %d", n, 4)
	}
	for _, r := range results {
		if !(r.IsError) {
			t.Fatalf("%v: want r.IsError", r.Call.ID)
		}
		if r.Err == nil {
			t.Fatalf("%v: want an error from r.Err", r.Call.ID)
		}
	}
	got := resultsOf(t, tools.OpenAIChat, out)
	if e, _ := got["a"]["error"].(string); !strings.Contains(e, `unknown tool "no-such-tool"`) {
		t.Fatalf("a's error %q does not name the unknown tool", e)
	}
	if !reflect.DeepEqual(got["b"]["code"], "invalid_argument") {
		t.Fatalf("got[\"b\"][\"code\"] = %v, want %v", got["b"]["code"], "invalid_argument")
	}
	if h, _ := got["c"]["how_to_connect"].(string); !strings.Contains(h, "/sandbox/login/hubspot/") {
		t.Fatalf("how_to_connect %q lacks the app's login_url, where the user allows access", h)
	}
	if !errors.Is(results[2].Err, sdk.ErrNotConnected) {
		t.Fatalf("results[2].Err = %v, want %v", results[2].Err, sdk.ErrNotConnected)
	}
	if _, ok := got["d"]["error_details"]; !ok {
		t.Fatalf("Integry's own reasons: got[\"d\"] = %v, want it to have %v", got["d"], "error_details")
	}
}

func TestAnAppsRefusalIsAnErrorResult(t *testing.T) {
	t.Parallel()
	_, set := sandboxSet(t, nil)
	r := set.Run(t.Context(), tools.Call{ID: "a", Name: "open-meteo-get-forecast", Arguments: []byte(`{"city":"atlantis"}`)})
	if !(r.IsError) {
		t.Fatalf("the function ran, and Open-Meteo refused it: %s", r.Content)
	}
	if err := r.Err; err != nil {
		t.Fatalf("a call that got an answer has no transport error: r.Err: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(r.Content, &got); err != nil {
		t.Fatalf("json.Unmarshal(r.Content, &got): %v", err)
	}
	if !reflect.DeepEqual(got["network_code"], "400") {
		t.Fatalf("got[\"network_code\"] = %v, want %v", got["network_code"], "400")
	}
	if _, ok := got["output"].(map[string]any)["reason"]; !ok {
		t.Fatalf("output %v lacks the app's own reason, which must reach the model", got["output"])
	}

	ok := set.Run(t.Context(), tools.Call{ID: "b", Name: "open-meteo-get-forecast", Arguments: []byte(`{"city":"berlin"}`)})
	if ok.IsError {
		t.Fatalf("%s", ok.Content)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	r := set.Run(t.Context(), tools.Call{Name: "slack-post-message", Arguments: json.RawMessage(`{"channel":"{channel}","text":"hi"}`)})
	if r.IsError {
		t.Fatalf("%s", r.Content)
	}
	calls := sb.Calls(t, "u1")
	last := calls[len(calls)-1]
	if last.ConnectedAccountID != second {
		t.Fatalf("the app's account, not the first one (%d)", first)
	}
	if !strings.Contains(string(last.Arguments), `"random"`) {
		t.Fatalf("the variable filled the tag: string(last.Arguments) = %v, want it to contain %v", string(last.Arguments), `"random"`)
	}

	_, err = tools.New(c, nil, &tools.Options{Variables: json.RawMessage(`[1]`)})
	if err == nil {
		t.Fatalf("want an error from err")
	}
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
	if n := len(results); n != len(calls) {
		t.Fatalf("len(results) = %d, want %d", n, len(calls))
	}
	for i, r := range results {
		if r.Call.ID != calls[i].ID {
			t.Fatalf("r.Call.ID = %v, want %v", r.Call.ID, calls[i].ID)
		}
		if r.IsError {
			t.Fatalf("%s", r.Content)
		}
	}
	if got, want := string(results[3].Content), string(results[0].Content); got != want {
		t.Fatalf("same city, same forecast: string(results[3].Content) = %v, want %v", got, want)
	}
	if string(results[1].Content) == string(results[0].Content) {
		t.Fatalf("string(results[1].Content) = %v, want anything else", string(results[1].Content))
	}
}
