package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/tools"
)

// functions loads the functions the tools are made of: the ones Integry
// predicts for c.predict, or every function, narrowed by c.apps and
// c.connectedOnly either way. They come with meta, so that each tool knows
// its app (for connect hints and per-app accounts) and its type.
func functions(ctx context.Context, client *sdk.Client, c *config) ([]sdk.Function, error) {
	if c.predict != "" {
		fns, err := client.PredictFunctions(ctx, c.predict, &sdk.PredictOptions{ConnectedOnly: c.connectedOnly, IncludeMeta: true})
		if err != nil {
			return nil, err
		}
		if len(c.apps) == 0 {
			return fns, nil
		}
		var out []sdk.Function
		for _, f := range fns {
			if slices.Contains(c.apps, field(f.Meta, "app", "name")) {
				out = append(out, f)
			}
		}
		return out, nil
	}
	apps := c.apps
	if len(apps) == 0 {
		apps = list{""} // every app
	}
	var out []sdk.Function
	for _, app := range apps {
		for f, err := range client.Functions(ctx, &sdk.ListFunctionsOptions{App: app, ConnectedOnly: c.connectedOnly, IncludeMeta: true}) {
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
	}
	return out, nil
}

// toolServer is the MCP server and what it needs to make its tool list
// again (docs/mcp.md#mcp-refresh).
type toolServer struct {
	srv    *mcp.Server
	client *sdk.Client
	c      *config
	mu     sync.Mutex
	names  map[string]bool // the tools the server has now
}

// newServer makes an MCP server whose tools are the user's functions, and
// returns how many there are.
func newServer(ctx context.Context, client *sdk.Client, c *config) (*toolServer, int, error) {
	srv := mcp.NewServer(&mcp.Implementation{Name: "integry-mcp", Title: "Integry functions", Version: sdk.Version}, &mcp.ServerOptions{
		Instructions: "Each tool is an Integry function run for one user in one of their apps (Slack, HubSpot…). " +
			"A result is JSON: network_code and output. When it has _cursor, call the same tool again with the same arguments and that _cursor for the next page. " +
			"When an app is not connected, the error's how_to_connect says where the user connects it; ask them, then try again.",
		// The list may change later (refresh): say so even when it starts empty.
		Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{ListChanged: true}},
	})
	ts := &toolServer{srv: srv, client: client, c: c, names: map[string]bool{}}
	n, _, err := ts.refresh(ctx)
	if err != nil {
		return nil, 0, err
	}
	return ts, n, nil
}

// refresh loads the functions again and makes the server's tools match:
// it adds the new ones and removes the gone ones (the go-sdk then sends
// notifications/tools/list_changed). It returns how many tools there are
// and whether the list changed.
func (ts *toolServer) refresh(ctx context.Context) (int, bool, error) {
	fns, err := functions(ctx, ts.client, ts.c)
	if err != nil {
		return 0, false, err
	}
	opts := &tools.Options{ConnectedAccountID: ts.c.account}
	if ts.c.variables != "" {
		opts.Variables = json.RawMessage(ts.c.variables)
	}
	set, err := tools.New(ts.client, fns, opts)
	if err != nil {
		return 0, false, err
	}
	titles := map[string]string{}
	for _, f := range fns {
		titles[f.Name] = field(f.Meta, "ui", "title")
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	now := map[string]bool{}
	changed := false
	for _, t := range set.Tools() {
		now[t.Name] = true
		if ts.names[t.Name] {
			continue // unchanged name: the tool it has still runs the function
		}
		tool := &mcp.Tool{
			Name:        t.Name,
			Title:       titles[t.Function],
			Description: t.Description,
			InputSchema: t.Schema,
			Annotations: &mcp.ToolAnnotations{ReadOnlyHint: t.Type == "QUERY", OpenWorldHint: ptr(true)},
		}
		if t.Type == "ACTION" {
			tool.Annotations.DestructiveHint = ptr(false) // Integry's actions add and send; none of the catalog's deletes
		}
		ts.srv.AddTool(tool, handler(set))
		changed = true
	}
	var gone []string
	for name := range ts.names {
		if !now[name] {
			gone = append(gone, name)
		}
	}
	if len(gone) > 0 {
		ts.srv.RemoveTools(gone...)
		changed = true
	}
	ts.names = now
	return len(now), changed, nil
}

// refreshEvery calls refresh every d until ctx ends; a failed refresh keeps
// the tools the server has and is logged.
func (ts *toolServer) refreshEvery(ctx context.Context, d time.Duration, log *slog.Logger) {
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, _, err := ts.refresh(ctx); err != nil && ctx.Err() == nil {
				log.Warn("refreshing the tool list", "err", err)
			}
		}
	}
}

// handler runs a tools/call through the Set: the function's result, or an
// MCP tool error (isError) the model reads.
func handler(set *tools.Set) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if req.Params == nil {
			return nil, errors.New("no params")
		}
		r := set.Run(ctx, tools.Call{Name: req.Params.Name, Arguments: req.Params.Arguments})
		res := &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(r.Content)}}, IsError: r.IsError}
		if !r.IsError {
			res.StructuredContent = r.Content
		}
		return res, nil
	}
}

func ptr[T any](v T) *T { return &v }

// field is the text at a path of objects in d, "" when any step is missing
// (a backend may send less meta than the sandbox).
func field(d sdk.Doc, path ...string) string {
	for _, k := range path {
		if d == nil || d.Kind() != sdk.KindObject {
			return ""
		}
		d = d.Get(k)
	}
	if d == nil {
		return ""
	}
	return d.Text()
}
