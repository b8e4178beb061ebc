package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/integry-go/integry/sdk"
)

func TestConfigValidateNamesEveryMissingField(t *testing.T) {
	t.Parallel()
	err := sdk.Config{}.Validate()
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	require.Contains(t, err.Error(), "missing appKey, hash, userId")

	err = sdk.Config{AppKey: "k", Hash: "h", UserID: "u", BaseURL: "ftp://x", APIBaseURL: "not a url"}.Validate()
	require.Contains(t, err.Error(), "invalid baseUrl, baseAPIUrl")

	_, err = sdk.NewClient(sdk.Config{AppKey: "k"})
	require.Contains(t, err.Error(), "missing hash, userId")

	_, err = sdk.NewClient(testConfig)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "no transport")
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	c, _ := newRecorded(t, nil, func(cfg *sdk.Config) {
		cfg.BaseURL, cfg.APIBaseURL, cfg.Lang, cfg.Retries = "", "", "", -1
	})
	got := c.Config()
	require.Equal(t, sdk.DefaultBaseURL, got.BaseURL)
	require.Equal(t, sdk.DefaultBaseURL, got.AuthBaseURL, "authBaseUrl defaults to baseUrl")
	require.Equal(t, sdk.DefaultAPIBaseURL, got.APIBaseURL)
	require.Equal(t, "en", got.Lang)
	require.Equal(t, 0, got.Retries, "negative disables retries")
	require.Equal(t, sdk.DefaultTimeout, got.Timeout)
	require.Equal(t, sdk.DefaultConnectTimeout, got.ConnectTimeout)

	c2, err := sdk.NewClient(testConfig, sdk.WithTransport(&recorder{}), sdk.WithBaseURL("http://localhost:8080///"))
	require.NoError(t, err)
	require.Equal(t, "http://localhost:8080", c2.Config().APIBaseURL)
	require.Equal(t, "http://localhost:8080", c2.Config().AuthBaseURL)
}

func TestOptionsRejectBadValues(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]sdk.Option{
		"transport": sdk.WithTransport(nil),
		"base":      sdk.WithBaseURL("nope"),
		"timeout":   sdk.WithTimeout(0),
		"emitter":   sdk.WithEmitter(nil),
		"max":       sdk.WithMaxResponseBytes(0),
		"backoff":   sdk.WithBackoff(time.Second, time.Millisecond),
	} {
		_, err := sdk.NewClient(testConfig, sdk.WithTransport(&recorder{}), o)
		require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), name)
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	t.Parallel()
	c, rec := newRecorded(t, nil, nil)
	_, err := c.GetApp(t.Context(), "a/b c")
	require.Equal(t, sdk.CodeAppNotFound, errCode(t, err))
	require.Contains(t, rec.requests[0].URL, "https://app.test/apps/a%2Fb%20c/get/?")
}

func TestEmptyNamesAreInvalidArguments(t *testing.T) {
	t.Parallel()
	c, rec := newRecorded(t, nil, nil)
	ctx := t.Context()
	_, err := c.GetApp(ctx, " ")
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	_, err = c.GetFunction(ctx, "", nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	_, err = c.CallFunction(ctx, "", nil, nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	_, err = c.CallFunction(ctx, "f", json.RawMessage(`[1]`), nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "params must be an object")
	_, err = c.CallFunction(ctx, "f", json.RawMessage(`{"a":`), nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "invalid JSON")
	_, err = c.CallFunction(ctx, "f", nil, &sdk.CallOptions{ConnectedAccountID: "abc"})
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	_, err = c.CallFunction(ctx, "f", nil, &sdk.CallOptions{Variables: json.RawMessage(`"x"`)})
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	_, err = c.GetFunction(ctx, "f", &sdk.GetFunctionOptions{Variables: json.RawMessage(`[]`)})
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	for _, id := range []string{"", "x", "-1", "0"} {
		require.Equal(t, sdk.CodeInvalidArgument, errCode(t, c.DeleteConnectedAccount(ctx, id, false)), id)
	}
	require.Empty(t, rec.requests, "nothing invalid reaches the wire")
}

func TestErrorIsAndMessages(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("wrapped: %w", &sdk.Error{Code: sdk.CodeNotConnected, Status: 400, Message: "GET /x?app_key=k&hash=abc&user_id=u failed"})
	require.ErrorIs(t, err, sdk.ErrNotConnected)
	require.NotErrorIs(t, err, sdk.ErrTimeout)
	require.Equal(t, sdk.CodeNotConnected, sdk.CodeOf(err))
	require.NotContains(t, err.Error(), "abc", "the hash is scrubbed")
	require.NotContains(t, err.Error(), "app_key=k&", "the app key is scrubbed")
	require.Contains(t, err.Error(), "(not_connected, HTTP 400)")

	require.Equal(t, sdk.Code(""), sdk.CodeOf(nil))
	require.Equal(t, sdk.CodeCancelled, sdk.CodeOf(context.Canceled))
	require.Equal(t, sdk.CodeTimeout, sdk.CodeOf(context.DeadlineExceeded))
	require.Equal(t, sdk.CodeInternal, sdk.CodeOf(errors.New("boom")))
	require.Nil(t, sdk.AsError(nil))
	cause := errors.New("cause")
	require.ErrorIs(t, &sdk.Error{Code: sdk.CodeInternal, Err: cause}, cause, "Unwrap")
	require.Len(t, sdk.Codes(), 20)
	require.Equal(t, "sdk: x (timeout)", sdk.NewError(sdk.CodeTimeout, "x").Error())
}

func TestCallResultErr(t *testing.T) {
	t.Parallel()
	ok := &sdk.CallResult{Executed: true}
	require.NoError(t, ok.Err())
	notConnected := &sdk.CallResult{Error: "Could not call", ErrorDetails: json.RawMessage(`["User has not connected their Pipedrive account."]`)}
	require.ErrorIs(t, notConnected.Err(), sdk.ErrNotConnected)
	missing := &sdk.CallResult{Error: "Could not call", ErrorDetails: json.RawMessage(`{"name":"required"}`)}
	require.ErrorIs(t, missing.Err(), sdk.ErrInvalidArgument)

	b, err := json.Marshal(sdk.CallResult{Executed: true, NetworkCode: "200", Output: json.RawMessage(`[]`), NextPage: "c"})
	require.NoError(t, err)
	require.JSONEq(t, `{"network_code":"200","output":[],"next_page":"c"}`, string(b))
	b, err = json.Marshal(sdk.CallResult{Error: "e", ErrorDetails: json.RawMessage(`{}`)})
	require.NoError(t, err)
	require.JSONEq(t, `{"error":"e","error_details":{}}`, string(b))
}

func TestFunctionKeepsRawJSON(t *testing.T) {
	t.Parallel()
	in := `{"name":"f","description":"d","parameters":{"properties":{"z":{},"a":{}}},"extra":1}`
	var f sdk.Function
	require.NoError(t, json.Unmarshal([]byte(in), &f))
	out, err := json.Marshal(f)
	require.NoError(t, err)
	require.Equal(t, in, string(out), "key order and unknown fields survive")
	out, err = json.Marshal(sdk.Function{Name: "g"})
	require.NoError(t, err)
	require.JSONEq(t, `{"name":"g","description":""}`, string(out))
}

func TestHeaderIgnoresCase(t *testing.T) {
	t.Parallel()
	h := sdk.Header{"content-type": "a"}
	require.Equal(t, "a", h.Get("Content-Type"))
	h.Set("Content-Type", "b")
	require.Equal(t, sdk.Header{"Content-Type": "b"}, h)
	h.Del("CONTENT-TYPE")
	require.Empty(t, h)
	require.Equal(t, "", h.Get("x"))
}

func TestOrigin(t *testing.T) {
	t.Parallel()
	require.Equal(t, "https://app.integry.io", sdk.Origin("https://app.integry.io/auth/x?y"))
	require.Equal(t, "http://127.0.0.1:8080", sdk.Origin("http://127.0.0.1:8080"))
	require.Equal(t, "", sdk.Origin("/relative"))
	require.Equal(t, "", sdk.Origin("::"))
}
