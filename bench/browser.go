package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// tab is one page of one SDK (or the plain page), loaded and ready, in a
// browser context of its own at the table's CPU rate.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
	sdk    SDK
	cpu    float64
}

// open loads sdk's bench page in a fresh browser context (no cache, no
// compiled-code cache shared with earlier tabs) with the CPU throttled to
// the table's rate, and waits for ready. It returns the milliseconds from
// navigation start to the ready event. With profile set (and -cpuprofile),
// the profiler records the load itself as the section profile names.
func (b *bench) open(sdk SDK, profile string) (*tab, float64, error) {
	ctx, cancel := chromedp.NewContext(b.browser, chromedp.WithNewBrowserContext())
	t := &tab{ctx: ctx, cancel: cancel, sdk: sdk, cpu: b.cpu}
	fail := func(what string, err error) (*tab, float64, error) {
		cancel()
		return nil, 0, fmt.Errorf("%s: %s: %w", sdk.Name, what, err)
	}
	// The first Run creates the tab; the rate holds for it across
	// navigations (checked by the calibration row).
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: b.cpu}); err != nil {
		return fail("set CPU throttling", err)
	}
	var stop func() error
	if profile != "" && b.profiling() {
		// Start on a blank page of the same origin, so that the navigation
		// measured stays in the renderer the profiler runs in.
		if err := chromedp.Do(ctx, chromedp.Navigate(b.pages+"/blank.html")); err != nil {
			return fail("navigate", err)
		}
		var err error
		if stop, err = b.startProfiles(profile, t); err != nil {
			return fail("profiler", err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(b.pages+"/"+sdk.Name+".html")); err != nil {
		return fail("navigate", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("window.__bench && window.__bench.readyAt !== null",
		chromedp.WithPollingTimeout(120*time.Second), chromedp.WithPollingInterval(5*time.Millisecond))); err != nil {
		errs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__bench ? window.__bench.errors : []`))
		return fail("no ready event", fmt.Errorf("%w (page errors: %v)", err, errs))
	}
	if stop != nil {
		if err := stop(); err != nil {
			return fail("profiler", err)
		}
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__bench.readyAt`))
	if err != nil {
		return fail("ready time", err)
	}
	return t, at, nil
}

// evalIn runs an async snippet in the tab and decodes its result.
func evalIn[T any](t *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(t.ctx, 20*time.Minute)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// startProfile turns Chromium's sampling profiler on in the tab's page.
func (t *tab) startProfile(intervalMicros int) error {
	if _, err := chromedp.Call(t.ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := chromedp.Call(t.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: int64(intervalMicros)}); err != nil {
		return err
	}
	_, err := chromedp.Call(t.ctx, profiler.Start, cdp.Empty{})
	return err
}

// stopProfile stops the profiler and returns what it recorded.
func (t *tab) stopProfile() (*profiler.Profile, error) {
	res, err := chromedp.Call(t.ctx, profiler.Stop, cdp.Empty{})
	if err == nil && res.Profile == nil {
		err = errors.New("the profiler stopped without a profile")
	}
	return res.Profile, err
}
