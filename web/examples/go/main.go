// Command go is the Go quick start of the README, runnable against the
// sandbox that `make demo` starts:
//
//	make demo                      # terminal 1
//	go run ./web/examples/go       # terminal 2
//
// It calls a function that needs no login (Open-Meteo), shows what Err says
// about a call Integry refuses to run, connects Slack through the sandbox's
// consent endpoint (the sandbox's stand-in for the person who presses
// Allow in a browser; docs/sandbox.md#connect-without-a-browser), posts a
// message and pages through the channel's history.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/authhash"
	"github.com/integry-go/integry/sdk/nethttp"
)

func main() {
	base := flag.String("sandbox", "http://127.0.0.1:8080", "the sandbox's URL (Integry's own hosts are the defaults of sdk.Config)")
	user := flag.String("user", "example-go", "the user to act for")
	appKey := flag.String("app-key", "sandbox-app-key", "the app key")
	appSecret := flag.String("app-secret", "sandbox-app-secret", "the app secret (on your server only)")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, *base, *user, *appKey, *appSecret); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, base, user, appKey, appSecret string) error {
	// The hash is HMAC-SHA256 of the user ID keyed with the app secret.
	// Note the order: Go's authhash.Compute(secret, userID), JavaScript's
	// IntegryJS.Helpers.getAuthHash(userId, secret).
	hash := authhash.Compute(appSecret, user)
	client, err := nethttp.NewClient(sdk.Config{AppKey: appKey, Hash: hash, UserID: user,
		BaseURL: base, APIBaseURL: base}) // leave both empty for Integry itself
	if err != nil {
		return err
	}

	// 1. A function that needs no login.
	res, err := client.CallFunction(ctx, "open-meteo-get-forecast", []byte(`{"city":"berlin","days":3}`), nil)
	if err != nil {
		return err // a transport or server failure: a coded *sdk.Error
	}
	if err := res.Err(); err != nil {
		return err // Integry refused to run it
	}
	fmt.Fprintf(w, "Berlin, the next 3 days: %s\n", res.Output.Get("daily").Get("temperature_2m_max").JSON())

	// 2. A call Integry refuses to run resolves; Err says why, by field.
	res, err = client.CallFunction(ctx, "open-meteo-get-forecast", []byte(`{"days":3}`), nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Without a city: %v\n", res.Err())

	// 3. Connect Slack. With Integry a person does it in the browser
	// (connectApp); the sandbox also takes the consent form from a program.
	if ok, err := client.IsAppConnected(ctx, "slack"); err != nil {
		return err
	} else if !ok {
		if err := connectInSandbox(ctx, base, "slack", url.Values{"app_key": {appKey}, "hash": {hash}, "user_id": {user}}); err != nil {
			return err
		}
		fmt.Fprintln(w, "Connected Slack through the sandbox's consent endpoint.")
	}

	// 4. Post a message, then page through the channel's history: a new
	// account starts with the sandbox's sample messages.
	res, err = client.CallFunction(ctx, "slack-post-message", []byte(`{"channel":"C01GENERAL","text":"Hello from Go"}`), nil)
	if err != nil {
		return err
	}
	if err := res.Err(); err != nil {
		return err
	}
	fmt.Fprintf(w, "Posted: network_code %s\n", res.NetworkCode)
	pages, messages := 0, 0
	for page, err := range client.CallPages(ctx, "slack-get-conversation-history", []byte(`{"channel":"C01GENERAL","limit":5}`), nil) {
		if err != nil {
			return err
		}
		pages++
		messages += page.Output.Len()
	}
	fmt.Fprintf(w, "#general: %d messages over %d pages of 5\n", messages, pages)
	return nil
}

// connectInSandbox presses Allow on the sandbox's consent page for app, as a
// program: a form POST with Accept: application/json and no Origin header.
// Real Integry has no such endpoint.
func connectInSandbox(ctx context.Context, base, app string, creds url.Values) error {
	form := url.Values{"decision": {"allow"}, "display_name": {creds.Get("user_id") + "@" + app + ".example"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/sandbox/login/"+url.PathEscape(app)+"/?"+creds.Encode(), strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("connecting %s: %s: %s", app, resp.Status, b)
	}
	return nil
}
