package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
)

func TestConfigValidateNamesEveryMissingField(t *testing.T) {
	t.Parallel()
	err := sdk.Config{}.Validate()
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	if !strings.Contains(err.Error(), "missing appKey, hash, userId") {
		t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "missing appKey, hash, userId")
	}

	err = sdk.Config{AppKey: "k", Hash: "h", UserID: "u", BaseURL: "ftp://x", APIBaseURL: "not a url"}.Validate()
	if !strings.Contains(err.Error(), "invalid baseUrl, baseAPIUrl") {
		t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "invalid baseUrl, baseAPIUrl")
	}

	_, err = sdk.NewClient(sdk.Config{AppKey: "k"})
	if !strings.Contains(err.Error(), "missing hash, userId") {
		t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "missing hash, userId")
	}

	_, err = sdk.NewClient(testConfig)
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("no transport: errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	c, _ := newRecorded(t, nil, func(cfg *sdk.Config) {
		cfg.BaseURL, cfg.APIBaseURL, cfg.Lang, cfg.Retries = "", "", "", -1
	})
	got := c.Config()
	if got.BaseURL != sdk.DefaultBaseURL {
		t.Fatalf("got.BaseURL = %v, want %v", got.BaseURL, sdk.DefaultBaseURL)
	}
	if got.AuthBaseURL != sdk.DefaultBaseURL {
		t.Fatalf("authBaseUrl defaults to baseUrl: got.AuthBaseURL = %v, want %v", got.AuthBaseURL, sdk.DefaultBaseURL)
	}
	if got.APIBaseURL != sdk.DefaultAPIBaseURL {
		t.Fatalf("got.APIBaseURL = %v, want %v", got.APIBaseURL, sdk.DefaultAPIBaseURL)
	}
	if got.Lang != "en" {
		t.Fatalf("got.Lang = %v, want %v", got.Lang, "en")
	}
	if got.Retries != 0 {
		t.Fatalf("negative disables retries: got.Retries = %v, want %v", got.Retries, 0)
	}
	if got.Timeout != sdk.DefaultTimeout {
		t.Fatalf("got.Timeout = %v, want %v", got.Timeout, sdk.DefaultTimeout)
	}
	if got.ConnectTimeout != sdk.DefaultConnectTimeout {
		t.Fatalf("got.ConnectTimeout = %v, want %v", got.ConnectTimeout, sdk.DefaultConnectTimeout)
	}

	cfg := testConfig
	cfg.BaseURL, cfg.APIBaseURL = "http://localhost:8080///", "http://localhost:8081/"
	c2, err := sdk.NewClient(cfg, sdk.WithTransport(&recorder{}))
	if err != nil {
		t.Fatal(err)
	}
	if got := c2.Config().BaseURL; got != "http://localhost:8080" {
		t.Fatalf("trailing slashes are trimmed: c2.Config().BaseURL = %v, want %v", got, "http://localhost:8080")
	}
	if got := c2.Config().AuthBaseURL; got != "http://localhost:8080" {
		t.Fatalf("c2.Config().AuthBaseURL = %v, want %v", got, "http://localhost:8080")
	}
	if got := c2.Config().APIBaseURL; got != "http://localhost:8081" {
		t.Fatalf("c2.Config().APIBaseURL = %v, want %v", got, "http://localhost:8081")
	}

	cfg.BaseURL, cfg.Timeout = "nope", -1
	_, err = sdk.NewClient(cfg, sdk.WithTransport(&recorder{}))
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	if err == nil || !strings.Contains(err.Error(), "invalid baseUrl, timeout") {
		t.Fatalf("err = %v, want an error containing %q", err, "invalid baseUrl, timeout")
	}
}

func TestOptionsRejectBadValues(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]sdk.Option{
		"transport": sdk.WithTransport(nil),
		"emitter":   sdk.WithEmitter(nil),
		"backoff":   sdk.WithBackoff(time.Second, time.Millisecond),
	} {
		_, err := sdk.NewClient(testConfig, sdk.WithTransport(&recorder{}), o)
		if got := errCode(t, err); got != sdk.CodeInvalidArgument {
			t.Fatalf("%v: errCode(t, err) = %v, want %v", name, got, sdk.CodeInvalidArgument)
		}
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	t.Parallel()
	c, rec := newRecorded(t, nil, nil)
	_, err := c.GetApp(t.Context(), "a/b c")
	if got := errCode(t, err); got != sdk.CodeAppNotFound {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeAppNotFound)
	}
	if !strings.Contains(rec.requests[0].URL, "https://app.test/apps/a%2Fb%20c/get/?") {
		t.Fatalf("rec.requests[0].URL = %v, want it to contain %v", rec.requests[0].URL, "https://app.test/apps/a%2Fb%20c/get/?")
	}
}

func TestEmptyNamesAreInvalidArguments(t *testing.T) {
	t.Parallel()
	c, rec := newRecorded(t, nil, nil)
	ctx := t.Context()
	_, err := c.GetApp(ctx, " ")
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.GetFunction(ctx, "", nil)
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.CallFunction(ctx, "", nil, nil)
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.CallFunction(ctx, "f", []byte(`[1]`), nil)
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("params must be an object: errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.CallFunction(ctx, "f", []byte(`{"a":`), nil)
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("invalid JSON: errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.CallFunction(ctx, "f", nil, &sdk.CallOptions{ConnectedAccountID: "abc"})
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.CallFunction(ctx, "f", nil, &sdk.CallOptions{Variables: []byte(`"x"`)})
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	_, err = c.GetFunction(ctx, "f", &sdk.GetFunctionOptions{Variables: []byte(`[]`)})
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	for _, id := range []string{"", "x", "-1", "0"} {
		if got := errCode(t, c.DeleteConnectedAccount(ctx, id, false)); got != sdk.CodeInvalidArgument {
			t.Fatalf("%v: errCode(t, c.DeleteConnectedAccount(ctx, id, false)) = %v, want %v", id, got, sdk.CodeInvalidArgument)
		}
	}
	deep := strings.Repeat(`{"a":`, 1001) + "1" + strings.Repeat("}", 1001)
	_, err = c.CallFunction(ctx, "f", []byte(deep), nil)
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("nested too deep: errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
	if err == nil || !strings.Contains(err.Error(), "nested deeper than 1000 levels") {
		t.Fatalf("err = %v, want an error containing %q", err, "nested deeper than 1000 levels")
	}
	if len(rec.requests) != 0 {
		t.Fatalf("nothing invalid reaches the wire: rec.requests = %v, want empty", rec.requests)
	}
}

func TestErrorIsAndMessages(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("wrapped: %w", &sdk.Error{Code: sdk.CodeNotConnected, Status: 400, Message: "GET /x?app_key=k&hash=abc&user_id=u failed"})
	if !errors.Is(err, sdk.ErrNotConnected) {
		t.Fatalf("err = %v, want %v", err, sdk.ErrNotConnected)
	}
	if errors.Is(err, sdk.ErrTimeout) {
		t.Fatalf("err = %v, want anything but %v", err, sdk.ErrTimeout)
	}
	if got := sdk.CodeOf(err); got != sdk.CodeNotConnected {
		t.Fatalf("sdk.CodeOf(err) = %v, want %v", got, sdk.CodeNotConnected)
	}
	if strings.Contains(err.Error(), "abc") {
		t.Fatalf("the hash is scrubbed: err.Error() = %v, want it without %v", err.Error(), "abc")
	}
	if strings.Contains(err.Error(), "app_key=k&") {
		t.Fatalf("the app key is scrubbed: err.Error() = %v, want it without %v", err.Error(), "app_key=k&")
	}
	if !strings.Contains(err.Error(), "(not_connected, HTTP 400)") {
		t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "(not_connected, HTTP 400)")
	}

	if got, want := sdk.CodeOf(nil), sdk.Code(""); got != want {
		t.Fatalf("sdk.CodeOf(nil) = %v, want %v", got, want)
	}
	if got := sdk.CodeOf(context.Canceled); got != sdk.CodeCancelled {
		t.Fatalf("sdk.CodeOf(context.Canceled) = %v, want %v", got, sdk.CodeCancelled)
	}
	if got := sdk.CodeOf(context.DeadlineExceeded); got != sdk.CodeTimeout {
		t.Fatalf("sdk.CodeOf(context.DeadlineExceeded) = %v, want %v", got, sdk.CodeTimeout)
	}
	if got := sdk.CodeOf(errors.New("boom")); got != sdk.CodeInternal {
		t.Fatalf("sdk.CodeOf(errors.New(\"boom\")) = %v, want %v", got, sdk.CodeInternal)
	}
	if sdk.AsError(nil) != nil {
		t.Fatalf("sdk.AsError(nil) = %v, want nil", sdk.AsError(nil))
	}
	cause := errors.New("cause")
	if !errors.Is(&sdk.Error{Code: sdk.CodeInternal, Err: cause}, cause) {
		t.Fatalf("Unwrap: &sdk.Error{Code: sdk.CodeInternal, Err: cause} = %v, want %v", &sdk.Error{Code: sdk.CodeInternal, Err: cause}, cause)
	}
	if n := len(sdk.Codes()); n != 21 {
		t.Fatalf("len(sdk.Codes()) = %d, want %d", n, 21)
	}
	if got := sdk.NewError(sdk.CodeTimeout, "x").Error(); got != "sdk: x (timeout)" {
		t.Fatalf("sdk.NewError(sdk.CodeTimeout, \"x\").Error() = %v, want %v", got, "sdk: x (timeout)")
	}
}

func TestCallResultErr(t *testing.T) {
	t.Parallel()
	ok := &sdk.CallResult{Executed: true}
	if err := ok.Err(); err != nil {
		t.Fatalf("ok.Err(): %v", err)
	}
	notConnected := &sdk.CallResult{Error: "Could not call", ErrorDetails: doc(t, `["User has not connected their Pipedrive account."]`)}
	if !errors.Is(notConnected.Err(), sdk.ErrNotConnected) {
		t.Fatalf("notConnected.Err() = %v, want %v", notConnected.Err(), sdk.ErrNotConnected)
	}
	missing := &sdk.CallResult{Error: "Could not call", ErrorDetails: doc(t, `{"name":"required"}`)}
	if !errors.Is(missing.Err(), sdk.ErrInvalidArgument) {
		t.Fatalf("missing.Err() = %v, want %v", missing.Err(), sdk.ErrInvalidArgument)
	}
	jsonEq(t, `{"name":"required"}`, missing.Err().(*sdk.Error).Details)

	// The message names each parameter error_details names, in its order.
	for details, want := range map[string]string{
		`{"city":"This parameter is required and must not be null or empty","days":["Must be at most 16.","Must be a number."]}`: "sdk: Invalid input: city: This parameter is required and must not be null or empty; days: Must be at most 16., Must be a number. (invalid_argument, HTTP 400)",
		`["User has not connected their Pipedrive account."]`:                                                                    "sdk: Invalid input: User has not connected their Pipedrive account. (not_connected, HTTP 400)",
		`"just a string"`: "sdk: Invalid input: just a string (invalid_argument, HTTP 400)",
	} {
		r := &sdk.CallResult{Error: "Invalid input", ErrorDetails: doc(t, details)}
		if got := r.Err().Error(); got != want {
			t.Fatalf("%v: r.Err().Error() = %v, want %v", details, got, want)
		}
	}
	if got := (&sdk.CallResult{Error: "Invalid input"}).Err().Error(); got != "sdk: Invalid input (invalid_argument, HTTP 400)" {
		t.Fatalf("(&sdk.CallResult{Error: \"Invalid input\"}).Err().Error() = %v, want %v", got, "sdk: Invalid input (invalid_argument, HTTP 400)")
	}
	if got := (&sdk.CallResult{Error: "Invalid input.", ErrorDetails: doc(t, `{"city":"required"}`)}).Err().Error(); got != "sdk: Invalid input. city: required (invalid_argument, HTTP 400)" {
		t.Fatalf("(&sdk.CallResult{Error: \"Invalid input.\", ErrorDetails: d... = %v, want %v", got, "sdk: Invalid input. city: required (invalid_argument, HTTP 400)")
	}
}

func TestFunctionKeepsTheServersJSON(t *testing.T) {
	t.Parallel()
	in := `{"name":"f", "description":"d","parameters":{"properties":{"z":{},"a":{}}},"extra":1}`
	c, _ := newRecorded(t, map[string]canned{"GET /functions/f/get/": {status: 200, body: in}}, nil)
	f, err := c.GetFunction(t.Context(), "f", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(f.Doc.JSON()); got != in {
		t.Fatalf("key order, spacing and unknown fields survive: string(f.Doc.JSON()) = %v, want %v", got, in)
	}
	if f.Description != "d" {
		t.Fatalf("f.Description = %v, want %v", f.Description, "d")
	}
	props := f.Parameters.Get("properties")
	if got, want := []string{props.Key(0), props.Key(1)}, ([]string{"z", "a"}); !reflect.DeepEqual(got, want) {
		t.Fatalf("keys in document order: []string{props.Key(0), props.Key(1)} = %v, want %v", got, want)
	}
	out, err := json.Marshal(f.Doc)
	if err != nil {
		t.Fatal(err)
	}
	jsonEq(t, in, []byte(string(out)))
}

func TestAppJSONKeepsUnknownFieldsAndOrdersAccounts(t *testing.T) {
	t.Parallel()
	body := `{"id":7,"name":"slack","beta":true,"connected_accounts":[` +
		`{"id":1,"display_name":"old","modified_at":"2024-01-01T00:00:00Z","x":1},` +
		`{"id":2,"display_name":"new","modified_at":"2025-01-01T00:00:00Z"}]}`
	c, _ := newRecorded(t, map[string]canned{"POST /apps/slack/get/": {status: 200, body: body}}, nil)
	app, err := c.GetApp(t.Context(), "slack")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []int64{app.ConnectedAccounts[0].ID, app.ConnectedAccounts[1].ID}, ([]int64{2, 1}); !reflect.DeepEqual(got, want) {
		t.Fatalf("[]int64{app.ConnectedAccounts[0].ID, app.ConnectedAccount... = %v, want %v", got, want)
	}
	if app.AsSent() {
		t.Fatalf("the server's order was not newest first: want not app.AsSent()")
	}
	jsonEq(t, `{"id":7,"name":"slack","beta":true,"connected_accounts":[`+
		`{"id":2,"display_name":"new","modified_at":"2025-01-01T00:00:00Z"},`+
		`{"id":1,"display_name":"old","modified_at":"2024-01-01T00:00:00Z","x":1}]}`, app.JSON())
	app.ConnectedAccountID = "2"
	if !strings.Contains(string(app.JSON()), `"connected_account_id":"2"`) {
		t.Fatalf("string(app.JSON()) = %v, want it to contain %v", string(app.JSON()), `"connected_account_id":"2"`)
	}

	sorted := `{"id":7,"name":"slack","connected_accounts":[{"id":2,"modified_at":"2025-01-01T00:00:00Z"},{"id":1}]}`
	c, _ = newRecorded(t, map[string]canned{"POST /apps/slack/get/": {status: 200, body: sorted}}, nil)
	app, err = c.GetApp(t.Context(), "slack")
	if err != nil {
		t.Fatal(err)
	}
	if !(app.AsSent()) {
		t.Fatalf("newest first already: the server's object can go as it is: want app.AsSent()")
	}
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
		if got := errCode(t, err); got != sdk.CodeServerError {
			t.Fatalf("%v: errCode(t, err) = %v, want %v", name, got, sdk.CodeServerError)
		}
	}
}

func TestHeaderIgnoresCase(t *testing.T) {
	t.Parallel()
	h := sdk.Header{"content-type": "a"}
	if got := h.Get("Content-Type"); got != "a" {
		t.Fatalf("h.Get(\"Content-Type\") = %v, want %v", got, "a")
	}
	h.Set("Content-Type", "b")
	if want := (sdk.Header{"Content-Type": "b"}); !reflect.DeepEqual(h, want) {
		t.Fatalf("h = %v, want %v", h, want)
	}
	h.Del("CONTENT-TYPE")
	if len(h) != 0 {
		t.Fatalf("h = %v, want empty", h)
	}
	if got := h.Get("x"); got != "" {
		t.Fatalf("h.Get(\"x\") = %v, want %v", got, "")
	}
}

func TestOrigin(t *testing.T) {
	t.Parallel()
	if got := sdk.Origin("https://app.integry.io/auth/x?y"); got != "https://app.integry.io" {
		t.Fatalf("sdk.Origin(\"https://app.integry.io/auth/x?y\") = %v, want %v", got, "https://app.integry.io")
	}
	if got := sdk.Origin("http://127.0.0.1:8080"); got != "http://127.0.0.1:8080" {
		t.Fatalf("sdk.Origin(\"http://127.0.0.1:8080\") = %v, want %v", got, "http://127.0.0.1:8080")
	}
	if got := sdk.Origin("/relative"); got != "" {
		t.Fatalf("sdk.Origin(\"/relative\") = %v, want %v", got, "")
	}
	if got := sdk.Origin("::"); got != "" {
		t.Fatalf("sdk.Origin(\"::\") = %v, want %v", got, "")
	}
}
