package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"

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
		require.NoError(t, <-done)
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
		require.NoError(t, <-done)
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
	require.NoError(t, err)
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
		require.NoError(t, err)
		names = append(names, tool.Name)
	}
	return names
}

// call runs a tool and returns its text content decoded, and isError.
func call(t *testing.T, cs *mcp.ClientSession, name string, args any) (map[string]any, bool) {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err, "a failed call is a tool error, not a protocol error")
	require.Len(t, res.Content, 1)
	text, ok := res.Content[0].(*mcp.TextContent)
	require.True(t, ok)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(text.Text), &out), text.Text)
	return out, res.IsError
}

// forecastAndMessage is what every transport must do: list the tools, get
// a forecast, post to Slack.
func forecastAndMessage(t *testing.T, sb *sandboxtest.Sandbox, cs *mcp.ClientSession, text string) {
	t.Helper()
	names := toolNames(t, cs)
	require.Contains(t, names, "open-meteo-get-forecast")
	require.Contains(t, names, "slack-post-message")

	out, isErr := call(t, cs, "open-meteo-get-forecast", map[string]any{"city": "berlin", "days": 2})
	require.False(t, isErr, "%v", out)
	require.Equal(t, "200", out["network_code"])
	require.Contains(t, out["output"], "daily")

	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": text})
	require.False(t, isErr, "%v", out)
	require.Equal(t, "200", out["network_code"])
	posted := false
	for _, c := range sb.Calls(t, "u1") {
		posted = posted || c.Function == "slack-post-message" && strings.Contains(string(c.Arguments), text)
	}
	require.True(t, posted, "the message reached the sandbox's Slack")
}

func TestInProcess(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")
	c, err := parse(sandboxArgs(sb, "u1"), noEnv, io.Discard)
	require.NoError(t, err)
	client := sb.Client(t, "u1")
	ts, n, err := newServer(t.Context(), client, c)
	require.NoError(t, err)
	require.Greater(t, n, 10)
	st, ct := mcp.NewInMemoryTransports()
	ss, err := ts.srv.Connect(t.Context(), st, nil)
	require.NoError(t, err)
	t.Cleanup(func() { ss.Close() })
	cs := connect(t, ct)
	t.Cleanup(func() { cs.Close() })
	forecastAndMessage(t, sb, cs, "hello in-process")

	// The tools say what they are.
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		switch tool.Name {
		case "open-meteo-get-forecast":
			require.True(t, tool.Annotations.ReadOnlyHint)
			require.Equal(t, "Weather forecast", tool.Title)
		case "slack-post-message":
			require.False(t, tool.Annotations.ReadOnlyHint)
			schema, _ := json.Marshal(tool.InputSchema)
			require.NotContains(t, string(schema), `"meta"`, "no form hints in the schema")
			require.NotContains(t, string(schema), `"_cursor"`, "an action does not page")
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
		require.False(t, isErr, "%v", out)
		for _, ch := range out["output"].([]any) {
			ids = append(ids, ch.(map[string]any)["id"].(string))
		}
		cursor, _ := out["_cursor"].(string)
		if cursor == "" {
			break
		}
		require.Contains(t, out["next_page"], "call slack-list-conversations again with the same arguments and \"_cursor\"")
		args["_cursor"] = cursor
	}
	require.Greater(t, len(ids), 4)
	require.Len(t, slices.Compact(slices.Clone(ids)), len(ids), "no channel twice")
}

func TestToolListNarrowing(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	sb.Connect(t, "u1", "slack", "jane@acme.com")

	slack := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-app", "slack")))
	require.NotEmpty(t, slack)
	for _, n := range slack {
		require.True(t, strings.HasPrefix(n, "slack-"), n)
	}

	two := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-app", "slack,open-meteo")))
	require.ElementsMatch(t, append(slices.Clone(slack), "open-meteo-get-forecast"), two)

	connected := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-connected-only")))
	require.ElementsMatch(t, two, connected, "Slack, and the app that needs no login")

	predicted := toolNames(t, serveStdio(t, sandboxArgs(sb, "u1", "-predict", "What is the weather forecast in Berlin?")))
	require.NotEmpty(t, predicted)
	require.Contains(t, predicted, "open-meteo-get-forecast")
	require.LessOrEqual(t, len(predicted), 3)
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
	require.Contains(t, before, "open-meteo-get-forecast", "the app that needs no login")
	require.NotContains(t, before, "slack-post-message", "Slack is not connected yet")

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
	require.False(t, isErr, "%v", out)
	require.Equal(t, "200", out["network_code"])
}

func TestNotConnectedSaysHowToConnect(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.New(t)
	cs := serveStdio(t, sandboxArgs(sb, "u1"))
	out, isErr := call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hi"})
	require.True(t, isErr)
	hint := out["how_to_connect"].(string)
	require.Contains(t, hint, sb.URL+"/sandbox/login/slack/")

	// The user follows it (here: a program posting the consent form's Allow).
	connectAt(t, hint)
	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hi"})
	require.False(t, isErr, "%v", out)

	// Other failures are tool errors too.
	out, isErr = call(t, cs, "slack-post-message", map[string]any{"text": "no channel"})
	require.True(t, isErr)
	require.Contains(t, out, "error_details")
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "no-such-tool"})
	if err == nil {
		require.True(t, res.IsError, "an unknown tool is refused")
	}
}

var loginURL = regexp.MustCompile(`https?://\S+/sandbox/login/\S+`)

// connectAt presses Allow on the consent page a hint names, as a program
// (no Origin: the sandbox needs no consent token then).
func connectAt(t *testing.T, hint string) {
	t.Helper()
	u := loginURL.FindString(hint)
	require.NotEmpty(t, u, hint)
	form := url.Values{"decision": {"allow"}, "display_name": {"jane@acme.com"}}
	req, err := http.NewRequestWithContext(t.Context(), "POST", u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
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
	require.Contains(t, names, "open-meteo-get-forecast")
	require.Contains(t, names, "slack-post-message")
	out, isErr := call(t, cs, "open-meteo-get-forecast", map[string]any{"city": "new-york"})
	require.False(t, isErr, "%v", out)
	require.Equal(t, "200", out["network_code"])

	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hello from the demo"})
	require.True(t, isErr, "the demo user has connected nothing yet")
	connectAt(t, out["how_to_connect"].(string))
	out, isErr = call(t, cs, "slack-post-message", map[string]any{"channel": "general", "text": "hello from the demo"})
	require.False(t, isErr, "%v", out)
	require.Equal(t, "200", out["network_code"])
}

func TestParse(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	c, err := parse(nil, noEnv, io.Discard)
	require.NoError(t, err)
	require.True(t, c.demo, "no app key: the demo")

	c, err = parse([]string{"-user", "u9"}, env(map[string]string{
		"INTEGRY_APP_KEY": "k", "INTEGRY_APP_SECRET": "s", "INTEGRY_USER_ID": "u1",
		"INTEGRY_MCP_APPS": "slack, hubspot", "INTEGRY_MCP_CONNECTED_ONLY": "true", "INTEGRY_MCP_HTTP": "127.0.0.1:9",
	}), io.Discard)
	require.NoError(t, err)
	require.False(t, c.demo)
	require.Equal(t, "u9", c.user, "a flag wins over the environment")
	require.Equal(t, "k", c.appKey)
	require.Equal(t, list{"slack", "hubspot"}, c.apps)
	require.True(t, c.connectedOnly)
	require.Equal(t, "127.0.0.1:9", c.httpAddr)
	require.Equal(t, 30*time.Second, c.refresh, "the tool list is made again every 30 s by default")

	c, err = parse(nil, env(map[string]string{"INTEGRY_MCP_REFRESH": "0"}), io.Discard)
	require.NoError(t, err)
	require.Zero(t, c.refresh, "0: never")
	_, err = parse(nil, env(map[string]string{"INTEGRY_MCP_REFRESH": "soon"}), io.Discard)
	require.ErrorContains(t, err, "not a duration")
	_, err = parse([]string{"-refresh", "-1s"}, noEnv, io.Discard)
	require.ErrorContains(t, err, "negative")

	_, err = parse([]string{"-app-key", "k"}, noEnv, io.Discard)
	require.ErrorContains(t, err, "missing -app-secret (or -hash) and -user")
	_, err = parse([]string{"-demo", "-variables", "[1]"}, noEnv, io.Discard)
	require.ErrorContains(t, err, "JSON object")
	_, err = parse(nil, env(map[string]string{"INTEGRY_MCP_DEMO": "maybe"}), io.Discard)
	require.Error(t, err)
	_, err = parse([]string{"extra"}, noEnv, io.Discard)
	require.Error(t, err)
}

// A backend that sends no meta (or less of it) still gets tools, without
// titles or apps.
func TestFunctionsWithoutMeta(t *testing.T) {
	t.Parallel()
	require.Equal(t, "", field(nil, "ui", "title"))
	d, err := sdk.ParseDoc([]byte(`{"ui":{},"app":"not an object"}`))
	require.NoError(t, err)
	require.Equal(t, "", field(d, "ui", "title"))
	require.Equal(t, "", field(d, "app", "name"))
	d, _ = sdk.ParseDoc([]byte(`{"ui":{"title":"Post a message"}}`))
	require.Equal(t, "Post a message", field(d, "ui", "title"))
}
