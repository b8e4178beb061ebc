//go:build js && wasm

package jsbridge

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
)

// fakeFetch records each call in globalThis.fetchLog and answers with a
// Response built by the JavaScript function respond(url, init).
func fakeFetch(t *testing.T, respond string) Fetch {
	t.Helper()
	f := evalJS(t, `globalThis.fetchLog = []; (url, init) => {
	  const hs = {}; for (const k in init.headers) hs[k] = init.headers[k];
	  fetchLog.push({url, method: init.method, credentials: init.credentials, referrerPolicy: init.referrerPolicy,
	    headers: hs, body: init.body ? new TextDecoder().decode(init.body) : null, hasSignal: !!init.signal});
	  return (`+respond+`)(url, init);
	}`)
	return Fetch{Func: f}
}

func TestFetchSendsTheRequestAndReadsTheResponse(t *testing.T) {
	tr := fakeFetch(t, `() => new Response('{"ok":true}', {status: 201, headers: {"X-Credits": "3", "Content-Type": "application/json"}})`)
	resp, err := tr.Do(context.Background(), &sdk.Request{
		Method: "POST", URL: "https://api.example/functions/f/call/?app_key=k",
		Header: sdk.Header{"Content-Type": "application/json", "Accept-Language": "en"},
		Body:   []byte(`{"text":"héllo"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 || string(body) != `{"ok":true}` || resp.Header.Get("X-Credits") != "3" {
		t.Errorf("response = %d %s %v", resp.StatusCode, body, resp.Header)
	}
	log := jsonOf(t, evalJS(t, `fetchLog[0]`))
	want := `{"url":"https://api.example/functions/f/call/?app_key=k","method":"POST","credentials":"omit","referrerPolicy":"no-referrer",` +
		`"headers":{"Content-Type":"application/json","Accept-Language":"en"},"body":"{\"text\":\"héllo\"}","hasSignal":true}`
	if log != want && log != `{"url":"https://api.example/functions/f/call/?app_key=k","method":"POST","credentials":"omit","referrerPolicy":"no-referrer","headers":{"Accept-Language":"en","Content-Type":"application/json"},"body":"{\"text\":\"héllo\"}","hasSignal":true}` {
		t.Errorf("fetch saw %s\nwant %s", log, want)
	}
}

func TestFetchErrorsAndAborts(t *testing.T) {
	tr := fakeFetch(t, `() => Promise.reject(new TypeError("Failed to fetch"))`)
	if _, err := tr.Do(context.Background(), &sdk.Request{Method: "GET", URL: "https://x/"}); err == nil || err.Error() != "Failed to fetch" {
		t.Errorf("a failed fetch = %v, want its message", err)
	}
	// A fetch that only ends when aborted: the context's end aborts it.
	tr = fakeFetch(t, `(url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => { globalThis.aborted = true; reject(init.signal.reason); }))`)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := tr.Do(ctx, &sdk.Request{Method: "GET", URL: "https://x/"})
	if err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("Do past the deadline = %v after %v", err, time.Since(start))
	}
	time.Sleep(10 * time.Millisecond)
	if b, _ := evalJS(t, `globalThis.aborted === true`).Bool(); !b {
		t.Error("the AbortController was not aborted when the context ended")
	}
}

// The Fetch transport drives an sdk.Client end to end.
func TestFetchUnderTheClient(t *testing.T) {
	tr := fakeFetch(t, `(url) => new Response(url.includes("/apps/slack/get/") ? '{"id":1,"name":"slack","connected_accounts":[]}' : '{"detail":"App not found"}', {status: url.includes("/apps/slack/") ? 200 : 404})`)
	c, err := sdk.NewClient(sdk.Config{AppKey: "k", Hash: "h", UserID: "u", BaseURL: "https://x"}, sdk.WithTransport(tr))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := c.IsAppConnected(context.Background(), "slack"); err != nil || ok {
		t.Errorf("IsAppConnected = %v, %v", ok, err)
	}
	if _, err := c.GetApp(context.Background(), "nope"); sdk.CodeOf(err) != sdk.CodeAppNotFound {
		t.Errorf("GetApp(nope) = %v, want app_not_found", err)
	}
}
