package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/web"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "integry-sandbox:", err)
		os.Exit(1)
	}
}

// list is a repeatable flag (-allow-origin, -allowed-host).
type list []string

// String implements flag.Value.
func (o *list) String() string { return strings.Join(*o, ",") }

// Set implements flag.Value; a comma-separated value adds several entries.
func (o *list) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*o = append(*o, p)
		}
	}
	return nil
}

// exampleOrigins are the origins web/examples/README.md serves the examples
// from: the web/ folder on port 8081, and Vite's preview servers of the npm
// (5173) and React (5174) examples. They are allowed unless
// -example-origins=false, so that `make demo` and then any example works
// with no flag; -allow-origin adds more.
var exampleOrigins = []string{
	"http://127.0.0.1:8081", "http://localhost:8081",
	"http://127.0.0.1:5173", "http://localhost:5173",
	"http://127.0.0.1:5174", "http://localhost:5174",
}

// config is the parsed command line.
type config struct {
	opts     sandbox.Options
	logLevel slog.Level
	logJSON  bool
}

// parse reads flags, then fills what was not given from the environment.
func parse(args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("integry-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	var allow, hosts list
	var level string
	examples := true
	fs.StringVar(&c.opts.Addr, "addr", sandbox.DefaultAddr, "listen `address`")
	fs.StringVar(&c.opts.DataDir, "data", "", "data `folder` (default <user config dir>/integry-sandbox)")
	fs.BoolVar(&c.opts.Memory, "memory", false, "keep everything in memory and write no file")
	fs.StringVar(&c.opts.AppKey, "app-key", sandbox.DefaultAppKey, "app `key`")
	fs.StringVar(&c.opts.AppSecret, "app-secret", sandbox.DefaultAppSecret, "app `secret`")
	fs.StringVar(&c.opts.CatalogDir, "catalog", "", "catalog `folder` replacing the embedded catalog")
	fs.Var(&allow, "allow-origin", "`origin` allowed to call the sandbox from a browser (repeatable)")
	fs.BoolVar(&examples, "example-origins", true, "allow the origins the examples are served from (web/examples/README.md)")
	fs.BoolVar(&c.opts.SampleData, "sample-data", true, "give each user's new Pipedrive, HubSpot and Slack accounts sample records (docs/sandbox.md)")
	fs.Var(&hosts, "allowed-host", "host `name` the sandbox may be reached by, besides localhost, 127.0.0.1, [::1] and the host of -addr (repeatable)")
	fs.StringVar(&level, "log-level", "info", "log `level`: debug, info, warn or error")
	fs.BoolVar(&c.logJSON, "log-json", false, "log JSON lines")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	env := func(name, key string, set func(string) error) error {
		if v := getenv(key); v != "" && !given[name] {
			if err := set(v); err != nil {
				return fmt.Errorf("%s=%q: %w", key, v, err)
			}
		}
		return nil
	}
	str := func(p *string) func(string) error { return func(v string) error { *p = v; return nil } }
	boolean := func(p *bool) func(string) error {
		return func(v string) (err error) { *p, err = strconv.ParseBool(v); return err }
	}
	for _, e := range []struct {
		name, key string
		set       func(string) error
	}{
		{"addr", "INTEGRY_SANDBOX_ADDR", str(&c.opts.Addr)},
		{"data", "INTEGRY_SANDBOX_DATA", str(&c.opts.DataDir)},
		{"memory", "INTEGRY_SANDBOX_MEMORY", boolean(&c.opts.Memory)},
		{"app-key", "INTEGRY_SANDBOX_APP_KEY", str(&c.opts.AppKey)},
		{"app-secret", "INTEGRY_SANDBOX_APP_SECRET", str(&c.opts.AppSecret)},
		{"catalog", "INTEGRY_SANDBOX_CATALOG", str(&c.opts.CatalogDir)},
		{"allow-origin", "INTEGRY_SANDBOX_ALLOW_ORIGIN", allow.Set},
		{"example-origins", "INTEGRY_SANDBOX_EXAMPLE_ORIGINS", boolean(&examples)},
		{"sample-data", "INTEGRY_SANDBOX_SAMPLE_DATA", boolean(&c.opts.SampleData)},
		{"allowed-host", "INTEGRY_SANDBOX_ALLOWED_HOST", hosts.Set},
		{"log-level", "INTEGRY_SANDBOX_LOG_LEVEL", str(&level)},
		{"log-json", "INTEGRY_SANDBOX_LOG_JSON", boolean(&c.logJSON)},
	} {
		if err := env(e.name, e.key, e.set); err != nil {
			return nil, err
		}
	}
	if err := c.logLevel.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("-log-level: %w", err)
	}
	if examples {
		for _, o := range exampleOrigins {
			if !slices.Contains(allow, o) {
				allow = append(allow, o)
			}
		}
	}
	c.opts.AllowOrigins = allow
	c.opts.AllowedHosts = hosts
	if !c.opts.Memory && c.opts.DataDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil, fmt.Errorf("no -data folder given and no user config folder: %w", err)
		}
		c.opts.DataDir = filepath.Join(dir, "integry-sandbox")
	}
	if c.opts.Memory {
		c.opts.DataDir = ""
	}
	return c, nil
}

// run starts the sandbox and serves until SIGINT/SIGTERM or ctx ends.
// ready, when set, receives the base URL once it is listening.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer, ready chan<- string) error {
	c, err := parse(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	hopts := &slog.HandlerOptions{Level: c.logLevel}
	var h slog.Handler = slog.NewTextHandler(stderr, hopts)
	if c.logJSON {
		h = slog.NewJSONHandler(stderr, hopts)
	}
	c.opts.Logger = slog.New(h)
	c.opts.Mounts = []sandbox.Mount{{Prefix: "/sdk/", FS: web.Dist()}, {Prefix: "/", FS: web.Demo()}}
	s, err := sandbox.New(c.opts)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", c.opts.Addr)
	if err != nil {
		s.Close()
		return err
	}
	base := "http://" + l.Addr().String()
	where := "data " + s.DataFile()
	if c.opts.Memory {
		where = "in memory"
	}
	fmt.Fprintf(stdout, "Integry sandbox on %s (%s)\n  app key:    %s\n  app secret: %s\n  demo:       %s/\n", base, where, c.opts.AppKey, c.opts.AppSecret, base)
	if len(c.opts.AllowOrigins) > 0 {
		fmt.Fprintf(stdout, "  allowed origins (besides its own): %s\n"+
			"    add one with -allow-origin or INTEGRY_SANDBOX_ALLOW_ORIGIN=<origin> make demo\n", strings.Join(c.opts.AllowOrigins, " "))
	} else {
		fmt.Fprintln(stdout, "  allowed origins: only its own; add one with -allow-origin or INTEGRY_SANDBOX_ALLOW_ORIGIN=<origin> make demo")
	}
	if c.opts.SampleData {
		fmt.Fprintln(stdout, "  sample data: a user's first Pipedrive, HubSpot and Slack accounts start with records; POST /_sandbox/reset starts a user over")
	}
	if !web.Built() {
		fmt.Fprintln(stdout, "  note: the SDK bundle is not built; run `make wasm` to serve it at /sdk/")
	}
	if !loopback(l.Addr()) {
		fmt.Fprintf(stderr, "integry-sandbox: warning: listening on %s, which other machines may reach. "+
			"Anyone who reaches it can use the API with the app key and secret above (the defaults are public). "+
			"Browsers are answered only for the host names localhost, 127.0.0.1, [::1], the host of -addr and -allowed-host; "+
			"see docs/sandbox-security.md.\n", l.Addr())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(l) }()
	if ready != nil {
		ready <- base
	}
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	c.opts.Logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Shutdown(sctx)
}

// loopback reports whether a listener's address is reachable only from
// this machine.
func loopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}
