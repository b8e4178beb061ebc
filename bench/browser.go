package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// tab is one page of one SDK, loaded and ready.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// openTab loads sdk's bench page in a fresh browser context (no cache, no
// compiled-code cache shared with earlier runs) and waits for ready. It
// returns the milliseconds from navigation start to the ready event.
func openTab(browser context.Context, pages string, sdk SDK) (*tab, float64, error) {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t := &tab{ctx: ctx, cancel: cancel}
	if err := chromedp.Do(ctx, chromedp.Navigate(pages+"/"+sdk.Name+".html")); err != nil {
		cancel()
		return nil, 0, fmt.Errorf("%s: navigate: %w", sdk.Name, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("window.__bench && window.__bench.readyAt !== null",
		chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(5*time.Millisecond))); err != nil {
		errs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__bench ? window.__bench.errors : []`))
		cancel()
		return nil, 0, fmt.Errorf("%s: no ready event: %w (page errors: %v)", sdk.Name, err, errs)
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__bench.readyAt`))
	if err != nil {
		cancel()
		return nil, 0, err
	}
	return t, at, nil
}

// eval runs an async snippet in the tab and decodes its result.
func evalIn[T any](t *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(t.ctx, 10*time.Minute)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// timeToReady loads a fresh page runs times and returns the times to ready.
func timeToReady(browser context.Context, pages string, sdk SDK, runs int) (Sample, error) {
	var s Sample
	for range runs {
		t, at, err := openTab(browser, pages, sdk)
		if err != nil {
			return nil, err
		}
		t.cancel()
		s = append(s, at)
	}
	return s, nil
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
    if (!r || r.network_code === undefined) throw new Error("call " + i + " was not executed: " + JSON.stringify(r));
  }
  return times;
})(%s, %s, %s)`, fn, params, n))
}

// concurrentCalls starts n invokeFunction calls at once and returns the
// total time in milliseconds and how many executed correctly.
func concurrentCalls(t *tab, fn string, params any, n int) (float64, int, error) {
	type result struct {
		Total float64 `json:"total"`
		OK    int     `json:"ok"`
	}
	out, err := evalIn[result](t, js(`(async (fn, params, n) => {
  const t0 = performance.now();
  const rs = await Promise.all(Array.from({length: n}, () => window.sdk.invokeFunction(fn, params)));
  return { total: performance.now() - t0, ok: rs.filter(r => r && r.network_code === "200").length };
})(%s, %s, %s)`, fn, params, n))
	return out.Total, out.OK, err
}

// plainFetchCalls times the same call made with fetch + JSON.parse, the
// floor any SDK sits on.
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
    if (r.network_code === undefined) throw new Error("not executed");
  }
  return times;
})(%s, %s, %s, %s)`, cfg, fn, params, n))
}
