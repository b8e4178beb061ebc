package sandbox_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// deepJSON is an object nested n levels deep.
func deepJSON(n int) string {
	return strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1)
}

// Every endpoint that reads a JSON body (E4 reads none) answers 400 naming the limit for a
// body nested deeper than jsonx.MaxDepth, and 413 naming the size limit for
// one too large; a body at the depth limit is read as usual (issue 12).
func TestBodiesNestedTooDeepOrTooLarge(t *testing.T) {
	sb := sandboxtest.New(t)
	paths := []string{
		"/apps/list/", "/functions/list/", "/functions/predict/",
		"/functions/open-meteo-get-forecast/get/", "/functions/open-meteo-get-forecast/call/",
	}
	for _, p := range paths {
		for _, body := range []string{deepJSON(jsonx.MaxDepth + 1), deepJSON(5000), strings.Repeat("[", 60000)} {
			r := api(t, sb, "u1", "POST", p, body)
			if r.status != 400 || !strings.Contains(string(r.body), "nested deeper than "+strconv.Itoa(jsonx.MaxDepth)+" levels") {
				t.Errorf("POST %s with %d bytes nested: %d %s, want 400 naming the limit", p, len(body), r.status, r.body)
			}
		}
		r := api(t, sb, "u1", "POST", p, `{"x":`+strings.Repeat(" ", 2<<20)+`1}`)
		if r.status != 413 || !strings.Contains(string(r.body), "larger than") {
			t.Errorf("POST %s with 2 MB: %d %s, want 413 naming the limit", p, r.status, r.body)
		}
	}
	// At the limit, the body is read: the call is refused for its
	// parameters, not for its depth.
	r := api(t, sb, "u1", "POST", "/functions/open-meteo-get-forecast/call/", `{"city":"berlin","x":`+deepJSON(jsonx.MaxDepth-1)+`}`)
	if strings.Contains(string(r.body), "nested deeper") {
		t.Errorf("a body at the limit: %d %s", r.status, r.body)
	}
	// The fault API reads JSON bodies too.
	r = send(t, "POST", sb.URL+"/_sandbox/faults", deepJSON(5000))
	if r.status != 400 || !strings.Contains(string(r.body), "nested deeper") {
		t.Errorf("POST /_sandbox/faults nested 5,000 levels: %d %s", r.status, r.body)
	}
}
