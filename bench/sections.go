package main

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// The timing machinery (calibrate, interleaved) and the sections that time
// calls, start-up, concurrency, paging and memory, and load the sandbox.

func spread(a, b Sample) string {
	return fmt.Sprintf("%.2f / %.2f", a.Spread(), b.Spread())
}

// calibrate times a fixed JavaScript loop in a fresh tab at the table's
// rate: at ×4 it should take about four times what it takes at ×1, which
// shows the throttling holds across the navigation to the bench page.
func (b *bench) calibrate() {
	t, _, err := b.open(plain, "")
	if err != nil {
		b.fail("calibration", err)
		return
	}
	defer t.cancel()
	v, err := evalIn[[]float64](t, `(() => { const out = [];
  for (let r = 0; r < 5; r++) { const t0 = performance.now(); let x = 0;
    for (let i = 0; i < 2e7; i++) x = (x + i * 7) % 1000003;
    out.push(performance.now() - t0 + (x < 0 ? 1 : 0)); }
  return out; })()`)
	if err != nil {
		b.fail("calibration", err)
		return
	}
	b.add(Row{ID: "calibration.loop", Section: "0 CPU", Metric: "fixed JS loop (2e7 iterations)", Unit: "ms", Ours: num(Sample(v).Median()),
		Note: "the same page at every rate: ×4 should read about 4× the ×1 figure"}, 0)
}

// interleaved opens one tab per SDK and runs f on each in turn, warm+rounds
// times, so that whatever else the machine does hits all alike. Warm rounds
// are neither counted nor profiled.
func (b *bench) interleaved(section string, sdks []SDK, warm, rounds int, f func(t *tab) (Sample, error)) ([]Sample, bool) {
	tabs := make([]*tab, len(sdks))
	for i, sdk := range sdks {
		t, _, err := b.open(sdk, "")
		if err != nil {
			b.fail(section, err)
			return nil, false
		}
		defer t.cancel()
		tabs[i] = t
	}
	out := make([]Sample, len(sdks))
	var profiled []*tab
	for _, t := range tabs {
		if t.sdk != plain {
			profiled = append(profiled, t)
		}
	}
	var stop func() error
	for r := range warm + rounds {
		if r == warm {
			var err error
			if stop, err = b.startProfiles(section, profiled...); err != nil {
				b.fail(section, err)
				return nil, false
			}
		}
		for i, t := range tabs {
			s, err := f(t)
			if err != nil {
				b.fail(section+" ("+t.sdk.Name+")", err)
				return nil, false
			}
			if r >= warm {
				out[i] = append(out[i], s...)
			}
		}
	}
	if stop != nil {
		if err := stop(); err != nil {
			b.fail(section, err)
		}
	}
	return out, true
}

// readySection: navigation start to the ready event, a fresh browser
// context each run, the two SDKs alternating.
func (b *bench) readySection() {
	var o, off Sample
	for range b.o.runs {
		for _, sdk := range []SDK{ours, official} {
			t, at, err := b.open(sdk, "")
			if err != nil {
				b.fail("ready", err)
				return
			}
			t.cancel()
			if sdk == ours {
				o = append(o, at)
			} else {
				off = append(off, at)
			}
		}
	}
	if b.profiling() { // one more load each, profiled, not counted
		for _, sdk := range []SDK{ours, official} {
			if t, _, err := b.open(sdk, "ready"); err != nil {
				b.fail("ready (profiled)", err)
			} else {
				t.cancel()
			}
		}
	}
	b.add(Row{ID: "ready", Section: "1 ready", Metric: "navigation → ready, median", Unit: "ms", Ours: num(o.Median()), Official: num(off.Median()),
		Spread: spread(o, off), Note: fmt.Sprintf("%d fresh pages each", len(o))}, 0.8)
}

// sequentialCalls times n invokeFunction calls one after another, in the
// page, and checks every result executed.
func sequentialCalls(t *tab, fn string, params any, n int) (Sample, error) {
	return evalIn[Sample](t, js(`(async (fn, params, n) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await window.sdk.invokeFunction(fn, params);
    times.push(performance.now() - t0);
    if (!r || r.network_code !== "200") throw new Error("call " + i + " was not executed: " + JSON.stringify(r).slice(0, 300));
  }
  return times;
})(%s, %s, %s)`, fn, params, n))
}

// plainFetchCalls times the same call made with fetch + JSON.parse, the
// floor any SDK sits on: the request the official SDK sends, the body read
// as text and parsed once.
func plainFetchCalls(t *tab, cfg pageConfig, fn string, params any, n int) (Sample, error) {
	return evalIn[Sample](t, js(`(async (cfg, fn, params, n) => {
  const q = new URLSearchParams({app_key: cfg.appKey, hash: cfg.hash, user_id: cfg.userId});
  const url = cfg.baseUrl + "/functions/" + fn + "/call/?" + q;
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(params)});
    const r = JSON.parse(await res.text());
    times.push(performance.now() - t0);
    if (r.network_code !== "200") throw new Error("not executed");
  }
  return times;
})(%s, %s, %s, %s)`, cfg, fn, params, n))
}

// callsSection: sequential latency of a cheap call, and of calls whose
// outputs are about 142 KB and 1 MB, against the official SDK and against
// plain fetch + JSON.parse of the same request (the floor: what no SDK can
// beat; targets 1.05× for the cheap call, 1.02× for large outputs).
func (b *bench) callsSection() {
	const rounds = 10
	per := max(b.o.calls/rounds, 1)
	s, ok := b.interleaved("calls-cheap", []SDK{ours, official, plain}, 1, rounds, func(t *tab) (Sample, error) {
		if t.sdk == plain {
			return plainFetchCalls(t, b.cfg, cheapFn, cheapParams, per)
		}
		return sequentialCalls(t, cheapFn, cheapParams, per)
	})
	if ok {
		o, off, floor := s[0], s[1], s[2]
		note := fmt.Sprintf("%d sequential calls of %s each", len(o), cheapFn)
		b.add(Row{ID: "calls.cheap.p50", Section: "2 calls", Metric: "cheap call p50", Unit: "ms", Ours: num(o.Median()), Official: num(off.Median()),
			Spread: spread(o, off), Note: note}, 1.0)
		// p99 is the median of the p99s of runs of two rounds (5 runs of
		// 100 calls by default): one run's p99 is one stall of a shared
		// machine away from another figure.
		run := 2 * per
		runs := len(o) / run
		b.add(Row{ID: "calls.cheap.p99", Section: "2 calls", Metric: "cheap call p99", Unit: "ms", Ours: num(o.QuantileOfRuns(run, 0.99)), Official: num(off.QuantileOfRuns(run, 0.99)),
			Note: fmt.Sprintf("median of %d runs' p99 (%d calls each); over all %d calls %.1f / %.1f", runs, run, len(o), o.Quantile(0.99), off.Quantile(0.99))}, 1.0)
		b.add(Row{ID: "calls.cheap.p50.floor", Section: "2 calls", Metric: "cheap call p50 vs plain fetch", Unit: "ms", Ours: num(o.Median()), Floor: num(floor.Median()),
			Spread: spread(o, floor), Note: fmt.Sprintf("floor: fetch + JSON.parse of the same request; official %.2f× the floor", off.Median()/floor.Median())}, 1.05)
	}
	for _, out := range []struct {
		id, fn string
		params any
	}{{"output142k", personsFn, mediumParams}, {"output1m", contactsFn, largeParams}} {
		size, err := b.sb.responseSize(benchUser, out.fn, out.params)
		if err != nil {
			b.fail("calls ("+out.id+")", err)
			continue
		}
		label := fmt.Sprintf("%.0f KB output", float64(size)/1024)
		if size >= 1000*1024 {
			label = fmt.Sprintf("%.2f MB output", float64(size)/(1024*1024))
		}
		const rounds, per = 10, 3
		s, ok := b.interleaved("calls-"+out.id, []SDK{ours, official, plain}, 1, rounds, func(t *tab) (Sample, error) {
			if t.sdk == plain {
				return plainFetchCalls(t, b.cfg, out.fn, out.params, per)
			}
			return sequentialCalls(t, out.fn, out.params, per)
		})
		if !ok {
			continue
		}
		o, off, floor := s[0], s[1], s[2]
		note := fmt.Sprintf("%d calls each of %s %v, response %d bytes", len(o), out.fn, out.params, size)
		b.add(Row{ID: "calls." + out.id + ".p50", Section: "2 calls", Metric: label + " p50", Unit: "ms", Ours: num(o.Median()), Official: num(off.Median()),
			Spread: spread(o, off), Note: note}, 1.0)
		b.add(Row{ID: "calls." + out.id + ".p50.floor", Section: "2 calls", Metric: label + " p50 vs plain fetch", Unit: "ms", Ours: num(o.Median()), Floor: num(floor.Median()),
			Spread: spread(o, floor), Note: fmt.Sprintf("floor: fetch + JSON.parse of the same request; official %.2f× the floor", off.Median()/floor.Median())}, 1.02)
	}
}

// concurrencySection: many calls at once from one page, each SDK in a
// fresh page.
func (b *bench) concurrencySection() {
	n := b.o.concurrent
	var totals [2]float64
	var oks [2]int
	for i, sdk := range []SDK{ours, official} {
		t, _, err := b.open(sdk, "")
		if err != nil {
			b.fail("concurrency", err)
			return
		}
		err = b.profiled("concurrent", func() error {
			type result struct {
				Total float64 `json:"total"`
				OK    int     `json:"ok"`
			}
			r, err := evalIn[result](t, js(`(async (fn, params, n) => {
  const t0 = performance.now();
  const rs = await Promise.allSettled(Array.from({length: n}, () => window.sdk.invokeFunction(fn, params)));
  return { total: performance.now() - t0, ok: rs.filter(r => r.status === "fulfilled" && r.value && r.value.network_code === "200").length };
})(%s, %s, %s)`, cheapFn, cheapParams, n))
			totals[i], oks[i] = r.Total, r.OK
			return err
		}, t)
		t.cancel()
		if err != nil {
			b.fail("concurrency ("+sdk.Name+")", err)
			return
		}
	}
	b.add(Row{ID: "concurrency.total", Section: "3 concurrency", Metric: fmt.Sprintf("%d concurrent calls, total", n), Unit: "ms",
		Ours: num(totals[0]), Official: num(totals[1]), Note: "Promise.allSettled of invokeFunction calls from one page"}, 1.0)
	met := oks[0] == n
	b.add(Row{ID: "concurrency.resolved", Section: "3 concurrency", Metric: "resolved with network_code 200", Unit: "calls",
		Ours: num(float64(oks[0])), Official: num(float64(oks[1])), Ratio: num(1), Target: fmt.Sprintf("all %d", n), Met: &met}, 0)
}

// pagingSection: page through every person, 100 a page, the same loop for
// both, the two SDKs taking turns.
func (b *bench) pagingSection() {
	s, ok := b.interleaved("paging", []SDK{ours, official}, 0, 3, func(t *tab) (Sample, error) {
		v, err := evalIn[[]float64](t, js(`(async (fn, want) => {
  const t0 = performance.now();
  let params = {limit: 100}, n = 0;
  for (;;) {
    const r = await window.sdk.invokeFunction(fn, params);
    const out = r.output || [];
    if (out.length === 0) break;
    n += out.length;
    if (!r.next_page) break;
    params = {limit: 100, next_page: r.next_page};
  }
  if (n !== want) throw new Error("paged " + n + " persons, want " + want);
  return [performance.now() - t0];
})(%s, %s)`, personsFn, max(b.o.persons, 500)))
		return Sample(v), err
	})
	if ok {
		b.add(Row{ID: "paging", Section: "4 paging", Metric: fmt.Sprintf("page through %d persons", max(b.o.persons, 500)), Unit: "ms",
			Ours: num(s[0].Median()), Official: num(s[1].Median()), Spread: spread(s[0], s[1]), Note: "100 a page, 3 runs each, taking turns"}, 1.0)
	}
}

// memorySection: JS heap (after a forced GC) plus the wasm memory, after
// many calls, each SDK in a fresh page. Not profiled: its time is the
// cheap call's.
func (b *bench) memorySection() {
	var totals [2]float64
	var notes [2]string
	for i, sdk := range []SDK{ours, official} {
		t, _, err := b.open(sdk, "")
		if err != nil {
			b.fail("memory", err)
			return
		}
		mem, err := evalIn[map[string]float64](t, js(`(async (fn, params, n) => {
  const snap = () => { if (window.gc) window.gc(); return {
    js: performance.memory ? performance.memory.usedJSHeapSize : 0,
    wasm: window.__bench.wasmMemory ? window.__bench.wasmMemory.buffer.byteLength : 0 }; };
  const before = snap();
  for (let i = 0; i < n; i++) await window.sdk.invokeFunction(fn, params);
  await new Promise((r) => setTimeout(r, 100));
  const after = snap();
  return { jsBefore: before.js, jsAfter: after.js, wasmBefore: before.wasm, wasmAfter: after.wasm };
})(%s, %s, %s)`, cheapFn, cheapParams, b.o.memCalls))
		t.cancel()
		if err != nil {
			b.fail("memory ("+sdk.Name+")", err)
			return
		}
		totals[i] = (mem["jsAfter"] + mem["wasmAfter"]) / 1e6
		notes[i] = fmt.Sprintf("%s: JS heap %.1f → %.1f MB", sdk.Name, mem["jsBefore"]/1e6, mem["jsAfter"]/1e6)
		if mem["wasmAfter"] > 0 {
			notes[i] += fmt.Sprintf(", wasm memory %.1f → %.1f MB", mem["wasmBefore"]/1e6, mem["wasmAfter"]/1e6)
		}
	}
	b.add(Row{ID: "memory", Section: "5 memory", Metric: fmt.Sprintf("JS heap + wasm memory after %d calls", b.o.memCalls), Unit: "MB",
		Ours: num(totals[0]), Official: num(totals[1]), Note: notes[0] + "; " + notes[1]}, 1.0)
}

// fieldSelector matches one element per field of a bench form in either
// SDK's form (each renders a string parameter as a text input in a
// role=dialog modal), and closeSelector each SDK's close button.
const fieldSelector = `[role=dialog] input`

var closeSelector = map[string]string{
	"ours":     `[role=dialog] .integry-close`,
	"official": `.integry-sdk-modal-close-btn`,
}

// sandboxSection loads the sandbox with concurrent HTTP clients calling a
// cheap function, at three levels.
func (r *Report) sandboxSection(o *options, sb *sandboxProc) {
	for _, workers := range []int{1, 16, 128} {
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}}
		var mu sync.Mutex
		var lat Sample
		var failures int
		start := time.Now()
		deadline := start.Add(o.loadFor)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine Sample
				bad := 0
				for time.Now().Before(deadline) {
					t0 := time.Now()
					if err := sb.call(hc, benchUser, cheapFn, cheapParams); err != nil {
						bad++
						continue
					}
					mine = append(mine, ms(time.Since(t0)))
				}
				mu.Lock()
				lat = append(lat, mine...)
				failures += bad
				mu.Unlock()
			}()
		}
		wg.Wait()
		secs := time.Since(start).Seconds()
		note := fmt.Sprintf("%d calls in %.1fs", len(lat), secs)
		if failures > 0 {
			note += fmt.Sprintf(", %d failed", failures)
		}
		metric := fmt.Sprintf("%d clients", workers)
		r.Sandbox.add(Row{Section: "sandbox", Metric: metric + " throughput", Unit: "calls/s", Ours: num(float64(len(lat)) / secs), Note: note}, 0)
		r.Sandbox.add(Row{Section: "sandbox", Metric: metric + " p50", Unit: "ms", Ours: num(lat.Median())}, 0)
		r.Sandbox.add(Row{Section: "sandbox", Metric: metric + " p99", Unit: "ms", Ours: num(lat.Quantile(0.99))}, 0)
		hc.CloseIdleConnections()
	}
}
