package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
)

// TestMain lets the test binary be the server for the test that runs the
// command as its own process over stdio.
func TestMain(m *testing.M) {
	if os.Getenv("INTEGRY_MCP_TEST_SERVER") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// noEnv is an environment without any variable.
func noEnv(string) string { return "" }

// sandboxArgs are the flags that point the server at sb for user.
func sandboxArgs(sb *sandboxtest.Sandbox, user string, more ...string) []string {
	return append([]string{"-app-key", sb.AppKey, "-app-secret", sb.AppSecret, "-user", user,
		"-api-url", sb.URL, "-base-url", sb.URL}, more...)
}

// serveStdio runs the command in-process over a pair of pipes, as a client
// process would talk to it, and returns the client's session.
func serveStdio(t *testing.T, args []string) *mcp.ClientSession {
	t.Helper()
	return serveStdioWith(t, args, nil)
}

// serveStdioWith is serveStdio with a client made with opts.
func serveStdioWith(t *testing.T, args []string, opts *mcp.ClientOptions) *mcp.ClientSession {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, noEnv, stdio{serverIn, serverOut, testLog{t}}, nil)
		serverOut.Close()
	}()
	cs := connectWith(t, &mcp.IOTransport{Reader: clientIn, Writer: clientOut}, opts)
	t.Cleanup(func() {
		cs.Close()
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("<-done: %v", err)
		}
	})
	return cs
}

// serveHTTPForTest runs the command in-process with -http on a free port.
func serveHTTPForTest(t *testing.T, args []string) *mcp.ClientSession {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append(args, "-http", "127.0.0.1:0"), noEnv, stdio{strings.NewReader(""), io.Discard, testLog{t}}, func(a string) { addr <- a })
	}()
	var endpoint string
	select {
	case a := <-addr:
		endpoint = "http://" + a + "/mcp"
	case err := <-done:
		t.Fatalf("the server stopped: %v", err)
	}
	cs := connect(t, &mcp.StreamableClientTransport{Endpoint: endpoint})
	t.Cleanup(func() {
		cs.Close()
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("<-done: %v", err)
		}
	})
	return cs
}

func connect(t *testing.T, tr mcp.Transport) *mcp.ClientSession {
	t.Helper()
	return connectWith(t, tr, nil)
}

func connectWith(t *testing.T, tr mcp.Transport, opts *mcp.ClientOptions) *mcp.ClientSession {
	t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "test-client", Version: "1"}, opts)
	cs, err := client.Connect(t.Context(), tr, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func toolNames(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	var names []string
	for tool, err := range cs.Tools(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tool.Name)
	}
	return names
}

// call runs a tool and returns its text content decoded, and isError.
func call(t *testing.T, cs *mcp.ClientSession, name string, args any) (map[string]any, bool) {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("a failed call is a tool error, not a protocol error: %v", err)
	}
	if n := len(res.Content); n != 1 {
		t.Fatalf("len(res.Content) = %d, want %d", n, 1)
	}
	text, ok := res.Content[0].(*mcp.TextContent)
	if !(ok) {
		t.Fatalf("want ok")
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(text.Text), &out); err != nil {
		t.Fatalf("%v: json.Unmarshal([]byte(text.Text), &out): %v", text.Text, err)
	}
	return out, res.IsError
}

// forecastAndMessage is what every transport must do: list the tools, get
// a forecast, post to Slack.
func forecastAndMessage(t *testing.T, sb *sandboxtest.Sandbox, cs *mcp.ClientSession, text string) {
	t.Helper()
	names := toolNames(t, cs)
	if !slices.Contains(names, "open-meteo-get-forecast") {
		t.Fatalf("names = %v, want it to contain %v", names, "open-meteo-get-forecast")
	}
	if !slices.Contains(names, "slack-post-message") {
		t.Fatalf("names = %v, want it to contain %v", names, "slack-post-message")
	}

	out, isErr := call(t, cs, "open-meteo-get-forecast", map[string]any{"city": "berlin", "days": 2})
	if isErr {
		t.Fatalf("%v", out)
	}
	if !reflect.DeepEqual(out["network_code"], "200") {
		t.Fatalf("out[\"network_code\"] = %v, want %v", out["network_code"], "200")
	}
	if _, ok := out["output"].(map[string]any)["daily"]; !ok {
		t.Fatalf("the forecast's output %v lacks daily", out["output"])
	}

	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": text})
	if isErr {
		t.Fatalf("%v", out)
	}
	if !reflect.DeepEqual(out["network_code"], "200") {
		t.Fatalf("out[\"network_code\"] = %v, want %v", out["network_code"], "200")
	}
	posted := false
	for _, c := range sb.Calls(t, "u1") {
		posted = posted || c.Function == "slack-post-message" && strings.Contains(string(c.Arguments), text)
	}
	if !(posted) {
		t.Fatalf("the message reached the sandbox's Slack: want posted")
	}
}

func TestInProcess(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	c, err := parse(sandboxArgs(sb, "u1"), noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	client := sb.Client(t, "u1")
	ts, n, err := newServer(t.Context(), client, c)
	if err != nil {
		t.Fatal(err)
	}
	if n <= 10 {
		t.Fatalf("n = %v, want > %v", n, 10)
	}
	st, ct := mcp.NewInMemoryTransports()
	ss, err := ts.srv.Connect(t.Context(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs := connect(t, ct)
	t.Cleanup(func() { cs.Close() })
	forecastAndMessage(t, sb, cs, "hello in-process")

	// The tools say what they are.
	for tool, err := range cs.Tools(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		switch tool.Name {
		case "open-meteo-get-forecast":
			if !(tool.Annotations.ReadOnlyHint) {
				t.Fatalf("want tool.Annotations.ReadOnlyHint")
			}
			if tool.Title != "Weather forecast" {
				t.Fatalf("tool.Title = %v, want %v", tool.Title, "Weather forecast")
			}
		case "slack-post-message":
			if tool.Annotations.ReadOnlyHint {
				t.Fatalf("want not tool.Annotations.ReadOnlyHint")
			}
			schema, _ := json.Marshal(tool.InputSchema)
			if strings.Contains(string(schema), `"meta"`) {
				t.Fatalf("no form hints in the schema: string(schema) = %v, want it without %v", string(schema), `"meta"`)
			}
			if strings.Contains(string(schema), `"_cursor"`) {
				t.Fatalf("an action does not page: string(schema) = %v, want it without %v", string(schema), `"_cursor"`)
			}
		}
	}
}

func TestStdio(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	forecastAndMessage(t, sb, serveStdio(t, sandboxArgs(sb, "u1")), "hello over stdio")
}

func TestStreamableHTTP(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	forecastAndMessage(t, sb, serveHTTPForTest(t, sandboxArgs(sb, "u1")), "hello over streamable HTTP")
}

func TestPagesThroughTheCursor(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	cs := serveStdio(t, sandboxArgs(sb, "u1", "-app", "slack"))
	args := map[string]any{"limit": 2}
	var ids []string
	for page := 0; page < 50; page++ {
		out, isErr := call(t, cs, "slack-list-conversations", args)
		if isErr {
			t.Fatalf("%v", out)
		}
		for _, ch := range out["output"].([]any) {
			ids = append(ids, ch.(map[string]any)["id"].(string))
		}
		cursor, _ := out["_cursor"].(string)
		if cursor == "" {
			break
		}
		if np, _ := out["next_page"].(string); !strings.Contains(np, "call slack-list-conversations again with the same arguments and \"_cursor\"") {
			t.Fatalf("next_page %q does not say how to get the next page", np)
		}
		args["_cursor"] = cursor
	}
	if len(ids) <= 4 {
		t.Fatalf("len(ids) = %v, want > %v", len(ids), 4)
	}
	if n := len(slices.Compact(slices.Clone(ids))); n != len(ids) {
		t.Fatalf("no channel twice: len(slices.Compact(slices.Clone(ids))) = %d, want %d", n, len(ids))
	}
}

func TestToolListNarrowing(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")

	slack := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-app", "slack")))
	if !(len(slack) != 0) {
		t.Fatalf("slack = %v, want not empty", slack)
	}
	for _, n := range slack {
		if !(strings.HasPrefix(n, "slack-")) {
			t.Fatalf("%v: want strings.HasPrefix(n, \"slack-\")", n)
		}
	}

	two := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-app", "slack,open-meteo")))
	if got, want := slices.Sorted(slices.Values(two)), slices.Sorted(slices.Values(append(slices.Clone(slack), "open-meteo-get-forecast"))); !slices.Equal(got, want) {
		t.Fatalf("-app slack,open-meteo lists %q, want Slack's tools and the forecast, in any order: %q", got, want)
	}

	connected := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-connected-only")))
	if got, want := slices.Sorted(slices.Values(connected)), slices.Sorted(slices.Values(two)); !slices.Equal(got, want) {
		t.Fatalf("-connected-only lists %q, want Slack's and the app that needs no login's: %q", got, want)
	}

	predicted := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-predict", "What is the weather forecast in Berlin?")))
	if !(len(predicted) != 0) {
		t.Fatalf("predicted = %v, want not empty", predicted)
	}
	if !slices.Contains(predicted, "open-meteo-get-forecast") {
		t.Fatalf("predicted = %v, want it to contain %v", predicted, "open-meteo-get-forecast")
	}
	if len(predicted) > 3 {
		t.Fatalf("len(predicted) = %v, want <= %v", len(predicted), 3)
	}
}

// With -connected-only, an app the user connects while the server runs
// gets its tools at the next refresh, and the client is told the list
// changed (docs/mcp.md#mcp-refresh).
func TestConnectedAppAppearsAfterRefresh(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	changed := make(chan struct{}, 16)
	cs := serveStdioWith(t, sandboxArgs(sb, "u2", "-connected-only", "-refresh", "20ms"), &mcp.ClientOptions{
		ToolListChangedHandler: func(context.Context, *mcp.ToolListChangedRequest) {
			select {
			case changed <- struct{}{}:
			default:
			}
		},
	})
	before := toolNames(t, cs)
	if !slices.Contains(before, "open-meteo-get-forecast") {
		t.Fatalf("the app that needs no login: before = %v, want it to contain %v", before, "open-meteo-get-forecast")
	}
	if slices.Contains(before, "slack-post-message") {
		t.Fatalf("Slack is not connected yet: before = %v, want it without %v", before, "slack-post-message")
	}

	sb.Connect(t, "u2", "slack", "jane@acme.com")

	deadline := time.After(20 * time.Second) // a bound on a hung server, not a measure
	for {
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no tools/list_changed with Slack's tools; the client sees %v", toolNames(t, cs))
		}
		if slices.Contains(toolNames(t, cs), "slack-post-message") {
			break
		}
	}
	out, isErr := call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "connected mid-session"})
	if isErr {
		t.Fatalf("%v", out)
	}
	if !reflect.DeepEqual(out["network_code"], "200") {
		t.Fatalf("out[\"network_code\"] = %v, want %v", out["network_code"], "200")
	}
}

func TestNotConnectedSaysHowToConnect(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	cs := serveStdio(t, sandboxArgs(sb, "u1"))
	out, isErr := call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hi"})
	if !(isErr) {
		t.Fatalf("want isErr")
	}
	hint := out["how_to_connect"].(string)
	if !strings.Contains(hint, sb.URL+"/sandbox/login/slack/") {
		t.Fatalf("hint = %v, want it to contain %v", hint, sb.URL+"/sandbox/login/slack/")
	}

	// The user follows it (here: a program posting the consent form's Allow).
	connectAt(t, hint)
	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hi"})
	if isErr {
		t.Fatalf("%v", out)
	}

	// Other failures are tool errors too.
	out, isErr = call(t, cs, "slack-post-message", map[string]any{"text": "no channel"})
	if !(isErr) {
		t.Fatalf("want isErr")
	}
	if _, ok := out["error_details"]; !ok {
		t.Fatalf("out = %v, want it to have %v", out, "error_details")
	}
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "no-such-tool"})
	if err == nil {
		if !(res.IsError) {
			t.Fatalf("an unknown tool is refused: want res.IsError")
		}
	}
}

var loginURL = regexp.MustCompile(`https?://\S+/sandbox/login/\S+`)

// connectAt presses Allow on the consent page a hint names, as a program
// (no Origin: the sandbox needs no consent token then).
func connectAt(t *testing.T, hint string) {
	t.Helper()
	u := loginURL.FindString(hint)
	if !(u != "") {
		t.Fatalf("%v: u = %v, want not empty", hint, u)
	}
	form := url.Values{"decision": {"allow"}, "display_name": {"jane@acme.com"}}
	req, err := http.NewRequestWithContext(t.Context(), "POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s", b)
	}
}

// The command itself, as Claude Desktop starts it: `integry-mcp --demo`
// over its own stdin and stdout, with nothing but the embedded sandbox.
func TestDemoProcess(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "--demo")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "INTEGRY_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "INTEGRY_MCP_TEST_SERVER=1")
	cmd.Stderr = testLog{t}
	cs := connect(t, &mcp.CommandTransport{Command: cmd})
	t.Cleanup(func() { cs.Close() })

	names := toolNames(t, cs)
	if !slices.Contains(names, "open-meteo-get-forecast") {
		t.Fatalf("names = %v, want it to contain %v", names, "open-meteo-get-forecast")
	}
	if !slices.Contains(names, "slack-post-message") {
		t.Fatalf("names = %v, want it to contain %v", names, "slack-post-message")
	}
	out, isErr := call(t, cs, "open-meteo-get-forecast", map[string]any{"city": "new-york"})
	if isErr {
		t.Fatalf("%v", out)
	}
	if !reflect.DeepEqual(out["network_code"], "200") {
		t.Fatalf("out[\"network_code\"] = %v, want %v", out["network_code"], "200")
	}

	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hello from the demo"})
	if !(isErr) {
		t.Fatalf("the demo user has connected nothing yet: want isErr")
	}
	connectAt(t, out["how_to_connect"].(string))
	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hello from the demo"})
	if isErr {
		t.Fatalf("%v", out)
	}
	if !reflect.DeepEqual(out["network_code"], "200") {
		t.Fatalf("out[\"network_code\"] = %v, want %v", out["network_code"], "200")
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	c, err := parse(nil, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !(c.demo) {
		t.Fatalf("no app key: the demo: want c.demo")
	}

	c, err = parse([]string{"-user", "u9"}, env(map[string]string{
		"INTEGRY_APP_KEY": "k", "INTEGRY_APP_SECRET": "s", "INTEGRY_USER_ID": "u1",
		"INTEGRY_MCP_APPS": "slack, hubspot", "INTEGRY_MCP_CONNECTED_ONLY": "true", "INTEGRY_MCP_HTTP": "127.0.0.1:9",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.demo {
		t.Fatalf("want not c.demo")
	}
	if c.user != "u9" {
		t.Fatalf("a flag wins over the environment: c.user = %v, want %v", c.user, "u9")
	}
	if c.appKey != "k" {
		t.Fatalf("c.appKey = %v, want %v", c.appKey, "k")
	}
	if want := (list{"slack", "hubspot"}); !reflect.DeepEqual(c.apps, want) {
		t.Fatalf("c.apps = %v, want %v", c.apps, want)
	}
	if !(c.connectedOnly) {
		t.Fatalf("want c.connectedOnly")
	}
	if c.httpAddr != "127.0.0.1:9" {
		t.Fatalf("c.httpAddr = %v, want %v", c.httpAddr, "127.0.0.1:9")
	}
	if want := 30 * time.Second; c.refresh != want {
		t.Fatalf("the tool list is made again every 30 s by default: c.refresh = %v, want %v", c.refresh, want)
	}

	c, err = parse(nil, env(map[string]string{"INTEGRY_MCP_REFRESH": "0"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.refresh != 0 {
		t.Fatalf("0: never: c.refresh = %v, want empty", c.refresh)
	}
	_, err = parse(nil, env(map[string]string{"INTEGRY_MCP_REFRESH": "soon"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not a duration") {
		t.Fatalf("err = %v, want an error containing %q", err, "not a duration")
	}
	_, err = parse([]string{"-refresh", "-1s"}, noEnv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "negative") {
		t.Fatalf("err = %v, want an error containing %q", err, "negative")
	}

	_, err = parse([]string{"-app-key", "k"}, noEnv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "missing -app-secret (or -hash) and -user") {
		t.Fatalf("err = %v, want an error containing %q", err, "missing -app-secret (or -hash) and -user")
	}
	_, err = parse([]string{"-demo", "-variables", "[1]"}, noEnv, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "JSON object") {
		t.Fatalf("err = %v, want an error containing %q", err, "JSON object")
	}
	_, err = parse(nil, env(map[string]string{"INTEGRY_MCP_DEMO": "maybe"}), io.Discard)
	if err == nil {
		t.Fatalf("want an error from err")
	}
	_, err = parse([]string{"extra"}, noEnv, io.Discard)
	if err == nil {
		t.Fatalf("want an error from err")
	}
}

// A backend that sends no meta (or less of it) still gets tools, without
// titles or apps.
func TestFunctionsWithoutMeta(t *testing.T) {
	t.Parallel()
	if got := field(nil, "ui", "title"); got != "" {
		t.Fatalf("field(nil, \"ui\", \"title\") = %v, want %v", got, "")
	}
	d, err := sdk.ParseDoc([]byte(`{"ui":{},"app":"not an object"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := field(d, "ui", "title"); got != "" {
		t.Fatalf("field(d, \"ui\", \"title\") = %v, want %v", got, "")
	}
	if got := field(d, "app", "name"); got != "" {
		t.Fatalf("field(d, \"app\", \"name\") = %v, want %v", got, "")
	}
	d, _ = sdk.ParseDoc([]byte(`{"ui":{"title":"Post a message"}}`))
	if got := field(d, "ui", "title"); got != "Post a message" {
		t.Fatalf("field(d, \"ui\", \"title\") = %v, want %v", got, "Post a message")
	}
}
