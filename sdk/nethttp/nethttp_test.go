package nethttp_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/nethttp"
)

func TestTransportSendsEverythingAndFollowsNoRedirect(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Echo-Method", r.Method)
		w.Header().Set("X-Echo-Lang", r.Header.Get("Accept-Language"))
		w.WriteHeader(201)
		w.Write(b)
	}))
	defer srv.Close()
	tr := &nethttp.Transport{}
	resp, err := tr.Do(t.Context(), &sdk.Request{Method: "POST", URL: srv.URL + "/x", Header: sdk.Header{"Accept-Language": "es"}, Body: []byte(`{"a":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 {
		t.Errorf("status %d, want the server's 201", resp.StatusCode)
	}
	if got := string(resp.Body.JSON()); got != `{"a":1}` {
		t.Errorf("body %s, want the body, parsed, as it was sent", got)
	}
	if m, l := resp.Header.Get("x-echo-method"), resp.Header.Get("X-Echo-Lang"); m != "POST" || l != "es" {
		t.Errorf("the server saw method %q and Accept-Language %q, want POST and es (headers read case-insensitively)", m, l)
	}

	resp, err = tr.Do(t.Context(), &sdk.Request{Method: "GET", URL: srv.URL + "/redirect"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body != nil {
		t.Error("an HTML body was read as a JSON document")
	}
	if resp.StatusCode != http.StatusFound {
		t.Errorf("status %d, want 302: redirects are answers, not followed", resp.StatusCode)
	}

	if _, err = tr.Do(t.Context(), &sdk.Request{Method: "GET", URL: "://bad"}); err == nil {
		t.Error("a malformed URL was sent")
	}
}

func TestTransportBoundsBodies(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`"` + strings.Repeat("x", 100) + `"`))
	}))
	defer srv.Close()
	_, err := (&nethttp.Transport{MaxBody: 50}).Do(t.Context(), &sdk.Request{Method: "GET", URL: srv.URL})
	if sdk.CodeOf(err) != sdk.CodeServerError || !strings.Contains(err.Error(), "larger than 50 bytes") {
		t.Errorf("a 102-byte body with MaxBody 50: %v, want server_error naming the limit", err)
	}
}
