package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// syncBuffer collects logs from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// fakeClock is a settable clock for token expiry.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// serve starts s on a loopback port for the test.
func serve(t *testing.T, s *Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); s.Serve(l) }()
	t.Cleanup(func() { s.Close(); <-done })
	return "http://" + l.Addr().String()
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestExpiredTokensAreRefreshedBeforeTheOnwardCall(t *testing.T) {
	clock := &fakeClock{}
	clock.ns.Store(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	var logs syncBuffer
	s, err := New(Options{Memory: true, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Clock: clock.now, TokenTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	base := serve(t, s)
	res, err := s.st.connect("u1", s.cat.byApp["pipedrive"], "jane", "EXT1", "", s.now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	oldToken := res.Account.AccessToken
	provider := func(token string) int {
		req, _ := http.NewRequest("GET", base+"/providers/pipedrive/v1/persons", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if provider(oldToken) != 200 {
		t.Fatal("a fresh token must work at the provider")
	}
	clock.advance(2 * time.Hour)
	if provider(oldToken) != 401 {
		t.Fatal("an expired token must be refused by the provider")
	}
	// 20 concurrent calls share one refresh; every one is executed.
	var wg sync.WaitGroup
	codes := make(chan string, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := url.Values{"app_key": {s.AppKey()}, "hash": {s.Hash("u1")}, "user_id": {"u1"}}
			resp, err := http.Post(base+"/functions/pipedrive-add-a-person/call/?"+q.Encode(), "application/json", strings.NewReader(`{"name":"A B"}`))
			if err != nil {
				codes <- err.Error()
				return
			}
			defer resp.Body.Close()
			var out struct {
				NetworkCode string `json:"network_code"`
			}
			json.NewDecoder(resp.Body).Decode(&out)
			codes <- out.NetworkCode
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != "200" {
			t.Fatalf("a call after expiry got %q", c)
		}
	}
	if l := logs.String(); strings.Count(l, "token refreshed") != 1 || strings.Contains(l, "provider refused the token") {
		t.Fatalf("want exactly one refresh, before any onward call:\n%s", l)
	}
	acc, _, _ := s.st.account("u1", res.Account.ID)
	if acc.AccessToken == oldToken || !acc.ExpiresAt.After(s.now()) {
		t.Fatalf("token not rotated: %+v", acc)
	}
	if provider(acc.AccessToken) != 200 || provider(oldToken) != 401 {
		t.Fatal("the new token works and the old one stays dead")
	}
	// A stale refresh token is refused by the token endpoint.
	resp, err := http.PostForm(base+"/providers/pipedrive/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {res.Account.RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("stale refresh token: %d", resp.StatusCode)
	}
}

// Both stores keep the same transactional contract.
func TestKVUpdatesAreAllOrNothing(t *testing.T) {
	b, err := openBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	for name, k := range map[string]kv{"memory": newMemKV(), "bbolt": b} {
		t.Run(name, func(t *testing.T) {
			if err := k.update(func(t tx) error { return t.put(bCalls, "a", []byte("1")) }); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("boom")
			err := k.update(func(t tx) error {
				t.put(bCalls, "a", []byte("2"))
				t.put(bCalls, "b", []byte("3"))
				t.del(bCalls, "a")
				if _, err := nextSeq(t, "x"); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("err %v", err)
			}
			var got []string
			k.view(func(t tx) error {
				if t.get(bSeq, "x") != nil {
					got = append(got, "seq moved")
				}
				return t.scan(bCalls, "", func(k string, v []byte) error {
					got = append(got, k+"="+string(v))
					return nil
				})
			})
			if strings.Join(got, ",") != "a=1" {
				t.Fatalf("after a failed update: %v", got)
			}
			if err := k.view(func(t tx) error { return t.put(bCalls, "c", nil) }); err == nil && name == "memory" {
				t.Fatal("writes in a view must fail")
			}
		})
	}
}

func TestMemoryModeWritesNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s, err := New(Options{Memory: true, DataDir: "", Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s)
	if _, err := s.st.connect("u", s.cat.byApp["slack"], "x", "X", "", s.now(), time.Hour); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s.DataFile() != "" {
		t.Fatalf("data file %q", s.DataFile())
	}
	entries, _ := (&osDir{dir}).list()
	if len(entries) != 0 {
		t.Fatalf("memory mode left %v", entries)
	}
	if _, err := New(Options{Logger: quiet()}); err == nil {
		t.Fatal("no DataDir and no Memory must be an error")
	}
}

func TestCatalogIsComplete(t *testing.T) {
	c, err := loadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	auth := map[AuthType]int{}
	for _, a := range c.apps {
		auth[a.Auth]++
		if _, err := c.icons.Open(strings.TrimPrefix(a.iconPath(), "/icons/")); err != nil {
			t.Errorf("%s: icon %v", a.Name, err)
		}
	}
	if len(c.apps) < 5 || len(c.fns) < 12 || auth[AuthOAuth] < 3 || auth[AuthAPIKey] < 1 || auth[AuthNone] < 1 {
		t.Fatalf("%d apps, %d functions, auth %v", len(c.apps), len(c.fns), auth)
	}
	for _, name := range []string{"slack", "pipedrive", "hubspot"} {
		if c.byApp[name] == nil || c.byApp[name].Auth != AuthOAuth {
			t.Errorf("%s must be an OAuth app", name)
		}
	}
	for _, f := range c.fns {
		var sig struct {
			Parameters struct {
				Type       string                     `json:"type"`
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"parameters"`
		}
		json.Unmarshal(mustMarshal(f.signature("http://sandbox.test", true, nil, nil)), &sig)
		if sig.Parameters.Type != "object" || len(sig.Parameters.Properties) == 0 {
			t.Errorf("%s: parameters %+v", f.Name, sig.Parameters)
		}
		for k, p := range sig.Parameters.Properties {
			if !strings.Contains(string(p), `"ui_field":{`) {
				t.Errorf("%s.%s has no meta.ui.ui_field", f.Name, k)
			}
		}
	}
	bad := t.TempDir()
	writeFile(t, bad+"/x.json", `{"name":"x","auth":"oauth","functions":[]}`)
	if _, err := loadCatalog(bad); err == nil || !strings.Contains(err.Error(), "no fake provider") {
		t.Fatalf("an app without provider: %v", err)
	}
	writeFile(t, bad+"/x.json", `{"name":"slack","auth":"magic"}`)
	if _, err := loadCatalog(bad); err == nil {
		t.Fatal("an unknown auth type must fail")
	}
	if _, err := loadCatalog(t.TempDir()); err == nil {
		t.Fatal("an empty catalog folder must fail")
	}
	writeFile(t, bad+"/x.json", `{"name":"slack","auth":"oauth","functions":[{"name":"f","parameters":{"type":"object","properties":{
		"c":{"type":"string","meta":{"ui":{"ui_field":{"type":"DYNAMIC_DROPDOWN","data_source":{"url":"{base}/functions/nope/call/"}}}}}}}}]}`)
	if _, err := loadCatalog(bad); err == nil || !strings.Contains(err.Error(), "nope, which is not in the catalog") {
		t.Fatalf("a data source calling a missing function: %v", err)
	}
}

// The sandbox sits below cmd and above sdk only: cmd → sandbox → sdk.
func TestImportsPointOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/integry-go/integry/sandbox/...").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v %s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"/jsbridge", "/ui", "/wasm", "/web", "syscall/js", "/cmd/"} {
			if strings.HasPrefix(dep, "github.com/integry-go/integry") && strings.Contains(dep, banned) || dep == "syscall/js" {
				t.Errorf("the sandbox depends on %s", dep)
			}
		}
	}
}

func TestAPanicBecomesA500WithDetail(t *testing.T) {
	var logs syncBuffer
	s, err := New(Options{Memory: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.withRecover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
	if w.Code != 500 || w.Body.String() != `{"detail":"Internal sandbox error."}` || !strings.Contains(logs.String(), "boom") {
		t.Fatalf("%d %s\n%s", w.Code, w.Body, logs.String())
	}
}
