//go:build js && wasm

package jsbridge

import (
	"context"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/integry-go/integry/internal/contract"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/web/loader"
)

// fakeHost installs the imports request and abort: request records its
// arguments in globalThis.requestLog and answers through the respond entry
// (web/loader/abi.mjs) with answer(id, args), a JavaScript function
// returning [status, headers, body, failure], or never when answer returns
// null.
func fakeHost(t *testing.T, answer string) {
	t.Helper()
	b := installABI(t)
	h := js.Global().Get("Object").Call("assign", js.ValueOf(map[string]any{}), b.Get("host"))
	h.Set("request", evalJS(t, `(() => { globalThis.requestLog = []; globalThis.aborted = [];
	  const answer = `+answer+`;
	  return (id, whole, limit, timeout, at, n) => {
	    const spec = testBridge.textAt(at, n);
	    requestLog.push({spec, whole, limit});
	    const url = spec.split("\0")[1];
	    const a = answer(id, {url, whole});
	    if (a) setTimeout(() => testBridge.respond(id, a[0], a[1], a[2], a[3], 0), 0);
	  };
	})()`))
	h.Set("abort", evalJS(t, `(id) => aborted.push(id)`))
	useHost(h)
	t.Cleanup(func() { useHost(b.Get("host")) })
}

func TestFetchIsOneCrossingOutAndOneBack(t *testing.T) {
	// The headers Go reads come as the values of contract.AnswerHeaders
	// (X-Credits, Retry-After), NUL between them.
	fakeHost(t, `() => [201, "3\0" + "7", {ok: true}]`)
	resp, err := Fetch{}.Do(context.Background(), &sdk.Request{
		Method: "POST", URL: "https://api.example/functions/f/call/?app_key=k",
		Header: sdk.Header{"Content-Type": "application/json"}, Body: []byte(`{"text":"héllo"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || resp.Header.Get("X-Credits") != "3" || resp.Header.Get("Retry-After") != "7" || len(resp.Header) != 2 || resp.Body.Get("ok").Text() != "true" {
		t.Errorf("response %d %v %s", resp.StatusCode, resp.Header, resp.Body.JSON())
	}
	log := evalJS(t, `JSON.stringify(requestLog)`).String()
	// The request is one string: method, URL, the headers, an empty name,
	// then "+" and the body (web/loader/loader.mjs reads it back).
	want := `[{"spec":"POST\u0000https://api.example/functions/f/call/?app_key=k\u0000Content-Type\u0000application/json\u0000\u0000+{\"text\":\"héllo\"}","whole":0,"limit":67108864}]`
	if log != want {
		t.Errorf("request\n got %s\nwant %s", log, want)
	}
}

func TestFetchReadsWholeBodiesInGo(t *testing.T) {
	fakeHost(t, `() => [200, "", '{"name":"f","parameters":{"z":1,"a":2}}']`)
	resp, err := Fetch{}.Do(context.Background(), &sdk.Request{Method: "GET", URL: "https://x/", ReadAll: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(resp.Body.JSON()); got != `{"name":"f","parameters":{"z":1,"a":2}}` {
		t.Errorf("body %s", got)
	}
	// Without a body, the string ends after the empty name: no "+".
	if got := evalJS(t, `JSON.stringify(requestLog[0].spec)`).String(); got != `"GET\u0000https://x/\u0000\u0000"` {
		t.Errorf("a GET's request %s", got)
	}
}

func TestFetchFailures(t *testing.T) {
	fakeHost(t, `(id, r) => r.url.endsWith("/net") ? [0, "", "offline", "network"] : r.url.endsWith("/big") ? [200, "", undefined, "too_large"] : r.url.endsWith("/html") ? [502, "", undefined] : null`)
	_, err := Fetch{}.Do(context.Background(), &sdk.Request{Method: "GET", URL: "https://x/net"})
	if err == nil || err.Error() != "offline" {
		t.Errorf("no answer: %v", err)
	}
	_, err = Fetch{MaxBody: 10}.Do(context.Background(), &sdk.Request{Method: "GET", URL: "https://x/big"})
	if sdk.CodeOf(err) != sdk.CodeServerError {
		t.Errorf("too large: %v", err)
	}
	resp, err := Fetch{}.Do(context.Background(), &sdk.Request{Method: "GET", URL: "https://x/html"})
	if err != nil || resp.StatusCode != 502 || resp.Body != nil {
		t.Errorf("a body that is no JSON is a nil Doc: %v %v", resp, err)
	}
	// A request whose context ends is aborted on the JavaScript side.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := (Fetch{}).Do(ctx, &sdk.Request{Method: "GET", URL: "https://x/slow"}); err != context.DeadlineExceeded {
		t.Errorf("a slow request = %v, want the deadline", err)
	}
	if got := evalJS(t, `aborted.length`).Int(); got != 1 {
		t.Errorf("%d aborts, want 1", got)
	}
	requests.Lock()
	n := len(requests.m)
	requests.Unlock()
	if n != 0 {
		t.Errorf("%d requests still wait for an answer", n)
	}
}

// Start's answer is held by the loader by number: Go reads the members it
// needs, the page's promise settles with the very object the browser
// parsed, and nothing stays held once the callback returns.
func TestStartHoldsTheBodyByNumber(t *testing.T) {
	fakeHost(t, `() => [200, "", {network_code: "200", output: {list: [1, "x"], n: 2.5}, ok: true}]`)
	evalJS(t, `(() => { globalThis.settled = []; globalThis.testSettle = (id, ok, v) => settled.push([id, ok, v]); })()`)
	before := evalJS(t, `testBridge.heldCount()`).Int() // bodies the Do tests keep until collected
	got := make(chan string, 1)
	Fetch{}.Start(&sdk.Request{Method: "POST", URL: "https://x/call"}, func(res *sdk.Response, err error) {
		if err != nil {
			got <- err.Error()
			return
		}
		b := res.Body
		out := b.Get("output")
		got <- b.Get("network_code").Text() + " " + out.Get("list").Index(1).Text() + " " + out.Get("n").Text() + " " +
			strconv.Itoa(out.Len()) + " " + out.Key(0) + " " + b.Get("ok").Text() + " " + string(out.Get("list").JSON())
		if b.Get("missing") != nil || b.Get("toString") != nil {
			t.Error("absent and inherited members are nil")
		}
		Resolve(9, b)
	})
	if s := <-got; s != `200 x 2.5 2 list true [1,"x"]` {
		t.Errorf("read %q", s)
	}
	if n := evalJS(t, `testBridge.heldCount()`).Int(); n != before {
		t.Errorf("%d values still held after the answer, want %d", n, before)
	}
	if !evalJS(t, `settled.length === 1 && settled[0][0] === 9 && settled[0][1] === true && settled[0][2].output.list[1] === "x"`).Bool() {
		t.Error("the promise did not settle with the parsed body")
	}
}

// An answer's headers come as the values of contract.AnswerHeaders, in
// order: an absent one is empty, and none at all is no map.
func TestAnswerHeader(t *testing.T) {
	if h := answerHeader(""); h != nil {
		t.Errorf("no headers = %v, want nil", h)
	}
	if h := answerHeader("\x0012"); len(h) != 1 || h["Retry-After"] != "12" {
		t.Errorf("only Retry-After = %v", h)
	}
	if h := answerHeader("5"); len(h) != 1 || h.Get("x-credits") != "5" {
		t.Errorf("only X-Credits = %v", h)
	}
}

// The loader finds the headers Go reads in getAllResponseHeaders
// (web/loader/transport.mjs, answerHeaders), and joins their values as
// answerHeader reads them.
func TestLoaderPassesTheAnswerHeaders(t *testing.T) {
	src, err := fs.ReadFile(loader.Sources, "transport.mjs")
	if err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile(`(?m)^import .*$|^export `).ReplaceAllString(string(src), "")
	find := js.Global().Get("Function").New(strings.ReplaceAll(contract.JS(nil), "export ", "") + body + "\nreturn answerHeaders;").Invoke()
	for all, want := range map[string]sdk.Header{
		"content-type: application/json\r\nretry-after: 30\r\nx-credits: 2\r\n": {"X-Credits": "2", "Retry-After": "30"},
		"x-credits: 1":                     {"X-Credits": "1"},
		"date: x\r\nx-session-id: s\r\n":   nil,
		"":                                 nil,
		"retry-after: 5\r\nx-credits-x: 9": {"Retry-After": "5"},
	} {
		xhr := js.ValueOf(map[string]any{})
		xhr.Set("getAllResponseHeaders", js.FuncOf(func(js.Value, []js.Value) any { return all }))
		got := answerHeader(find.Invoke(xhr).String())
		if len(got) != len(want) || (want == nil) != (got == nil) {
			t.Errorf("%q: %v, want %v", all, got, want)
			continue
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%q: %s = %q, want %q", all, k, got[k], v)
			}
		}
	}
}
