package sandboxtest

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
)

// Sandbox is a running sandbox for one test.
type Sandbox struct {
	URL       string          // http://127.0.0.1:port, no trailing slash
	AppKey    string          // the app key clients must send
	AppSecret string          // the secret behind Hash
	Server    *sandbox.Server // for anything the helpers do not cover
}

// Option changes the sandbox's Options before it starts.
type Option func(*sandbox.Options)

// WithAllowOrigins lets pages on these origins call the sandbox and receive
// connect results.
func WithAllowOrigins(origins ...string) Option {
	return func(o *sandbox.Options) { o.AllowOrigins = append(o.AllowOrigins, origins...) }
}

// WithMount serves fsys under prefix (e.g. "/sdk/" and web.Dist()).
func WithMount(prefix string, fsys fs.FS) Option {
	return func(o *sandbox.Options) { o.Mounts = append(o.Mounts, sandbox.Mount{Prefix: prefix, FS: fsys}) }
}

// WithSampleData fills each newly connected Pipedrive, HubSpot and Slack
// account with the sandbox's sample records, as integry-sandbox does by
// default (sandbox.Options.SampleData).
func WithSampleData() Option { return func(o *sandbox.Options) { o.SampleData = true } }

// WithOptions edits the Options directly (a clock, a catalog folder, a
// data folder instead of memory…).
func WithOptions(f func(*sandbox.Options)) Option { return Option(f) }

// New starts a sandbox in memory on 127.0.0.1 and stops it at the end of
// the test. Logs go to t.Log at warning level and above.
func New(t testing.TB, opts ...Option) *Sandbox {
	t.Helper()
	o := sandbox.Options{Memory: true, Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	for _, f := range opts {
		f(&o)
	}
	if o.DataDir != "" {
		o.Memory = false
	}
	s, err := sandbox.New(o)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.Close()
		t.Fatalf("sandboxtest: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Serve(l)
	}()
	t.Cleanup(func() {
		s.Close()
		<-done
	})
	return &Sandbox{URL: "http://" + l.Addr().String(), AppKey: s.AppKey(), AppSecret: appSecret(o), Server: s}
}

func appSecret(o sandbox.Options) string {
	if o.AppSecret != "" {
		return o.AppSecret
	}
	return sandbox.DefaultAppSecret
}

type testWriter struct{ t testing.TB }

// Write sends one log line to t.Log.
func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Hash returns the hash that authenticates userID.
func (s *Sandbox) Hash(userID string) string { return authhash.Compute(s.AppSecret, userID) }

// Query returns app_key, hash and user_id for userID, form-encoded.
func (s *Sandbox) Query(userID string) string {
	return url.Values{"app_key": {s.AppKey}, "hash": {s.Hash(userID)}, "user_id": {userID}}.Encode()
}

// Config returns an sdk.Config for userID with every base URL on the sandbox.
func (s *Sandbox) Config(userID string) sdk.Config {
	return sdk.Config{AppKey: s.AppKey, Hash: s.Hash(userID), UserID: userID, BaseURL: s.URL, APIBaseURL: s.URL}
}

// Client returns our Go client for userID, pointed at the sandbox.
func (s *Sandbox) Client(t testing.TB, userID string, opts ...sdk.Option) *sdk.Client {
	t.Helper()
	c, err := nethttp.NewClient(s.Config(userID), opts...)
	if err != nil {
		t.Fatalf("sandboxtest: client: %v", err)
	}
	return c
}

// ConnectResult posts the consent form's Allow and returns the message the
// page would post to its opener. apiKey is needed only for API-key apps
// (sendgrid: any "SG.…"). It posts as a program (no Origin), so it needs
// no consent_token; a browser's post does (docs/sandbox-security.md).
func (s *Sandbox) ConnectResult(t testing.TB, userID, app, displayName, apiKey string) sandbox.ConnectMessage {
	t.Helper()
	m, err := s.ConnectAccount(userID, app, displayName, apiKey)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	return m
}

// ConnectAccount is ConnectResult without a testing.TB, for goroutines
// (t.Fatal must not be called outside the test's goroutine).
func (s *Sandbox) ConnectAccount(userID, app, displayName, apiKey string) (sandbox.ConnectMessage, error) {
	form := url.Values{"decision": {"allow"}, "display_name": {displayName}}
	if apiKey != "" {
		form.Set("api_key", apiKey)
	}
	var m sandbox.ConnectMessage
	req, err := http.NewRequest("POST", s.URL+"/sandbox/login/"+url.PathEscape(app)+"/?"+s.Query(userID), strings.NewReader(form.Encode()))
	if err != nil {
		return m, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return m, fmt.Errorf("connecting %s for %s: %w", app, userID, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return m, fmt.Errorf("connecting %s for %s: %d %s", app, userID, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("connecting %s for %s: %w", app, userID, err)
	}
	return m, nil
}

// Connect connects an account of app for userID without a browser and
// returns its ID. For the API-key app a key derived from displayName is used.
func (s *Sandbox) Connect(t testing.TB, userID, app, displayName string) int64 {
	t.Helper()
	key := ""
	if app == "sendgrid" {
		key = "SG." + displayName
	}
	return s.ConnectResult(t, userID, app, displayName, key).AuthorizationID
}

// Calls returns userID's executed calls from GET /_sandbox/calls.
func (s *Sandbox) Calls(t testing.TB, userID string) []sandbox.Call {
	t.Helper()
	req, err := http.NewRequest("GET", s.URL+"/_sandbox/calls/?"+s.Query(userID), nil)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	var body struct {
		Calls []sandbox.Call `json:"calls"`
	}
	if status := s.do(t, req, &body); status != http.StatusOK {
		t.Fatalf("sandboxtest: call log: status %d", status)
	}
	return body.Calls
}

// AddFault installs a fault through POST /_sandbox/faults and returns it.
func (s *Sandbox) AddFault(t testing.TB, f sandbox.Fault) sandbox.Fault {
	t.Helper()
	b, _ := json.Marshal(f)
	req, err := http.NewRequest("POST", s.URL+"/_sandbox/faults", strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	var out sandbox.Fault
	if status := s.do(t, req, &out); status != http.StatusCreated {
		t.Fatalf("sandboxtest: adding fault: status %d", status)
	}
	return out
}

// ResetFaults removes every fault through DELETE /_sandbox/faults.
func (s *Sandbox) ResetFaults(t testing.TB) {
	t.Helper()
	req, _ := http.NewRequest("DELETE", s.URL+"/_sandbox/faults", nil)
	if status := s.do(t, req, nil); status != http.StatusNoContent {
		t.Fatalf("sandboxtest: resetting faults: status %d", status)
	}
}

func (s *Sandbox) do(t testing.TB, req *http.Request, v any) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("sandboxtest: %s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if v != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("sandboxtest: %s %s: decoding %q: %v", req.Method, req.URL.Path, b, err)
		}
	}
	if resp.StatusCode >= 300 {
		t.Logf("sandboxtest: %s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	return resp.StatusCode
}

// AccountID formats an account ID as the SDKs pass it.
func AccountID(id int64) string { return strconv.FormatInt(id, 10) }
