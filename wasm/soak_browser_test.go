//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/internal/jsonx"
)

// soakFigures are what the soak reports at its start and its end.
type soakFigures struct {
	LiveFuncs  int `json:"liveFuncs"`  // Go callbacks JavaScript can call
	Instances  int `json:"instances"`  // live IntegryJS instances in Go
	Goroutines int `json:"goroutines"` // Go goroutines
	HeapAlloc  int `json:"heapAlloc"`  // the Go heap in use, after a GC
	Sys        int `json:"sys"`        // memory the Go runtime took
	WasmMemory int `json:"wasmMemory"` // the WebAssembly memory
	Nodes      int `json:"nodes"`      // the renderer's node table
	Listeners  int `json:"listeners"`  // the renderer's DOM listeners
	Pending    int `json:"pending"`    // the loader's pending promises
	JSHeap     int `json:"jsHeap"`     // the page's JavaScript heap in use, after a GC
}

func (f soakFigures) String() string {
	return fmt.Sprintf("JS heap %.1f MB, wasm memory %.1f MB (Go heap %.1f MB, Go sys %.1f MB), live callbacks %d, goroutines %d, instances %d, renderer nodes %d, listeners %d, pending %d",
		mb(f.JSHeap), mb(f.WasmMemory), mb(f.HeapAlloc), mb(f.Sys), f.LiveFuncs, f.Goroutines, f.Instances, f.Nodes, f.Listeners, f.Pending)
}

func mb(n int) float64 { return float64(n) / (1 << 20) }

// TestSoak runs mixed work in one page for a while: calls, paginate, modal
// and inline forms, the marketplace, refused input, instances destroyed
// mid-flight and a connect and a disconnect through the consent page, each
// round. Then memory (the JavaScript heap and the WebAssembly memory) must
// be flat and every live callback, goroutine, renderer node and listener
// back where it was after the first round. INTEGRY_SOAK is the duration
// (default 20s; `make soak` runs 10m and prints the figures).
func TestSoak(t *testing.T) {
	browsertest.ChromiumOnly(t) // a deep suite, run once; reads the heap through the DevTools protocol
	if testing.Short() {
		t.Skip("-short: the soak runs for a while")
	}
	d := 20 * time.Second
	if s := os.Getenv("INTEGRY_SOAK"); s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			t.Fatalf("INTEGRY_SOAK=%q: %v", s, err)
		}
	}
	src, err := os.ReadFile(filepath.Join("testdata", "soak.js"))
	if err != nil {
		t.Fatal(err)
	}
	p := newPage(t)
	p.ok(`(0, eval)(`+jsonx.Quote(string(src))+`), sk.ready`, nil)
	p.ok(`window.connector = sk, window.connectApp = "slack", null`, nil)

	round := func(k int) int {
		var calls int
		p.ok(fmt.Sprintf(`soakRound(%d)`, k), &calls)
		// A connect through a real click and the consent page, then a
		// disconnect of the new account.
		popup := p.clickConnect()
		if err := clickInPopup(popup, `button[value=allow]`); err != nil {
			t.Fatalf("round %d: allowing in the popup: %v", k, err)
		}
		var app struct {
			Accounts []any `json:"connected_accounts"`
		}
		p.ok(`window.pending.then((id) => sk.disconnectApp("slack", id))`, &app)
		if len(app.Accounts) != 0 {
			t.Fatalf("round %d: after the disconnect the user still has %d accounts", k, len(app.Accounts))
		}
		return calls + 2
	}
	calls := round(0) // warm-up: lazy compilation, caches, the first goroutines
	start := p.soakFigures()
	t.Logf("start (after one round): %v", start)
	began := time.Now()
	rounds := 1
	for time.Since(began) < d {
		calls += round(rounds)
		rounds++
		if rounds%25 == 0 {
			t.Logf("%v: %d rounds, %d calls; %v", time.Since(began).Round(time.Second), rounds, calls, p.soakFigures())
		}
	}
	took := time.Since(began)
	end := p.soakFigures()
	t.Logf("end, after %v (%d rounds: %d calls, %d connects and disconnects, %d instances destroyed mid-flight): %v", took.Round(time.Second), rounds, calls, rounds, rounds, end)
	if b, err := json.Marshal(map[string]any{"duration": took.Round(time.Second).String(), "rounds": rounds, "calls": calls, "start": start, "end": end}); err == nil {
		t.Logf("SOAK %s", b)
	}

	if end.LiveFuncs != start.LiveFuncs || end.Listeners != start.Listeners || end.Instances != start.Instances || end.Pending != 0 {
		t.Errorf("callbacks, listeners, instances or promises leaked: start %v; end %v", start, end)
	}
	if end.Goroutines > start.Goroutines {
		t.Errorf("goroutines went from %d to %d", start.Goroutines, end.Goroutines)
	}
	if end.Nodes > start.Nodes {
		t.Errorf("the renderer holds %d nodes, %d after the first round", end.Nodes, start.Nodes)
	}
	// Flat memory: the WebAssembly memory never shrinks, so it may grow
	// to the high-water mark of a round, never with the rounds; the
	// heaps are measured after a GC.
	if end.WasmMemory > start.WasmMemory+16<<20 || end.HeapAlloc > start.HeapAlloc+1<<20 {
		t.Errorf("Go memory grew: start %v; end %v", start, end)
	}
	if end.JSHeap > start.JSHeap+16<<20 {
		t.Errorf("the JavaScript heap grew: start %v; end %v", start, end)
	}
}

// soakFigures measures, after a garbage collection on both sides.
func (p *page) soakFigures() soakFigures {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.chrome(), 30*time.Second)
	defer cancel()
	var f soakFigures
	p.ok(`soakStats()`, &f)
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		p.t.Fatalf("collecting garbage: %v", err)
	}
	heap, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		p.t.Fatalf("reading the heap: %v", err)
	}
	f.JSHeap = int(heap.UsedSize)
	return f
}
