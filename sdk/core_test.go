package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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

	cfg := testConfig
	cfg.BaseURL, cfg.APIBaseURL = "http://localhost:8080///", "http://localhost:8081/"
	c2, err := sdk.NewClient(cfg, sdk.WithTransport(&recorder{}))
	require.NoError(t, err)
	require.Equal(t, "http://localhost:8080", c2.Config().BaseURL, "trailing slashes are trimmed")
	require.Equal(t, "http://localhost:8080", c2.Config().AuthBaseURL)
	require.Equal(t, "http://localhost:8081", c2.Config().APIBaseURL)

	cfg.BaseURL, cfg.Timeout = "nope", -1
	_, err = sdk.NewClient(cfg, sdk.WithTransport(&recorder{}))
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	require.ErrorContains(t, err, "invalid baseUrl, timeout")
}

func TestOptionsRejectBadValues(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]sdk.Option{
		"transport": sdk.WithTransport(nil),
		"emitter":   sdk.WithEmitter(nil),
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
	_, err = c.CallFunction(ctx, "f", []byte(`[1]`), nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "params must be an object")
	_, err = c.CallFunction(ctx, "f", []byte(`{"a":`), nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "invalid JSON")
	_, err = c.CallFunction(ctx, "f", nil, &sdk.CallOptions{ConnectedAccountID: "abc"})
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	_, err = c.CallFunction(ctx, "f", nil, &sdk.CallOptions{Variables: []byte(`"x"`)})
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	_, err = c.GetFunction(ctx, "f", &sdk.GetFunctionOptions{Variables: []byte(`[]`)})
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
	for _, id := range []string{"", "x", "-1", "0"} {
		require.Equal(t, sdk.CodeInvalidArgument, errCode(t, c.DeleteConnectedAccount(ctx, id, false)), id)
	}
	deep := strings.Repeat(`{"a":`, 1001) + "1" + strings.Repeat("}", 1001)
	_, err = c.CallFunction(ctx, "f", []byte(deep), nil)
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err), "nested too deep")
	require.ErrorContains(t, err, "nested deeper than 1000 levels")
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
	require.Len(t, sdk.Codes(), 21)
	require.Equal(t, "sdk: x (timeout)", sdk.NewError(sdk.CodeTimeout, "x").Error())
}

func TestCallResultErr(t *testing.T) {
	t.Parallel()
	ok := &sdk.CallResult{Executed: true}
	require.NoError(t, ok.Err())
	notConnected := &sdk.CallResult{Error: "Could not call", ErrorDetails: doc(t, `["User has not connected their Pipedrive account."]`)}
	require.ErrorIs(t, notConnected.Err(), sdk.ErrNotConnected)
	missing := &sdk.CallResult{Error: "Could not call", ErrorDetails: doc(t, `{"name":"required"}`)}
	require.ErrorIs(t, missing.Err(), sdk.ErrInvalidArgument)
	jsonEq(t, `{"name":"required"}`, missing.Err().(*sdk.Error).Details)

	// The message names each parameter error_details names, in its order.
	for details, want := range map[string]string{
		`{"city":"This parameter is required and must not be null or empty","days":["Must be at most 16.","Must be a number."]}`: "sdk: Invalid input: city: This parameter is required and must not be null or empty; days: Must be at most 16., Must be a number. (invalid_argument, HTTP 400)",
		`["User has not connected their Pipedrive account."]`:                                                                    "sdk: Invalid input: User has not connected their Pipedrive account. (not_connected, HTTP 400)",
		`"just a string"`: "sdk: Invalid input: just a string (invalid_argument, HTTP 400)",
	} {
		r := &sdk.CallResult{Error: "Invalid input", ErrorDetails: doc(t, details)}
		require.Equal(t, want, r.Err().Error(), details)
	}
	require.Equal(t, "sdk: Invalid input (invalid_argument, HTTP 400)", (&sdk.CallResult{Error: "Invalid input"}).Err().Error())
	require.Equal(t, "sdk: Invalid input. city: required (invalid_argument, HTTP 400)",
		(&sdk.CallResult{Error: "Invalid input.", ErrorDetails: doc(t, `{"city":"required"}`)}).Err().Error())
}

func TestFunctionKeepsTheServersJSON(t *testing.T) {
	t.Parallel()
	in := `{"name":"f", "description":"d","parameters":{"properties":{"z":{},"a":{}}},"extra":1}`
	c, _ := newRecorded(t, map[string]canned{"GET /functions/f/get/": {status: 200, body: in}}, nil)
	f, err := c.GetFunction(t.Context(), "f", nil)
	require.NoError(t, err)
	require.Equal(t, in, string(f.Doc.JSON()), "key order, spacing and unknown fields survive")
	require.Equal(t, "d", f.Description)
	props := f.Parameters.Get("properties")
	require.Equal(t, []string{"z", "a"}, []string{props.Key(0), props.Key(1)}, "keys in document order")
	out, err := json.Marshal(f.Doc)
	require.NoError(t, err)
	require.JSONEq(t, in, string(out), "a Doc marshals as it was received")
}

func TestAppJSONKeepsUnknownFieldsAndOrdersAccounts(t *testing.T) {
	t.Parallel()
	body := `{"id":7,"name":"slack","beta":true,"connected_accounts":[` +
		`{"id":1,"display_name":"old","modified_at":"2024-01-01T00:00:00Z","x":1},` +
		`{"id":2,"display_name":"new","modified_at":"2025-01-01T00:00:00Z"}]}`
	c, _ := newRecorded(t, map[string]canned{"POST /apps/slack/get/": {status: 200, body: body}}, nil)
	app, err := c.GetApp(t.Context(), "slack")
	require.NoError(t, err)
	require.Equal(t, []int64{2, 1}, []int64{app.ConnectedAccounts[0].ID, app.ConnectedAccounts[1].ID})
	require.False(t, app.AsSent(), "the server's order was not newest first")
	jsonEq(t, `{"id":7,"name":"slack","beta":true,"connected_accounts":[`+
		`{"id":2,"display_name":"new","modified_at":"2025-01-01T00:00:00Z"},`+
		`{"id":1,"display_name":"old","modified_at":"2024-01-01T00:00:00Z","x":1}]}`, app.JSON())
	app.ConnectedAccountID = "2"
	require.Contains(t, string(app.JSON()), `"connected_account_id":"2"`)

	sorted := `{"id":7,"name":"slack","connected_accounts":[{"id":2,"modified_at":"2025-01-01T00:00:00Z"},{"id":1}]}`
	c, _ = newRecorded(t, map[string]canned{"POST /apps/slack/get/": {status: 200, body: sorted}}, nil)
	app, err = c.GetApp(t.Context(), "slack")
	require.NoError(t, err)
	require.True(t, app.AsSent(), "newest first already: the server's object can go as it is")
}

func TestUnexpectedShapesAreServerErrors(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"not json":       `<html>oops</html>`,
		"id not integer": `{"id":"x","name":"slack"}`,
		"accounts":       `{"name":"slack","connected_accounts":{}}`,
		"account id":     `{"name":"slack","connected_accounts":[{"id":1.5}]}`,
		"modified_at":    `{"name":"slack","connected_accounts":[{"id":1,"modified_at":"yesterday"}]}`,
	} {
		c, _ := newRecorded(t, map[string]canned{"POST /apps/slack/get/": {status: 200, body: body}}, nil)
		_, err := c.GetApp(t.Context(), "slack")
		require.Equal(t, sdk.CodeServerError, errCode(t, err), name)
	}
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
