package sdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// testConfig is the user every test calls as. The user ID has a space and a
// plus so that form encoding shows in the golden files.
var testConfig = sdk.Config{
	AppKey: "app-key-1",
	Hash:   authhash.Compute("secret", "user 1+x"),
	UserID: "user 1+x",
}

// setup returns a client talking to a test server whose API is mounted under
// /api-prefix, so an absolute path in the client fails loudly, and the mux to
// register handlers on.
func setup(t *testing.T, opts ...sdk.Option) (*sdk.Client, *http.ServeMux, string) {
	t.Helper()
	return setupConfig(t, nil, opts...)
}

// setupConfig is setup with a change to the client's Config.
func setupConfig(t *testing.T, edit func(*sdk.Config), opts ...sdk.Option) (*sdk.Client, *http.ServeMux, string) {
	t.Helper()
	mux := http.NewServeMux()
	api := http.NewServeMux()
	api.Handle("/api-prefix/", http.StripPrefix("/api-prefix", mux))
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the prefix: %s %s", r.Method, r.URL.Path)
		http.Error(w, "outside prefix", http.StatusBadGateway)
	})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	cfg := testConfig
	cfg.BaseURL = srv.URL + "/api-prefix/"
	cfg.APIBaseURL = srv.URL + "/api-prefix"
	if edit != nil {
		edit(&cfg)
	}
	opts = append([]sdk.Option{sdk.WithBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := nethttp.NewClient(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, mux, srv.URL
}

// recorder is a Transport that records requests and answers from a table of
// canned responses keyed by "METHOD path".
type recorder struct {
	mu       sync.Mutex
	requests []*sdk.Request
	answers  map[string]canned
}

type canned struct {
	status int
	body   string
	header sdk.Header
}

func (r *recorder) Do(_ context.Context, req *sdk.Request) (*sdk.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, req)
	path := req.URL
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	path = strings.TrimPrefix(path, "https://app.test")
	path = strings.TrimPrefix(path, "https://api.test")
	a, ok := r.answers[req.Method+" "+path]
	if !ok {
		return &sdk.Response{StatusCode: 404, Body: sdk.DecodeBody([]byte(`{"detail":"Not found."}`))}, nil
	}
	return &sdk.Response{StatusCode: a.status, Header: a.header, Body: sdk.DecodeBody([]byte(a.body))}, nil
}

// dump renders the recorded requests as the golden format: method and URL,
// headers sorted, then the body.
func (r *recorder) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, req := range r.requests {
		b.WriteString(req.Method + " " + req.URL + "\n")
		keys := make([]string, 0, len(req.Header))
		for k := range req.Header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString(k + ": " + req.Header[k] + "\n")
		}
		if req.Body != nil {
			b.WriteString("\n" + string(req.Body) + "\n")
		}
		b.WriteString("---\n")
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run go test ./sdk -update): %v", err)
	}
	if string(want) != got {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		i := 0
		for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
			i++
		}
		line := func(l []string) string {
			if i < len(l) {
				return l[i]
			}
			return "(end)"
		}
		t.Fatalf("golden %s differs from line %d: want %q, got %q (go test ./sdk -update rewrites it; review the diff)\n--- got:\n%s", name, i+1, line(wl), line(gl), got)
	}
}

func newRecorded(t *testing.T, answers map[string]canned, cfgEdit func(*sdk.Config), opts ...sdk.Option) (*sdk.Client, *recorder) {
	t.Helper()
	rec := &recorder{answers: answers}
	cfg := testConfig
	cfg.BaseURL = "https://app.test/"
	cfg.APIBaseURL = "https://api.test"
	if cfgEdit != nil {
		cfgEdit(&cfg)
	}
	c, err := sdk.NewClient(cfg, append([]sdk.Option{sdk.WithTransport(rec)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// jsonEq compares JSON semantically; got may be a []byte or an sdk.Doc.
func jsonEq(t *testing.T, want string, got any) {
	t.Helper()
	var b []byte
	switch g := got.(type) {
	case []byte:
		b = g
	case sdk.Doc:
		if g == nil {
			t.Fatalf("want %s, got a nil Doc", want)
		}
		b = g.JSON()
	default:
		t.Fatalf("jsonEq: %T", got)
	}
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("the wanted JSON %s: %v", want, err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("got %s: %v", b, err)
	}
	if !reflect.DeepEqual(w, g) {
		t.Fatalf("got JSON %s, want %s", b, want)
	}
}

// mustDoc parses JSON text that is known to be valid; it panics otherwise.
func mustDoc(text string) sdk.Doc {
	d, err := sdk.ParseDoc([]byte(text))
	if err != nil {
		panic(err)
	}
	return d
}

// doc parses JSON text for a test, failing it when the text is not JSON.
func doc(t *testing.T, text string) sdk.Doc {
	t.Helper()
	d, err := sdk.ParseDoc([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func errCode(t *testing.T, err error) sdk.Code {
	t.Helper()
	e, ok := errors.AsType[*sdk.Error](err)
	if !ok {
		t.Fatalf("%v is no *sdk.Error", err)
	}
	return e.Code
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.Copy(w, bytes.NewBufferString(body))
}
