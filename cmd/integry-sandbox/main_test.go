package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/integry-go/integry/sandbox"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFlagsWinOverEnvironment(t *testing.T) {
	c, err := parse([]string{"-addr", "127.0.0.1:9999", "-allow-origin", "http://a", "-allow-origin", "http://b", "-memory"},
		env(map[string]string{"INTEGRY_SANDBOX_ADDR": "127.0.0.1:1", "INTEGRY_SANDBOX_APP_KEY": "k", "INTEGRY_SANDBOX_ALLOW_ORIGIN": "http://c"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.opts.Addr != "127.0.0.1:9999" || c.opts.AppKey != "k" || !slices.Equal(c.opts.AllowOrigins, append([]string{"http://a", "http://b"}, exampleOrigins...)) ||
		!c.opts.Memory || c.opts.DataDir != "" {
		t.Fatalf("options %+v", c.opts)
	}
	c, err = parse(nil, env(map[string]string{"INTEGRY_SANDBOX_ALLOW_ORIGIN": "http://c, http://d", "INTEGRY_SANDBOX_DATA": "/tmp/x",
		"INTEGRY_SANDBOX_APP_SECRET": "s", "INTEGRY_SANDBOX_CATALOG": "/cat", "INTEGRY_SANDBOX_LOG_LEVEL": "debug", "INTEGRY_SANDBOX_LOG_JSON": "1"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.opts.Addr != sandbox.DefaultAddr || c.opts.AppKey != sandbox.DefaultAppKey || c.opts.AppSecret != "s" || c.opts.DataDir != "/tmp/x" ||
		c.opts.CatalogDir != "/cat" || !slices.Equal(c.opts.AllowOrigins, append([]string{"http://c", "http://d"}, exampleOrigins...)) || !c.logJSON || c.logLevel.String() != "DEBUG" {
		t.Fatalf("from the environment %+v", c)
	}
	for _, bad := range [][]string{{"-nope"}, {"extra"}, {"-log-level", "loud"}} {
		if _, err := parse(bad, env(nil), io.Discard); err == nil {
			t.Errorf("%v must fail", bad)
		}
	}
	if _, err := parse(nil, env(map[string]string{"INTEGRY_SANDBOX_MEMORY": "perhaps"}), io.Discard); err == nil {
		t.Error("a bad boolean in the environment must fail")
	}
}

// syncBuffer is a bytes.Buffer safe to read while run writes logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// start runs the binary's run in a goroutine and returns its base URL and a
// stop function that sends SIGINT and waits for a clean exit.
func start(t *testing.T, args ...string) (base string, stdout, logs *syncBuffer, stop func()) {
	t.Helper()
	stdout, logs = &syncBuffer{}, &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(append([]string{"-addr", "127.0.0.1:0"}, args...), env(nil), stdout, logs, ready) }()
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatalf("run: %v", err)
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		if err := <-done; err != nil {
			t.Errorf("run after SIGINT: %v", err)
		}
	}
	t.Cleanup(stop)
	return base, stdout, logs, stop
}

func get(t *testing.T, url string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gunzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestRunServesTheAPIAndTheDemoAndLogsWithoutCredentials(t *testing.T) {
	dir := t.TempDir()
	base, stdout, logs, stop := start(t, "-data", dir, "-app-secret", "shh")
	for _, want := range []string{"app key:    " + sandbox.DefaultAppKey, "app secret: shh", "demo:       " + base + "/"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if resp, _ := get(t, base+"/_sandbox/health"); resp.StatusCode != 200 {
		t.Fatalf("health %d", resp.StatusCode)
	}
	resp, body := get(t, base+"/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || len(body) == 0 {
		t.Fatalf("demo page: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, _ = get(t, base+"/", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("the demo page must be gzipped for clients that accept it")
	}
	hash := "0000000000000000000000000000000000000000000000000000000000000000"
	if resp, _ := get(t, base+"/verify-sdk-config/?app_key=secret-key-in-url&hash="+hash+"&user_id=u"); resp.StatusCode != 403 {
		t.Fatalf("bad credentials: %d", resp.StatusCode)
	}
	stop()
	if l := logs.String(); !strings.Contains(l, "path=/verify-sdk-config/") || strings.Contains(l, "secret-key-in-url") || strings.Contains(l, hash) {
		t.Fatalf("logs must name paths and never credentials:\n%s", l)
	}
	if _, err := os.Stat(filepath.Join(dir, "sandbox.db")); err != nil {
		t.Fatalf("-data must hold the database: %v", err)
	}
}

// TestExampleOriginsAreAllowedByDefault: the origins the examples are
// served from (web/examples/README.md) get CORS answers with no flag, the
// command prints them, -allow-origin adds to them and -example-origins=false
// drops them.
func TestExampleOriginsAreAllowedByDefault(t *testing.T) {
	c, err := parse([]string{"-memory"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"http://127.0.0.1:8081", "http://localhost:5173", "http://127.0.0.1:5174"} {
		if !slices.Contains(c.opts.AllowOrigins, o) {
			t.Errorf("%s is not allowed by default: %v", o, c.opts.AllowOrigins)
		}
	}
	c, err = parse([]string{"-memory", "-example-origins=false", "-allow-origin", "http://x"}, env(nil), io.Discard)
	if err != nil || !slices.Equal(c.opts.AllowOrigins, []string{"http://x"}) {
		t.Errorf("-example-origins=false: %v (%v), want only http://x", c.opts.AllowOrigins, err)
	}
	c, err = parse([]string{"-memory"}, env(map[string]string{"INTEGRY_SANDBOX_EXAMPLE_ORIGINS": "false"}), io.Discard)
	if err != nil || len(c.opts.AllowOrigins) != 0 {
		t.Errorf("INTEGRY_SANDBOX_EXAMPLE_ORIGINS=false: %v (%v), want none", c.opts.AllowOrigins, err)
	}

	base, stdout, _, _ := start(t, "-memory", "-allow-origin", "http://127.0.0.1:9000")
	if !strings.Contains(stdout.String(), "http://127.0.0.1:8081") || !strings.Contains(stdout.String(), "http://127.0.0.1:9000") ||
		!strings.Contains(stdout.String(), "INTEGRY_SANDBOX_ALLOW_ORIGIN=<origin> make demo") {
		t.Errorf("the start-up lines do not list the allowed origins and how to add one:\n%s", stdout)
	}
	for _, o := range []string{"http://127.0.0.1:8081", "http://127.0.0.1:9000"} {
		resp, _ := get(t, base+"/_sandbox/session?user_id=u", "Origin", o)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != o {
			t.Errorf("a page on %s: %d with Access-Control-Allow-Origin %q", o, resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
	}
	if resp, _ := get(t, base+"/_sandbox/session?user_id=u", "Origin", "http://127.0.0.1:8082"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("an origin nobody allowed got Access-Control-Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
}

// TestSampleDataIsOnByDefault: the command gives new accounts sample data
// unless -sample-data=false or INTEGRY_SANDBOX_SAMPLE_DATA=false, and says
// so at start.
func TestSampleDataIsOnByDefault(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want bool
	}{
		{nil, nil, true},
		{[]string{"-sample-data=false"}, nil, false},
		{nil, map[string]string{"INTEGRY_SANDBOX_SAMPLE_DATA": "false"}, false},
		{[]string{"-sample-data"}, map[string]string{"INTEGRY_SANDBOX_SAMPLE_DATA": "false"}, true},
	} {
		c, err := parse(append([]string{"-memory"}, tc.args...), env(tc.env), io.Discard)
		if err != nil || c.opts.SampleData != tc.want {
			t.Errorf("%v %v: SampleData %v (%v), want %v", tc.args, tc.env, c != nil && c.opts.SampleData, err, tc.want)
		}
	}
	_, stdout, _, _ := start(t, "-memory")
	if !strings.Contains(stdout.String(), "sample data") || !strings.Contains(stdout.String(), "/_sandbox/reset") {
		t.Errorf("the start-up lines do not mention the sample data and its reset:\n%s", stdout)
	}
}

func TestMemoryFlagLeavesNoFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	base, _, _, stop := start(t, "-memory")
	if resp, _ := get(t, base+"/_sandbox/session"); resp.StatusCode != 200 {
		t.Fatalf("session %d", resp.StatusCode)
	}
	stop()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("-memory left %v", entries)
	}
}
