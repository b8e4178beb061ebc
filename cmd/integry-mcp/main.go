package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, stdio{os.Stdin, os.Stdout, os.Stderr}, nil)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "integry-mcp:", err)
		os.Exit(1)
	}
}

// stdio is where the protocol (stdin, stdout) and the logs (stderr) go.
type stdio struct {
	in     io.Reader
	out    io.Writer
	stderr io.Writer
}

// list is a repeatable flag whose values may also be comma-separated.
type list []string

// String implements flag.Value.
func (l *list) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value.
func (l *list) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// config is the parsed command line.
type config struct {
	appKey, appSecret, hash, user string
	apiURL, baseURL               string
	apps                          list
	connectedOnly                 bool
	predict                       string
	variables                     string
	account                       string
	httpAddr                      string
	demo                          bool
	refresh                       time.Duration
}

// parse reads the flags, then the environment for what they did not give.
func parse(args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("integry-mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.StringVar(&c.appKey, "app-key", "", "the Integry app's `key`")
	fs.StringVar(&c.appSecret, "app-secret", "", "the app's `secret` (the user's hash is computed from it)")
	fs.StringVar(&c.hash, "hash", "", "the user's `hash`, instead of the app secret")
	fs.StringVar(&c.user, "user", "", "the `user ID` whose functions these are")
	fs.StringVar(&c.apiURL, "api-url", "", "functions API `URL` (default "+sdk.DefaultAPIBaseURL+")")
	fs.StringVar(&c.baseURL, "base-url", "", "apps API `URL` (default "+sdk.DefaultBaseURL+")")
	fs.Var(&c.apps, "app", "only this `app`'s functions (repeatable)")
	fs.BoolVar(&c.connectedOnly, "connected-only", false, "only functions of apps the user has connected")
	fs.StringVar(&c.predict, "predict", "", "only the functions Integry predicts for this `prompt`")
	fs.StringVar(&c.variables, "variables", "", "_variables for every call, a JSON `object`")
	fs.StringVar(&c.account, "connected-account", "", "the connected account `ID` every call uses")
	fs.StringVar(&c.httpAddr, "http", "", "serve streamable HTTP at this `address` (path /mcp) instead of stdio")
	fs.DurationVar(&c.refresh, "refresh", 30*time.Second, "make the tool list again this `often` (0: never), so that a newly connected app's tools appear")
	fs.BoolVar(&c.demo, "demo", false, "run against an embedded sandbox, in memory (the default without an app key)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, e := range []struct {
		flag, env string
		p         *string
	}{
		{"app-key", "INTEGRY_APP_KEY", &c.appKey}, {"app-secret", "INTEGRY_APP_SECRET", &c.appSecret},
		{"hash", "INTEGRY_HASH", &c.hash}, {"user", "INTEGRY_USER_ID", &c.user},
		{"api-url", "INTEGRY_API_URL", &c.apiURL}, {"base-url", "INTEGRY_BASE_URL", &c.baseURL},
		{"predict", "INTEGRY_MCP_PREDICT", &c.predict}, {"variables", "INTEGRY_MCP_VARIABLES", &c.variables},
		{"connected-account", "INTEGRY_MCP_CONNECTED_ACCOUNT", &c.account}, {"http", "INTEGRY_MCP_HTTP", &c.httpAddr},
	} {
		if v := getenv(e.env); v != "" && !given[e.flag] {
			*e.p = v
		}
	}
	if v := getenv("INTEGRY_MCP_APPS"); v != "" && !given["app"] {
		c.apps.Set(v)
	}
	if v := getenv("INTEGRY_MCP_REFRESH"); v != "" && !given["refresh"] {
		d, err := time.ParseDuration(v)
		if err != nil {
			return nil, fmt.Errorf("INTEGRY_MCP_REFRESH=%q: not a duration (30s, 1m, 0)", v)
		}
		c.refresh = d
	}
	if c.refresh < 0 {
		return nil, errors.New("-refresh must not be negative")
	}
	for _, b := range []struct {
		flag, env string
		p         *bool
	}{{"connected-only", "INTEGRY_MCP_CONNECTED_ONLY", &c.connectedOnly}, {"demo", "INTEGRY_MCP_DEMO", &c.demo}} {
		if v := getenv(b.env); v != "" && !given[b.flag] {
			on, err := strconv.ParseBool(v)
			if err != nil {
				return nil, fmt.Errorf("%s=%q: not a boolean", b.env, v)
			}
			*b.p = on
		}
	}
	if c.appKey == "" && !c.demo {
		c.demo = true // nothing to reach Integry with: the demo
	}
	if c.variables != "" {
		var v map[string]any
		if err := json.Unmarshal([]byte(c.variables), &v); err != nil || v == nil {
			return nil, errors.New("-variables must be a JSON object")
		}
	}
	if !c.demo {
		var missing []string
		if c.appSecret == "" && c.hash == "" {
			missing = append(missing, "-app-secret (or -hash)")
		}
		if c.user == "" {
			missing = append(missing, "-user")
		}
		if len(missing) > 0 {
			return nil, errors.New("missing " + strings.Join(missing, " and ") + "; or run the demo with -demo")
		}
	}
	return c, nil
}

// run parses args, starts the demo sandbox when asked, builds the MCP
// server and serves it over stdio or streamable HTTP until ctx ends or
// the client goes away. listening, when not nil, receives the HTTP address.
func run(ctx context.Context, args []string, getenv func(string) string, std stdio, listening func(addr string)) error {
	c, err := parse(args, getenv, std.stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(std.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if c.demo {
		stop, err := startDemo(c, log)
		if err != nil {
			return err
		}
		defer stop()
		fmt.Fprintf(std.stderr, "integry-mcp: demo: an embedded sandbox at %s (in memory), user %q\n", c.apiURL, c.user)
	}
	hash := c.hash
	if c.appSecret != "" {
		hash = authhash.Compute(c.appSecret, c.user)
	}
	client, err := nethttp.NewClient(sdk.Config{AppKey: c.appKey, Hash: hash, UserID: c.user, APIBaseURL: c.apiURL, BaseURL: c.baseURL},
		sdk.WithUserAgent("integry-mcp/"+sdk.Version))
	if err != nil {
		return err
	}
	ts, n, err := newServer(ctx, client, c)
	if err != nil {
		return err
	}
	srv := ts.srv
	fmt.Fprintf(std.stderr, "integry-mcp: %d tools for user %q\n", n, c.user)
	if c.refresh > 0 {
		rctx, stop := context.WithCancel(ctx)
		refreshed := make(chan struct{})
		go func() { defer close(refreshed); ts.refreshEvery(rctx, c.refresh, log) }()
		defer func() { stop(); <-refreshed }() // no log after run returns
	}
	if c.httpAddr == "" {
		err := srv.Run(ctx, &mcp.IOTransport{Reader: io2rc(std.in), Writer: nopCloser{std.out}})
		if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
	return serveHTTP(ctx, srv, c.httpAddr, std.stderr, listening, log)
}

// serveHTTP serves the streamable HTTP transport at /mcp until ctx ends.
func serveHTTP(ctx context.Context, srv *mcp.Server, addr string, stderr io.Writer, listening func(string), log *slog.Logger) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{Logger: log}))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "integry-mcp: streamable HTTP at http://%s/mcp\n", l.Addr())
	if listening != nil {
		listening(l.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		<-done
		return nil
	case err := <-done:
		return err
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// io2rc gives a reader the Close the transport wants.
func io2rc(r io.Reader) io.ReadCloser {
	if rc, ok := r.(io.ReadCloser); ok {
		return rc
	}
	return io.NopCloser(r)
}
