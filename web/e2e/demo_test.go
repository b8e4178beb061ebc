//go:build !js

package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/web"
)

// demoEnv serves the demo page (web.Demo(), what `make demo` embeds) at /
// and the freshly built bundle at /sdk/, on an origin other than the
// sandbox's; the page finds the sandbox through ?sandbox=.
func demoEnv(t *testing.T) *env {
	dist := bundle(t)
	e := newEnv(t)
	e.pages.Handle("/sdk/", http.StripPrefix("/sdk", http.FileServerFS(os.DirFS(dist))))
	e.mount("/", web.Demo())
	return e
}

func (e *env) demoURL(user string) string {
	return e.pageURL + "/?" + url.Values{"sandbox": {e.sb.URL}, "user": {user}}.Encode()
}

// pickInDemo chooses a function in the demo's picker, as a person would.
func pickInDemo(e *env, function string) {
	e.t.Helper()
	fn, _ := json.Marshal(function)
	e.do("pick "+function, enabled(css(`#fn-name`)),
		script(`(() => {
			const s = document.querySelector("#fn-name");
			s.value = `+string(fn)+`;
			if (s.value !== `+string(fn)+`) throw new Error("no such function in the picker");
			s.dispatchEvent(new Event("change", { bubbles: true }));
		})()`))
}

func TestDemoJourney(t *testing.T) {
	e := demoEnv(t)
	rep := e.journey(wayIn{url: e.demoURL("e2e-demo"), pick: pickInDemo, persons: `#invoke`}, "e2e-demo")
	e.noConsoleErrors(nil)
	t.Logf("demo: ready in %v (page: %v), journey in %v, %d persons over %d pages", rep.ready, rep.pageReady, rep.total, rep.personsN, rep.pages)
}

// TestDemoJourneyWithFaults runs the same journey while the sandbox is slow
// (150 ms on every request) and every second read of an app answers 503
// (the journey reads apps a dozen times: connect, accounts, disconnect): the
// SDK's retries hide the failures, and the page's log shows them.
func TestDemoJourneyWithFaults(t *testing.T) {
	e := demoEnv(t)
	reads := []sandbox.Fault{
		e.sb.AddFault(t, sandbox.Fault{Path: "/apps/*/get", Status: http.StatusServiceUnavailable, Fraction: 0.5}),
	}
	e.sb.AddFault(t, sandbox.Fault{Path: "*", LatencyMS: 150})

	rep := e.journey(wayIn{url: e.demoURL("e2e-faults"), pick: pickInDemo, persons: `#invoke`}, "e2e-faults")

	hits := map[int]int{}
	for _, f := range e.sb.Server.Faults() {
		hits[f.ID] = f.Hits
	}
	for _, f := range reads {
		if hits[f.ID] == 0 {
			t.Errorf("fault %d (503 on %s) never fired", f.ID, f.Path)
		}
	}

	// The log lists each request with its status: a 503 followed by a
	// success on the same path is a retry the page survived.
	type request struct {
		Path, Text string
	}
	reqs := eval[[]request](e, `[...document.querySelectorAll("#event-log [data-request]")].map((li) => ({
		Path: li.dataset.request, Text: li.querySelector("pre").textContent }))`)
	failed := map[string]bool{}
	retried := 0
	for _, r := range reqs {
		status, _, _ := strings.Cut(r.Text, " ")
		code, _ := strconv.Atoi(status)
		switch {
		case code == http.StatusServiceUnavailable:
			failed[r.Path] = true
		case code >= 200 && code < 300 && failed[r.Path]:
			retried++
			delete(failed, r.Path)
		}
	}
	// WebKit's Resource Timing has no responseStatus (docs/design.md,
	// "Engine differences"): there the log cannot show a status, and the
	// fault hits above are the proof that the SDK retried.
	if !eval[bool](e, `"responseStatus" in PerformanceResourceTiming.prototype`) {
		t.Logf("%s exposes no responseStatus: the log shows no statuses", e.b.Engine())
	} else if retried == 0 {
		t.Errorf("the page's log shows no 503 followed by a success on the same path; requests logged:\n%v", reqs)
	}
	e.noConsoleErrors(networkStatus(http.StatusServiceUnavailable))
	t.Logf("demo with faults: ready in %v, journey in %v, %d retried reads in the log, fault hits %v", rep.ready, rep.total, retried, hits)
}

// TestDemoErrorCases presses each button of the error panel and checks the
// coded outcome. The clicks come from script, without a user gesture, so
// the blocked-popup case is blocked at once.
func TestDemoErrorCases(t *testing.T) {
	e := demoEnv(t)
	e.do("open the demo", navigate(e.demoURL("e2e-errors")),
		visible(css(`body[data-sdk="ready"]`)))
	cases := []struct {
		name, kind, code string
	}{
		{"popup", "error", "popup_blocked"},
		{"bad-params", "error", "invalid_argument"},
		{"missing-param", "refused", ""},
		{"not-connected", "error", "not_connected"},
		{"unknown-fn", "error", "function_not_found"},
	}
	for _, c := range cases {
		sel := `[data-case="` + c.name + `"]`
		e.do("run the "+c.name+" case", script(`document.querySelector('`+sel+`').click()`),
			visible(css(`#error-out[data-case="`+c.name+`"]:not([data-kind="loading"])`)))
		out := eval[string](e, `document.querySelector("#error-out").dataset.kind + " " + document.querySelector("#error-out").textContent`)
		kind, body, _ := strings.Cut(out, " ")
		if kind != c.kind {
			t.Errorf("%s: outcome %q, want %q: %s", c.name, kind, c.kind, body)
			continue
		}
		var got struct {
			Name  string          `json:"name"`
			Code  string          `json:"code"`
			Error json.RawMessage `json:"error"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Errorf("%s: the outcome is not JSON: %v\n%s", c.name, err, body)
			continue
		}
		if c.kind == "error" && (got.Name != "IntegryError" || got.Code != c.code) {
			t.Errorf("%s: rejected with name %q code %q, want IntegryError %q", c.name, got.Name, got.Code, c.code)
		}
		if c.kind == "refused" && len(got.Error) == 0 {
			t.Errorf("%s: resolved without error: %s", c.name, body)
		}
	}
	// The refused call (400) and the unknown function (404) are answers the
	// page shows; the browser still logs their status.
	e.noConsoleErrors(networkStatus(http.StatusBadRequest, http.StatusNotFound))
}

// TestDemoServedBySandbox runs the journey the way `make demo` serves the
// page: the sandbox itself serves the demo at / and the bundle at /sdk/, on
// its one origin (same-origin requests, the page's default sandbox).
func TestDemoServedBySandbox(t *testing.T) {
	dist := bundle(t)
	e := newEnv(t, sandboxtest.WithMount("/sdk/", os.DirFS(dist)), sandboxtest.WithMount("/", web.Demo()))
	rep := e.journey(wayIn{url: e.sb.URL + "/?user=e2e-same-origin", pick: pickInDemo, persons: `#invoke`}, "e2e-same-origin")
	e.noConsoleErrors(nil)
	// The wasm arrived as one of its precompressed files, sent as they are:
	// the bytes on the wire are that file's, and the browser decoded them.
	sizes := eval[[]int](e, `(() => {
		const r = performance.getEntriesByType("resource").find((r) => new URL(r.name).pathname === "/sdk/integry.wasm");
		return r ? [r.encodedBodySize, r.decodedBodySize] : [];
	})()`)
	size := func(name string) int {
		st, err := os.Stat(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		return int(st.Size())
	}
	coding := map[int]string{size("integry.wasm.br"): "br", size("integry.wasm.gz"): "gzip"}
	if len(sizes) != 2 || sizes[1] != size("integry.wasm") || coding[sizes[0]] == "" {
		t.Fatalf("integry.wasm: encoded and decoded sizes %v; want the size of integry.wasm.br (%d) or .gz (%d), and %d",
			sizes, size("integry.wasm.br"), size("integry.wasm.gz"), size("integry.wasm"))
	}
	t.Logf("demo on the sandbox's origin: wasm %d bytes as %s; ready in %v (page: %v), journey in %v", sizes[0], coding[sizes[0]], rep.ready, rep.pageReady, rep.total)
}

// TestDemoStartsAUserOver: "Start this user over" calls POST /_sandbox/reset
// with the page's session and reloads; the user's accounts are gone, and a
// new connect brings the sample data back.
func TestDemoStartsAUserOver(t *testing.T) {
	e := demoEnv(t)
	const user = "e2e-reset"
	e.connectPipedrive(user)
	card := `#marketplace li.integry-app-card[data-app="pipedrive"]`
	e.do("open the demo", navigate(e.demoURL(user)),
		visible(css(`body[data-sdk="ready"]`)), visible(css(card+` .integry-badge-connected`)))
	eval[bool](e, `window.beforeReset = true`)
	// The page reloads after the reset: waitFor retries while it navigates.
	e.do("start the user over", enabled(css(`#reset-user`)), click(css(`#reset-user`)),
		waitFor("the reloaded page ready", `!window.beforeReset && document.body.dataset.sdk === "ready"`),
		visible(css(card+` button.integry-connect`)))
	if ok, err := e.sb.Client(t, user).IsAppConnected(t.Context(), "pipedrive"); err != nil || ok {
		t.Errorf("after the reset the sandbox says pipedrive connected = %v (%v)", ok, err)
	}
	e.noConsoleErrors(nil)
}
