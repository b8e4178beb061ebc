package sdk_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/nethttp"
)

func TestStatusesBecomeCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		body   string
		want   sdk.Code
		msg    string
	}{
		{400, `{"detail":"bad"}`, sdk.CodeInvalidArgument, "bad"},
		{401, `{"detail":"Authentication credentials were not provided."}`, sdk.CodeUnauthorized, "Authentication credentials were not provided."},
		{403, `{"detail":"Incorrect authentication credentials."}`, sdk.CodeUnauthorized, "Incorrect authentication credentials."},
		{403, `{"detail":"You do not have permission."}`, sdk.CodeForbidden, "You do not have permission."},
		{404, `{"detail":"App not found"}`, sdk.CodeAppNotFound, "App not found"},
		{405, ``, sdk.CodeInvalidArgument, "HTTP 405"},
		{408, `not json`, sdk.CodeTimeout, "HTTP 408"},
		{429, `{"detail":{"wait":3}}`, sdk.CodeRateLimited, `{"wait":3}`},
		{500, `<html>oops</html>`, sdk.CodeServerError, "HTTP 500"},
		{503, `{"detail":"down"}`, sdk.CodeServerError, "down"},
		{302, ``, sdk.CodeServerError, "HTTP 302"},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			c, mux, _ := setup(t)
			mux.HandleFunc("/apps/x/get/", func(w http.ResponseWriter, r *http.Request) {
				if tc.status == 302 {
					w.Header().Set("Location", "/elsewhere")
				}
				writeJSON(w, tc.status, tc.body)
			})
			_, err := c.GetApp(t.Context(), "x")
			var e *sdk.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tc.want, e.Code)
			require.Equal(t, tc.status, e.Status)
			require.Contains(t, e.Message, tc.msg)
		})
	}
}

func TestReadsAreRetriedOn5xxAnd429(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	var n atomic.Int32
	mux.HandleFunc("/apps/x/get/", func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			writeJSON(w, 503, `{"detail":"down"}`)
		case 2:
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, `{"detail":"slow down"}`)
		default:
			writeJSON(w, 200, `{"id":1,"name":"x","connected_accounts":[]}`)
		}
	})
	app, err := c.GetApp(t.Context(), "x")
	require.NoError(t, err)
	require.Equal(t, "x", app.Name)
	require.Equal(t, int32(3), n.Load(), "two retries, the default")
}

func TestRetriesStopAtTheConfiguredCount(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	c, mux, _ := setup(t)
	mux.HandleFunc("/verify-sdk-config/", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 502, `{"detail":"bad gateway"}`)
	})
	_, err := c.VerifyConfig(t.Context())
	require.Equal(t, sdk.CodeServerError, errCode(t, err))
	require.Equal(t, int32(3), n.Load())
}

func TestCallsAreNeverRetried(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	var n atomic.Int32
	mux.HandleFunc("/functions/f/call/", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 503, `{"detail":"down"}`)
	})
	_, err := c.CallFunction(t.Context(), "f", nil, nil)
	require.Equal(t, sdk.CodeServerError, errCode(t, err))
	require.Equal(t, int32(1), n.Load())
}

func TestNetworkErrorsAreRetriedThenCoded(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	var n atomic.Int32
	mux.HandleFunc("/apps/x/get/", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		hj, ok := w.(http.Hijacker)
		require.True(t, ok)
		conn, _, err := hj.Hijack()
		require.NoError(t, err)
		conn.Close() // drop the connection: no response at all
	})
	_, err := c.GetApp(t.Context(), "x")
	require.Equal(t, sdk.CodeNetworkError, errCode(t, err))
	require.Equal(t, int32(3), n.Load())
	require.NotContains(t, err.Error(), testConfig.Hash, "URLs in transport errors are scrubbed")
}

func TestTimeoutIsCoded(t *testing.T) {
	t.Parallel()
	c, mux, _ := setupConfig(t, func(cfg *sdk.Config) { cfg.Timeout = 50 * time.Millisecond })
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	mux.HandleFunc("/functions/slow/call/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	_, err := c.CallFunction(t.Context(), "slow", nil, nil)
	require.Equal(t, sdk.CodeTimeout, errCode(t, err))
}

func TestCancelledContextIsCoded(t *testing.T) {
	t.Parallel()
	c, _, _ := setup(t)
	ctx, cancel := contextWithCancelCause(t)
	cancel(sdk.ErrDestroyed)
	_, err := c.GetApp(ctx, "x")
	require.ErrorIs(t, err, sdk.ErrDestroyed, "the cause of the cancellation is the error")
}

func TestNonJSONAndOversizedAnswers(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t, sdk.WithTransport(&nethttp.Transport{MaxBody: 1024}))
	mux.HandleFunc("/apps/html/get/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>not json</html>"))
	})
	mux.HandleFunc("/apps/big/get/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"name":"` + strings.Repeat("x", 4096) + `"}`))
	})
	mux.HandleFunc("/functions/html/call/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>not json</html>"))
	})
	mux.HandleFunc("/functions/odd/call/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"unexpected":true}`)
	})
	mux.HandleFunc("/functions/odd400/call/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"detail":"bad request"}`)
	})
	mux.HandleFunc("/functions/gone/call/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"detail":"Function not found"}`)
	})
	mux.HandleFunc("/functions/nameless/get/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{}`)
	})
	mux.HandleFunc("/apps/empty/get/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{}`)
	})
	ctx := t.Context()
	_, err := c.GetApp(ctx, "html")
	require.Equal(t, sdk.CodeServerError, errCode(t, err))
	_, err = c.GetApp(ctx, "big")
	require.Equal(t, sdk.CodeServerError, errCode(t, err))
	require.Contains(t, err.Error(), "larger than 1024 bytes")
	_, err = c.CallFunction(ctx, "html", nil, nil)
	require.Equal(t, sdk.CodeServerError, errCode(t, err))
	_, err = c.CallFunction(ctx, "odd", nil, nil)
	require.Equal(t, sdk.CodeServerError, errCode(t, err))
	_, err = c.CallFunction(ctx, "odd400", nil, nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "a 400 without error is not a documented result")
	_, err = c.CallFunction(ctx, "gone", nil, nil)
	require.Equal(t, sdk.CodeFunctionNotFound, errCode(t, err))
	_, err = c.GetFunction(ctx, "nameless", nil)
	require.Equal(t, sdk.CodeServerError, errCode(t, err))
	_, err = c.GetApp(ctx, "empty")
	require.Equal(t, sdk.CodeAppNotFound, errCode(t, err))
}

// TestCallOutcomes follows the seed: an executed call resolves even when the
// onward call failed; a call Integry refused resolves with error and
// error_details, in both documented forms.
func TestCallOutcomes(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	mux.HandleFunc("/functions/pipedrive-add-a-person/call/", func(w http.ResponseWriter, r *http.Request) {
		var p map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&p))
		switch p["name"] {
		case nil:
			writeJSON(w, 400, `{"error":"Could not call the function due to invalid input. Please see `+"`error_details`"+` for further information.","error_details":{"name":"This parameter is required and must not be null or empty"}}`)
		case "no-account":
			writeJSON(w, 400, `{"error":"Could not call the function due to invalid input.","error_details":["User has not connected their Pipedrive account."]}`)
		case "bad-owner":
			writeJSON(w, 200, `{"network_code":"400","output":{"success":false,"error":"Validation failed: owner_id: User not found or not accessible.","code":"ERR_SCHEMA_VALIDATION_FAILED"}}`)
		default:
			writeJSON(w, 200, `{"network_code":200,"output":{"success":true,"data":{"id":27}}}`)
		}
	})
	ctx := t.Context()
	fn := "pipedrive-add-a-person"

	res, err := c.CallFunction(ctx, fn, []byte(`{"name":"Sample contact"}`), nil)
	require.NoError(t, err)
	require.True(t, res.Executed)
	require.Equal(t, "200", res.NetworkCode, "an integer network_code is read as a string")

	res, err = c.CallFunction(ctx, fn, []byte(`{"name":"bad-owner"}`), nil)
	require.NoError(t, err)
	require.True(t, res.Executed, "an onward failure is still executed")
	require.Equal(t, "400", res.NetworkCode)

	res, err = c.CallFunction(ctx, fn, []byte(`{}`), nil)
	require.NoError(t, err)
	require.False(t, res.Executed)
	jsonEq(t, `{"name":"This parameter is required and must not be null or empty"}`, res.ErrorDetails)

	res, err = c.CallFunction(ctx, fn, []byte(`{"name":"no-account"}`), nil)
	require.NoError(t, err)
	require.False(t, res.Executed)
	require.ErrorIs(t, res.Err(), sdk.ErrNotConnected)
}
