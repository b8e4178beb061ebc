package sdk_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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
			e, ok := errors.AsType[*sdk.Error](err)
			if !ok {
				t.Fatalf("%v is no *sdk.Error", err)
			}
			if e.Code != tc.want {
				t.Fatalf("e.Code = %v, want %v", e.Code, tc.want)
			}
			if e.Status != tc.status {
				t.Fatalf("e.Status = %v, want %v", e.Status, tc.status)
			}
			if !strings.Contains(e.Message, tc.msg) {
				t.Fatalf("e.Message = %v, want it to contain %v", e.Message, tc.msg)
			}
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
	if err != nil {
		t.Fatal(err)
	}
	if app.Name != "x" {
		t.Fatalf("app.Name = %v, want %v", app.Name, "x")
	}
	if got, want := n.Load(), int32(3); got != want {
		t.Fatalf("two retries, the default: n.Load() = %v, want %v", got, want)
	}
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
	if got := errCode(t, err); got != sdk.CodeServerError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeServerError)
	}
	if got, want := n.Load(), int32(3); got != want {
		t.Fatalf("n.Load() = %v, want %v", got, want)
	}
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
	if got := errCode(t, err); got != sdk.CodeServerError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeServerError)
	}
	if got, want := n.Load(), int32(1); got != want {
		t.Fatalf("n.Load() = %v, want %v", got, want)
	}
}

func TestNetworkErrorsAreRetriedThenCoded(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	var n atomic.Int32
	mux.HandleFunc("/apps/x/get/", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		hj, ok := w.(http.Hijacker)
		if !(ok) {
			t.Fatalf("want ok")
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			t.Fatal(err)
		}
		conn.Close() // drop the connection: no response at all
	})
	_, err := c.GetApp(t.Context(), "x")
	if got := errCode(t, err); got != sdk.CodeNetworkError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeNetworkError)
	}
	if got, want := n.Load(), int32(3); got != want {
		t.Fatalf("n.Load() = %v, want %v", got, want)
	}
	if strings.Contains(err.Error(), testConfig.Hash) {
		t.Fatalf("URLs in transport errors are scrubbed: err.Error() = %v, want it without %v", err.Error(), testConfig.Hash)
	}
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
	if got := errCode(t, err); got != sdk.CodeTimeout {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeTimeout)
	}
}

func TestCancelledContextIsCoded(t *testing.T) {
	t.Parallel()
	c, _, _ := setup(t)
	ctx, cancel := contextWithCancelCause(t)
	cancel(sdk.ErrDestroyed)
	_, err := c.GetApp(ctx, "x")
	if !errors.Is(err, sdk.ErrDestroyed) {
		t.Fatalf("the cause of the cancellation is the error: err = %v, want %v", err, sdk.ErrDestroyed)
	}
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
	if got := errCode(t, err); got != sdk.CodeServerError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeServerError)
	}
	_, err = c.GetApp(ctx, "big")
	if got := errCode(t, err); got != sdk.CodeServerError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeServerError)
	}
	if !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "larger than 1024 bytes")
	}
	_, err = c.CallFunction(ctx, "html", nil, nil)
	if got := errCode(t, err); got != sdk.CodeServerError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeServerError)
	}
	_, err = c.CallFunction(ctx, "odd", nil, nil)
	if got := errCode(t, err); got != sdk.CodeServerError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeServerError)
	}
	_, err = c.CallFunction(ctx, "odd400", nil, nil)
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("a 400 without error is not a documented result: errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.CallFunction(ctx, "gone", nil, nil)
	if got := errCode(t, err); got != sdk.CodeFunctionNotFound {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeFunctionNotFound)
	}
	_, err = c.GetFunction(ctx, "nameless", nil)
	if got := errCode(t, err); got != sdk.CodeServerError {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeServerError)
	}
	_, err = c.GetApp(ctx, "empty")
	if got := errCode(t, err); got != sdk.CodeAppNotFound {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeAppNotFound)
	}
}

// TestCallOutcomes follows the seed: an executed call resolves even when the
// onward call failed; a call Integry refused resolves with error and
// error_details, in both documented forms.
func TestCallOutcomes(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	mux.HandleFunc("/functions/pipedrive-add-a-person/call/", func(w http.ResponseWriter, r *http.Request) {
		var p map[string]any
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			t.Fatalf("json.NewDecoder(r.Body).Decode(&p): %v", err)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	if !(res.Executed) {
		t.Fatalf("want res.Executed")
	}
	if res.NetworkCode != "200" {
		t.Fatalf("an integer network_code is read as a string: res.NetworkCode = %v, want %v", res.NetworkCode, "200")
	}

	res, err = c.CallFunction(ctx, fn, []byte(`{"name":"bad-owner"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !(res.Executed) {
		t.Fatalf("an onward failure is still executed: want res.Executed")
	}
	if res.NetworkCode != "400" {
		t.Fatalf("res.NetworkCode = %v, want %v", res.NetworkCode, "400")
	}

	res, err = c.CallFunction(ctx, fn, []byte(`{}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Executed {
		t.Fatalf("want not res.Executed")
	}
	jsonEq(t, `{"name":"This parameter is required and must not be null or empty"}`, res.ErrorDetails)

	res, err = c.CallFunction(ctx, fn, []byte(`{"name":"no-account"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Executed {
		t.Fatalf("want not res.Executed")
	}
	if !errors.Is(res.Err(), sdk.ErrNotConnected) {
		t.Fatalf("res.Err() = %v, want %v", res.Err(), sdk.ErrNotConnected)
	}
}
