package nethttp_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
	require.Equal(t, 201, resp.StatusCode)
	require.Equal(t, `{"a":1}`, string(resp.Body.JSON()), "the body, parsed, as it was sent")
	require.Equal(t, "POST", resp.Header.Get("x-echo-method"))
	require.Equal(t, "es", resp.Header.Get("X-Echo-Lang"))

	resp, err = tr.Do(t.Context(), &sdk.Request{Method: "GET", URL: srv.URL + "/redirect"})
	require.NoError(t, err)
	require.Nil(t, resp.Body, "an HTML body is no JSON document")
	require.Equal(t, http.StatusFound, resp.StatusCode, "redirects are answers, not followed")

	_, err = tr.Do(t.Context(), &sdk.Request{Method: "GET", URL: "://bad"})
	require.Error(t, err)
}

func TestTransportBoundsBodies(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`"` + strings.Repeat("x", 100) + `"`))
	}))
	defer srv.Close()
	_, err := (&nethttp.Transport{MaxBody: 50}).Do(t.Context(), &sdk.Request{Method: "GET", URL: srv.URL})
	require.Equal(t, sdk.CodeServerError, sdk.CodeOf(err))
	require.ErrorContains(t, err, "larger than 50 bytes")
}
