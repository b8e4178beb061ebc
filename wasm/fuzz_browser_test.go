//go:build !js

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integry-go/integry/internal/jsonx"
)

// The fuzz lane for the JavaScript API (issue 12). Generated values go into
// every public method of IntegryJS, its eventEmitter and Helpers; for each
// case the promise must settle (or a documented TypeError be thrown), the
// page must not navigate, nothing may go uncaught and the Go program must
// still run. `make test` runs the corpus and a few hundred seeded cases;
// `make fuzz-browser` runs thousands with a fresh seed:
//
//	INTEGRY_FUZZ_CASES   how many generated cases (default 300)
//	INTEGRY_FUZZ_SEED    the generator's seed (default 12; "time" for a new one)
//	INTEGRY_FUZZ_FAILED  a file that receives every failing case as a corpus line
//
// A case is JavaScript source built from the fz* helpers of
// testdata/fuzz/harness.js, so every failure prints a case that reproduces
// it; testdata/fuzz/corpus.jsonl keeps those that found a bug, and runs
// first every time.

// fuzzCase is one call: target is "instance", "emitter", "helpers",
// "static" or "new" (see fzRun in harness.js), args the source of its
// arguments, found what it found when it went into the corpus.
type fuzzCase struct {
	Target string `json:"target"`
	Method string `json:"method"`
	Args   string `json:"args"`
	Found  string `json:"found,omitempty"`
}

func (c fuzzCase) String() string {
	switch c.Target {
	case "instance":
		return "fz." + c.Method + "(" + c.Args + ")"
	case "emitter":
		return "fz.eventEmitter." + c.Method + "(" + c.Args + ")"
	case "helpers":
		return "IntegryJS.Helpers." + c.Method + "(" + c.Args + ")"
	case "static":
		return "IntegryJS." + c.Method + "(" + c.Args + ")"
	}
	return "new IntegryJS(" + c.Args + ")"
}

// fuzzReport is what fzRun resolves.
type fuzzReport struct {
	Outcome  string   `json:"outcome"`
	Problems []string `json:"problems"`
}

func TestFuzzJSAPI(t *testing.T) {
	n := 300
	if s := os.Getenv("INTEGRY_FUZZ_CASES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("INTEGRY_FUZZ_CASES=%q: %v", s, err)
		}
	}
	seed := uint64(12)
	switch s := os.Getenv("INTEGRY_FUZZ_SEED"); s {
	case "":
	case "time":
		seed = uint64(time.Now().UnixNano())
	default:
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("INTEGRY_FUZZ_SEED=%q: %v", s, err)
		}
	}
	corpus := readCorpus(t)
	harness, err := os.ReadFile(filepath.Join("testdata", "fuzz", "harness.js"))
	if err != nil {
		t.Fatal(err)
	}
	p := newPage(t)
	p.ok(`(0, eval)(`+jsonx.Quote(string(harness))+`), fz.ready`, nil)

	var failed *os.File
	if path := os.Getenv("INTEGRY_FUZZ_FAILED"); path != "" {
		if failed, err = os.Create(path); err != nil {
			t.Fatal(err)
		}
		defer failed.Close()
	}
	g := fuzzGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	cases := append([]fuzzCase(nil), corpus...)
	for range n {
		cases = append(cases, g.call())
	}
	t.Logf("seed %d: %d corpus cases and %d generated", seed, len(corpus), n)
	start := time.Now()
	bad := 0
	outcomes := map[string]int{}
	for i, c := range cases {
		rep := p.fuzz(c)
		kind, _, _ := strings.Cut(rep.Outcome, ":")
		outcomes[kind]++
		if len(rep.Problems) > 0 {
			bad++
			t.Errorf("case %d (seed %d): %s\n  outcome: %s\n  problems: %q", i, seed, c, rep.Outcome, rep.Problems)
			if failed != nil {
				c.Found = strings.Join(rep.Problems, "; ")
				b, _ := json.Marshal(c)
				fmt.Fprintf(failed, "%s\n", b)
			}
		}
		if i%25 == 24 {
			var healthy bool
			p.ok(`fzHealthy()`, &healthy)
			if !healthy {
				t.Errorf("after case %d a normal call failed", i)
			}
		}
	}
	t.Logf("%d cases in %v, %d with problems", len(cases), time.Since(start).Round(time.Millisecond), bad)
	if testing.Verbose() {
		for k, v := range outcomes {
			t.Logf("  %5d  %s", v, k)
		}
	}
}

// readCorpus reads testdata/fuzz/corpus.jsonl: one case a line, # comments.
func readCorpus(t *testing.T) []fuzzCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "fuzz", "corpus.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []fuzzCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var c fuzzCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("corpus: %s: %v", line, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// fuzz runs one case in the page.
func (p *page) fuzz(c fuzzCase) fuzzReport {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.t.Context(), 90*time.Second)
	defer cancel()
	js := fmt.Sprintf(`fzRun(%s, %s, %s).then((r) => JSON.stringify(r))`, jsonx.Quote(c.Target), jsonx.Quote(c.Method), jsonx.Quote(c.Args))
	var s string
	if err := p.b.Eval(ctx, js, &s); err != nil {
		return fuzzReport{Outcome: "the page did not answer", Problems: []string{err.Error()}}
	}
	var rep fuzzReport
	if err := json.Unmarshal([]byte(s), &rep); err != nil {
		p.t.Fatalf("decoding %s: %v", s, err)
	}
	return rep
}

// fuzzGen generates cases.
type fuzzGen struct{ r *rand.Rand }

func (g fuzzGen) pick(list ...string) string { return list[g.r.IntN(len(list))] }

// Names the sandbox knows, so that some cases get past the name checks and
// reach requests, forms and the marketplace.
var (
	fuzzFunctions = []string{"open-meteo-get-forecast", "slack-post-message", "hubspot-create-contact", "slack-list-conversations"}
	fuzzApps      = []string{"slack", "open-meteo", "hubspot", "pipedrive"}
)

// call generates one case.
func (g fuzzGen) call() fuzzCase {
	switch k := g.r.IntN(100); {
	case k < 8:
		return fuzzCase{Target: "emitter", Method: g.pick("on", "once", "off", "unsub", "offAll", "emit", "listenerCount"), Args: g.args(3, "event")}
	case k < 11:
		return fuzzCase{Target: "helpers", Method: "getAuthHash", Args: g.args(2, "")}
	case k < 12:
		return fuzzCase{Target: "static", Method: "load", Args: g.args(1, "")}
	case k < 17:
		return fuzzCase{Target: "new", Args: g.config()}
	}
	var methods []string
	for _, m := range Methods {
		if !strings.HasPrefix(m, "__") {
			methods = append(methods, m)
		}
	}
	methods = append(methods, "paginate", "paginate", "destroy", "printVersion")
	m := methods[g.r.IntN(len(methods))]
	first := "function"
	switch m {
	case "isAppConnected", "getConnectedAccounts", "getApp", "connectApp", "disconnectApp", "showConnectedAccounts":
		first = "app"
	case "showApps", "verifyAuthConfig", "destroy", "printVersion":
		first = ""
	}
	return fuzzCase{Target: "instance", Method: m, Args: g.args(6, first)}
}

// args generates up to max arguments; the first is often a real name of
// kind first ("function", "app" or "event").
func (g fuzzGen) args(max int, first string) string {
	n := g.r.IntN(max + 1)
	out := make([]string, n)
	for i := range out {
		out[i] = g.value(0)
		if i == 0 && first != "" && g.r.IntN(2) == 0 {
			switch first {
			case "function":
				out[i] = jsonx.Quote(g.pick(fuzzFunctions...))
			case "app":
				out[i] = jsonx.Quote(g.pick(fuzzApps...))
			case "event":
				out[i] = jsonx.Quote(g.pick("ready", "error", "app-connected", "did-render-function", "x"))
			}
		}
		if i == 1 && first == "function" && g.r.IntN(3) == 0 {
			out[i] = g.object(1, "city", "days", "unit", "text", "channel", "params", "onChangeCallback", "hiddenFields", "signal")
		}
	}
	return strings.Join(out, ", ")
}

// config generates a constructor argument: mostly an object with the
// config's keys, some of them good.
func (g fuzzGen) config() string {
	if g.r.IntN(4) == 0 {
		return g.value(0)
	}
	var kv []string
	for _, k := range []string{"appKey", "hash", "userId", "baseUrl", "baseAPIUrl", "timeout", "retries", "lang", "user"} {
		switch g.r.IntN(5) {
		case 0:
			continue
		case 1:
			kv = append(kv, jsonx.Quote(k)+": "+g.value(1))
		default:
			kv = append(kv, jsonx.Quote(k)+": cfg(\"u-fuzz\")["+jsonx.Quote(k)+"]")
		}
	}
	return "{" + strings.Join(kv, ", ") + "}"
}

// object generates a plain object with keys from keys (and some others).
func (g fuzzGen) object(depth int, keys ...string) string {
	if len(keys) == 0 {
		keys = []string{"a", "params", "signal", "renderMode", "containerId", "toJSON", "__proto__", "constructor",
			"onChangeCallback", "hiddenFields", "visibleFields", "connectedAccountId", "fetchAll", "isReadOnly", "k" + strconv.Itoa(g.r.IntN(100))}
	}
	n := g.r.IntN(5)
	kv := make([]string, n)
	for i := range kv {
		kv[i] = "[" + jsonx.Quote(g.pick(keys...)) + "]: " + g.value(depth+1)
	}
	return "{" + strings.Join(kv, ", ") + "}"
}

// value generates the source of one value; depth bounds the literal
// nesting (deep values come from fzDeep, never from deep source).
func (g fuzzGen) value(depth int) string {
	k := g.r.IntN(100)
	if depth > 3 && k >= 45 {
		k = g.r.IntN(45)
	}
	switch {
	case k < 15:
		return g.pick("undefined", "null", "true", "false", "0", "-0", "1", "-1", "1.5", "NaN", "Infinity", "-Infinity",
			"2 ** 53", "2 ** 53 + 2", "Number.MAX_VALUE", "Number.MIN_VALUE", "1e21", "123456789")
	case k < 32:
		return g.pick(`""`, `" "`, `"slack"`, `"open-meteo-get-forecast"`, `"MODAL"`, `"INLINE"`, `"modal"`, `"fz-box"`,
			`"no-such-id"`, `"\uD800"`, `"<img src=x onerror=window.fzPwned=1>"`, `"__proto__"`, `"x".repeat(1025)`,
			`"x".repeat(1 << 20)`, `"x".repeat(9 << 20)`, `"😀".repeat(600)`, `"123"`, `"-5"`, `" 7 "`, `"1e3"`,
			`"a\u0000b"`, `"javascript:alert(1)"`, `"error"`, `"ready"`)
	case k < 36:
		return g.pick("1n", "2n ** 70n", `Symbol("s")`, "Symbol.iterator")
	case k < 40:
		return "fzFn(" + jsonx.Quote(g.pick("plain", "throws", "async", "destroy", "proxy", "props", "class")) + ")"
	case k < 50:
		return g.object(depth)
	case k < 55:
		n := g.r.IntN(5)
		items := make([]string, n)
		for i := range items {
			items[i] = g.value(depth + 1)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case k < 62:
		return fmt.Sprintf("fzDeep(%s, %q)", g.pick("10", "999", "1000", "1001", "5000", "50000", "300000"), g.pick("object", "array", "mixed"))
	case k < 64:
		return "fzWide(" + g.pick("10000", "200000") + ")"
	case k < 68:
		return "fzCycle(" + jsonx.Quote(g.pick("object", "array", "indirect")) + ")"
	case k < 74:
		return fmt.Sprintf("fzGetter(%q, %q)", g.pick("a", "signal", "params", "toJSON", "renderMode"),
			g.pick("error", "range", "string", "undefined", "proxy", "revoked", "message", "name", "symbol", "bigint", "deep", "self"))
	case k < 80:
		return "fzProxy(" + jsonx.Quote(g.pick("all", "revoked", "array", "keys", "lying", "function", "signal", "empty")) + ")"
	case k < 83:
		return "fzToJSON(" + jsonx.Quote(g.pick("throw", "undefined", "function", "deep", "bigint", "self", "string")) + ")"
	case k < 89:
		return "fzHost(" + jsonx.Quote(g.pick("window", "document", "body", "element", "date", "regexp", "map", "set", "typed",
			"buffer", "promise", "rejected", "error", "nullproto", "frozen", "weakmap", "arguments", "sparse", "holey")) + ")"
	case k < 93:
		return "fzSignal(" + jsonx.Quote(g.pick("aborted", "live", "soon", "throws", "fake", "string")) + ")"
	case k < 96:
		return "fzReentrant(" + jsonx.Quote(g.pick("destroy", "call", "stats", "new", "emit")) + ")"
	case k < 98:
		return "fzHuge(" + jsonx.Quote(g.pick("over", "under", "items", "escapes")) + ")"
	}
	return "fzThrowable(" + jsonx.Quote(g.pick("error", "proxy", "revoked", "message", "symbol", "self")) + ")"
}
