package main

import "fmt"

func spread(a, b Sample) string {
	return fmt.Sprintf("%.2f / %.2f", a.Spread(), b.Spread())
}

// both runs f for each SDK and returns ours and the official's samples.
func (b *bench) both(section string, f func(SDK) (Sample, error)) (Sample, Sample, bool) {
	o, err := f(ours)
	if err != nil {
		b.rep.fail(section+" (ours)", err)
		return nil, nil, false
	}
	off, err := f(official)
	if err != nil {
		b.rep.fail(section+" (official)", err)
		return o, nil, false
	}
	return o, off, true
}

// interleaved opens one tab per SDK and runs f on each in turn, rounds
// times, so that whatever else the machine does hits both alike.
func (b *bench) interleaved(section string, rounds int, f func(t *tab, sdk SDK) (Sample, error)) (Sample, Sample, bool) {
	var tabs [2]*tab
	for i, sdk := range []SDK{ours, official} {
		t, _, err := openTab(b.browser, b.pages, sdk)
		if err != nil {
			b.rep.fail(section, err)
			return nil, nil, false
		}
		defer t.cancel()
		tabs[i] = t
	}
	var out [2]Sample
	for range rounds {
		for i, sdk := range []SDK{ours, official} {
			s, err := f(tabs[i], sdk)
			if err != nil {
				b.rep.fail(section+" ("+sdk.Name+")", err)
				return nil, nil, false
			}
			out[i] = append(out[i], s...)
		}
	}
	return out[0], out[1], true
}

// readySection: navigation start to the ready event, fresh browser context
// each run, the two SDKs alternating so drift hits both alike.
func (b *bench) readySection() {
	var o, off Sample
	for range b.o.runs {
		for _, sdk := range []SDK{ours, official} {
			s, err := timeToReady(b.browser, b.pages, sdk, 1)
			if err != nil {
				b.rep.fail("ready", err)
				return
			}
			if sdk == ours {
				o = append(o, s...)
			} else {
				off = append(off, s...)
			}
		}
	}
	b.rep.add(Row{Section: "2 ready", Metric: "navigation → ready, median", Unit: "ms", Ours: num(o.Median()), Official: num(off.Median()),
		Spread: spread(o, off), Note: fmt.Sprintf("%d runs each", len(o))}, 0.8)
}

// callsSection: sequential latency of a cheap call, and of a call whose
// output is large, against plain fetch + JSON.parse.
func (b *bench) callsSection() {
	const rounds = 10
	warm := true
	o, off, ok := b.interleaved("calls", rounds+1, func(t *tab, sdk SDK) (Sample, error) {
		s, err := sequentialCalls(t, cheapFn, cheapParams, max(b.o.calls/rounds, 1))
		if warm { // the first round warms both up and is not counted
			if sdk == official {
				warm = false
			}
			return nil, err
		}
		return s, err
	})
	if !ok {
		return
	}
	note := fmt.Sprintf("%d sequential calls of %s", len(o), cheapFn)
	b.rep.add(Row{Section: "3 calls", Metric: "latency p50", Unit: "ms", Ours: num(o.Median()), Official: num(off.Median()), Spread: spread(o, off), Note: note}, 1.1)
	b.rep.add(Row{Section: "3 calls", Metric: "latency p99", Unit: "ms", Ours: num(o.Quantile(0.99)), Official: num(off.Quantile(0.99))}, 0)

	// A large output: the largest page of persons the provider gives.
	big := map[string]any{"limit": 500}
	const n = 30
	warm = true
	o, off, ok = b.interleaved("calls (large)", n/3+1, func(t *tab, sdk SDK) (Sample, error) {
		s, err := sequentialCalls(t, personsFn, big, 3)
		if warm {
			if sdk == official {
				warm = false
			}
			return nil, err
		}
		return s, err
	})
	if !ok {
		return
	}
	t, _, err := openTab(b.browser, b.pages, ours)
	if err != nil {
		b.rep.fail("calls (fetch)", err)
		return
	}
	defer t.cancel()
	plain, err := plainFetchCalls(t, b.cfg, personsFn, big, n)
	if err != nil {
		b.rep.fail("calls (fetch)", err)
		return
	}
	size, _ := evalIn[float64](t, js(`(async (fn, p) => JSON.stringify(await window.sdk.invokeFunction(fn, p)).length)(%s, %s)`, personsFn, big))
	note = fmt.Sprintf("%d calls, %.0f KB of JSON each", n, size/1024)
	b.rep.add(Row{Section: "3 calls", Metric: "large output p50", Unit: "ms", Ours: num(o.Median()), Official: num(off.Median()), Spread: spread(o, off), Note: note}, 0)
	r := o.Median() / plain.Median()
	met := r <= 1.2
	b.rep.add(Row{Section: "3 calls", Metric: "large output vs plain fetch", Unit: "ms", Ours: num(o.Median()), Official: nil,
		Ratio: num(r), Target: "≤ 1.2× fetch", Met: &met, Note: fmt.Sprintf("plain fetch + JSON.parse p50 %.2f ms", plain.Median())}, 0)
}

// concurrencySection: many calls at once from one page.
func (b *bench) concurrencySection() {
	var totals [2]float64
	for i, sdk := range []SDK{ours, official} {
		t, _, err := openTab(b.browser, b.pages, sdk)
		if err != nil {
			b.rep.fail("concurrency", err)
			return
		}
		total, okCount, err := concurrentCalls(t, cheapFn, cheapParams, b.o.concurrent)
		t.cancel()
		if err != nil {
			b.rep.fail("concurrency ("+sdk.Name+")", err)
			return
		}
		if okCount != b.o.concurrent {
			b.rep.fail("concurrency ("+sdk.Name+")", fmt.Errorf("%d of %d calls resolved correctly", okCount, b.o.concurrent))
		}
		totals[i] = total
	}
	b.rep.add(Row{Section: "4 concurrency", Metric: fmt.Sprintf("%d concurrent calls, total", b.o.concurrent), Unit: "ms",
		Ours: num(totals[0]), Official: num(totals[1]), Note: "all resolved with network_code 200"}, 0)
}

// growthSection: how form rendering, paging and memory grow with size.
func (b *bench) growthSection() {
	// Form render time, ours: showFunctionUI until did-render-function. The
	// first render in a fresh page includes the browser compiling the UI's
	// wasm functions (V8 compiles lazily); later ones are warm.
	for _, n := range formSizes {
		t, _, err := openTab(b.browser, b.pages, ours)
		if err != nil {
			b.rep.fail("growth (form)", err)
			return
		}
		v, err := evalIn[[]float64](t, js(`(async (fn, runs) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const rendered = new Promise((resolve) => window.sdk.eventEmitter.once("did-render-function", resolve));
    const p = window.sdk.showFunctionUI(fn, {});
    p.catch(() => {});
    await rendered;
    times.push(performance.now() - t0);
    const dialog = document.querySelector("[role=dialog]");
    (dialog || document).dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    await p.catch(() => {});
  }
  return times;
})(%s, %s)`, fmt.Sprintf("bench-form-%d", n), 6))
		t.cancel()
		if err != nil {
			b.rep.fail("growth (form)", err)
			return
		}
		warm := Sample(v[1:])
		b.rep.add(Row{Section: "5 growth", Metric: fmt.Sprintf("form with %d fields, warm", n), Unit: "ms", Ours: num(warm.Median()),
			Spread: fmt.Sprintf("%.2f", warm.Spread()), Note: fmt.Sprintf("showFunctionUI → did-render-function; first render in a fresh page %.0f ms", v[0])}, 0)
	}

	// Paging through every person, 100 a page, the same loop for both, the
	// two SDKs taking turns.
	o, off, ok := b.interleaved("growth (paging)", 3, func(t *tab, sdk SDK) (Sample, error) {
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
})(%s, %s)`, personsFn, b.o.persons))
		return Sample(v), err
	})
	if ok {
		b.rep.add(Row{Section: "5 growth", Metric: fmt.Sprintf("page through %d persons", b.o.persons), Unit: "ms",
			Ours: num(o.Median()), Official: num(off.Median()), Spread: spread(o, off), Note: "100 a page, 3 runs each, taking turns"}, 0)
	}

	// Memory after 10,000 calls.
	for _, sdk := range []SDK{ours, official} {
		t, _, err := openTab(b.browser, b.pages, sdk)
		if err != nil {
			b.rep.fail("growth (memory)", err)
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
})(%s, %s, %s)`, cheapFn, cheapParams, 10000))
		t.cancel()
		if err != nil {
			b.rep.fail("growth (memory, "+sdk.Name+")", err)
			continue
		}
		note := fmt.Sprintf("JS heap %.1f → %.1f MB", mem["jsBefore"]/1e6, mem["jsAfter"]/1e6)
		if mem["wasmAfter"] > 0 {
			note += fmt.Sprintf("; wasm memory %.1f → %.1f MB", mem["wasmBefore"]/1e6, mem["wasmAfter"]/1e6)
		}
		total := mem["jsAfter"] + mem["wasmAfter"]
		row := Row{Section: "5 growth", Metric: "memory after 10,000 calls (" + sdk.Name + ")", Unit: "MB", Note: note}
		if sdk == ours {
			row.Ours = num(total / 1e6)
		} else {
			row.Official = num(total / 1e6)
		}
		b.rep.add(row, 0)
	}
}
