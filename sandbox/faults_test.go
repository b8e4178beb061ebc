package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
)

func TestFaultStatusHitsTheGivenFractionOfRequests(t *testing.T) {
	sb := sandboxtest.New(t)
	f := sb.AddFault(t, sandbox.Fault{Path: "/functions/*/call", Status: 503, Fraction: 0.5})
	var got []int
	var last reply
	for range 6 {
		last = api(t, sb, "u", "POST", "/functions/open-meteo-get-forecast/call/", `{"city":"berlin"}`)
		got = append(got, last.status)
	}
	if want := []int{200, 503, 200, 503, 200, 503}; jsonOf(got) != jsonOf(want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	wantJSON(t, last, `{"detail": "Injected fault 1."}`)
	if n := len(sb.Calls(t, "u")); n != 3 {
		t.Fatalf("%d calls logged, want the 3 that got through", n)
	}
	// Other paths are untouched, and so is /_sandbox/.
	wantStatus(t, api(t, sb, "u", "GET", "/verify-sdk-config/", ""), 200)
	r := send(t, "GET", sb.URL+"/_sandbox/faults", "")
	var list struct{ Faults []sandbox.Fault }
	json.Unmarshal(r.body, &list)
	if len(list.Faults) != 1 || list.Faults[0].ID != f.ID || list.Faults[0].Hits != 3 {
		t.Fatalf("list %s", r.body)
	}
	sb.ResetFaults(t)
	if len(sb.Server.Faults()) != 0 {
		t.Fatal("reset left faults")
	}
	wantStatus(t, api(t, sb, "u", "POST", "/functions/open-meteo-get-forecast/call/", `{"city":"berlin"}`), 200)
}

func jsonOf(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestFaultDropClosesTheConnection(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.AddFault(t, sandbox.Fault{Path: "/apps/*/get", Method: "post", Drop: true})
	_, err := sb.Client(t, "u", sdk.WithBackoff(time.Millisecond, time.Millisecond)).GetApp(t.Context(), "slack")
	if err == nil {
		t.Fatal("a dropped connection must be an error")
	}
	// A dropped provider call makes the call fail with 502, not executed.
	sb.ResetFaults(t)
	sb.AddFault(t, sandbox.Fault{Path: "/providers/open-meteo/v1/forecast", Drop: true})
	r := api(t, sb, "u", "POST", "/functions/open-meteo-get-forecast/call/", `{"city":"berlin"}`)
	wantStatus(t, r, 502)
	if len(sb.Calls(t, "u")) != 0 {
		t.Fatal("a failed onward call is not logged")
	}
}

func TestFaultLatencyStillAnswers(t *testing.T) {
	sb := sandboxtest.New(t)
	sb.AddFault(t, sandbox.Fault{Path: "/verify-sdk-config", LatencyMS: 20})
	wantStatus(t, api(t, sb, "u", "GET", "/verify-sdk-config/", ""), 200)
	if sb.Server.Faults()[0].Hits != 1 {
		t.Fatal("the latency fault did not fire")
	}
}

func TestFaultsAPIValidatesAndIsLoopbackOnly(t *testing.T) {
	sb := sandboxtest.New(t)
	for _, bad := range []string{`{}`, `{"path":"/x"}`, `{"path":"[","status":500}`, `{"path":"/x","status":1000}`,
		`{"path":"/x","status":500,"drop":true}`, `{"path":"/x","status":500,"fraction":2}`, `nope`} {
		r := send(t, "POST", sb.URL+"/_sandbox/faults", bad)
		if r.status != 400 || r.json(t)["detail"] == nil {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	f := sb.AddFault(t, sandbox.Fault{Path: "*", LatencyMS: 1})
	wantStatus(t, send(t, "DELETE", sb.URL+"/_sandbox/faults/"+jsonOf(f.ID), ""), 204)
	wantStatus(t, send(t, "DELETE", sb.URL+"/_sandbox/faults/"+jsonOf(f.ID), ""), 404)
	// From another machine the faults and the demo session are forbidden.
	for _, p := range []string{"/_sandbox/faults", "/_sandbox/session"} {
		req := httptest.NewRequest("GET", p, nil)
		req.RemoteAddr = "192.0.2.7:4000"
		req.Host = "127.0.0.1:8080" // an allowed name, so the loopback check is what refuses
		w := httptest.NewRecorder()
		sb.Server.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusForbidden {
			t.Errorf("%s from afar: %d", p, w.Code)
		}
	}
}
