package main

import (
	"fmt"
	"strings"
)

// The widget sections: the function form and the marketplace rendered by
// both SDKs in one page, timed to the frame they are on screen.

// formsSection: showFunctionUI of forms with 10, 100 and 500 fields. Each
// size gets -first-runs fresh pages per SDK, the SDKs taking turns: the
// first render there (after the page sat idle for -first-delay) includes
// whatever the page compiles or loads on first use. The first of those
// pages then renders the form -warm more times, which shows the steady
// cost. A render ends when every field is in the document and two
// animation frames have passed, timed by the same code for both SDKs.
func (b *bench) formsSection() {
	first := map[string]map[int]Sample{}
	warm := map[string]map[int]Sample{}
	for _, sdk := range []SDK{ours, official} {
		first[sdk.Name], warm[sdk.Name] = map[int]Sample{}, map[int]Sample{}
	}
	for _, n := range formSizes {
		for r := range b.o.firstRuns {
			for _, sdk := range []SDK{ours, official} {
				f, w, err := b.renderForms(sdk, n, r == 0)
				if err != nil {
					b.fail(fmt.Sprintf("forms (%s, %d fields)", sdk.Name, n), err)
					return
				}
				first[sdk.Name][n] = append(first[sdk.Name][n], f)
				warm[sdk.Name][n] = append(warm[sdk.Name][n], w...)
			}
		}
	}
	for _, n := range formSizes {
		o, off := first["ours"][n], first["official"][n]
		b.add(Row{ID: fmt.Sprintf("forms.first.%d", n), Section: "6 forms", Metric: fmt.Sprintf("first showFunctionUI, %d fields", n), Unit: "ms",
			Ours: num(o.Median()), Official: num(off.Median()), Spread: spread(o, off),
			Note: fmt.Sprintf("median of %d fresh pages, account connected", len(o))}, 1.0)
	}
	for _, n := range formSizes {
		o, off := warm["ours"][n], warm["official"][n]
		b.add(Row{ID: fmt.Sprintf("forms.warm.%d", n), Section: "6 forms", Metric: fmt.Sprintf("warm showFunctionUI, %d fields", n), Unit: "ms",
			Ours: num(o.Median()), Official: num(off.Median()), Spread: spread(o, off), Note: fmt.Sprintf("median of %d renders in one page", len(o))}, 0.5)
	}
	// Linear growth: the cost per field from 100 to 500 fields against the
	// cost per field from 10 to 100. A linear a + b·n reads 1.0.
	for _, sdk := range []SDK{ours, official} {
		w := warm[sdk.Name]
		lo := (w[100].Median() - w[10].Median()) / 90
		hi := (w[500].Median() - w[100].Median()) / 400
		row := Row{ID: "forms.growth." + sdk.Name, Section: "6 forms", Metric: sdk.Name + " warm growth, per field 100→500 ÷ 10→100", Unit: "ratio",
			Note: fmt.Sprintf("%.3f ms per field from 10 to 100, %.3f from 100 to 500", lo, hi)}
		if lo > 0.005 {
			row.Ratio = num(hi / lo)
		} else {
			row.Note += "; too little growth from 10 to 100 to judge"
		}
		if sdk == ours {
			row.Target = "≤ 1.5 (linear)"
			if row.Ratio != nil {
				met := *row.Ratio <= 1.5
				row.Met = &met
			}
		} else {
			row.Note += "; for comparison"
		}
		b.add(row, 0)
	}
}

// idle lets a fresh page sit for -first-delay after ready, as a page does
// before anyone clicks.
func (b *bench) idle(t *tab) error {
	_, err := evalIn[bool](t, js(`new Promise((r) => setTimeout(() => r(true), %s))`, b.o.firstDelay.Milliseconds()))
	return err
}

// renderForms opens a fresh page of sdk, lets it idle, renders the n-field
// form once (first) and, withWarm, b.o.warm more times (warm), closing it
// in between with the SDK's close button. Only the withWarm page is
// profiled.
func (b *bench) renderForms(sdk SDK, n int, withWarm bool) (float64, Sample, error) {
	t, _, err := b.open(sdk, "")
	if err != nil {
		return 0, nil, err
	}
	defer t.cancel()
	if err := b.idle(t); err != nil {
		return 0, nil, err
	}
	render := func(runs int) (Sample, error) {
		return evalIn[Sample](t, js(`(async (fn, n, selector, closeSelector, runs) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    if (window.__bench.count(selector) > 0) throw new Error("a form is still on the page");
    const t0 = performance.now();
    const p = window.sdk.showFunctionUI(fn, {});
    let failed = null;
    p.catch((e) => { failed = e; });
    const t1 = await window.__bench.rendered(selector, n).catch((e) => { throw failed || e; });
    times.push(t1 - t0);
    await window.__bench.closeForm(selector, closeSelector);
  }
  return times;
})(%s, %s, %s, %s, %s)`, formFn(n), n, fieldSelector, closeSelector[sdk.Name], runs))
	}
	var first, warm Sample
	measure := func(section string, runs int, into *Sample) error {
		f := func() error { var err error; *into, err = render(runs); return err }
		if !withWarm {
			return f()
		}
		return b.profiled(section, f, t)
	}
	if err := measure(fmt.Sprintf("form-first-%d", n), 1, &first); err != nil {
		return 0, nil, err
	}
	if withWarm {
		if err := measure(fmt.Sprintf("form-warm-%d", n), b.o.warm, &warm); err != nil {
			return 0, nil, err
		}
	}
	return first[0], warm, nil
}

// appsSection: the first showApps render in -first-runs fresh pages per
// SDK, until every app's title is in the document (and two frames have
// passed).
func (b *bench) appsSection() {
	served := b.sb.flowAppsServed()
	sdks := []SDK{ours, official}
	if !served {
		sdks = sdks[:1]
	}
	var times [2]Sample
	for r := range b.o.firstRuns {
		for i, sdk := range sdks {
			v, err := b.renderApps(sdk, r == 0)
			if err != nil {
				b.fail("apps ("+sdk.Name+")", err)
				return
			}
			times[i] = append(times[i], v)
		}
	}
	row := Row{ID: "apps.first", Section: "7 apps", Metric: "first showApps render", Unit: "ms", Ours: num(times[0].Median()),
		Note: fmt.Sprintf("median of %d fresh pages; until every app's title is on the page: %s", len(times[0]), strings.Join(b.sb.titles, ", "))}
	if served {
		row.Official, row.Spread = num(times[1].Median()), spread(times[0], times[1])
	} else {
		row.Note = "official: unavailable, the sandbox does not serve /api/v1/sdk/flow-apps/ and /api/v1/app-user-variables/ yet, which the official marketplace reads first"
	}
	b.add(row, 1.0)
}

// renderApps times showApps() in a fresh page of sdk after it idled.
func (b *bench) renderApps(sdk SDK, profile bool) (float64, error) {
	t, _, err := b.open(sdk, "")
	if err != nil {
		return 0, err
	}
	defer t.cancel()
	if err := b.idle(t); err != nil {
		return 0, err
	}
	var v float64
	f := func() error {
		v, err = evalIn[float64](t, js(`(async (titles) => {
  const t0 = performance.now();
  const p = window.sdk.showApps();
  if (p && p.catch) p.catch(() => {});
  return await window.__bench.textRendered(titles, "body") - t0;
})(%s)`, b.sb.titles))
		return err
	}
	if profile {
		err = b.profiled("apps-first", f, t)
	} else {
		err = f()
	}
	return v, err
}
