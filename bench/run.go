package main

import (
	"context"
	"fmt"
	"os"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
)

const (
	benchUser  = "bench-user"
	cheapFn    = "open-meteo-get-forecast"   // no login, small output
	personsFn  = "pipedrive-get-all-persons" // the 142 KB page and the paging loop
	contactsFn = "hubspot-list-contacts"     // the ~1 MB page
	formApp    = "pipedrive"                 // the bench forms belong to it: connected, so the official form renders
)

var (
	cheapParams  = map[string]any{"city": "berlin", "days": 1}
	mediumParams = map[string]any{"limit": 500} // 500 persons, about 142 KB of JSON
	largeParams  = map[string]any{"limit": 500} // 500 contacts, about 1 MB of JSON
	// largeContacts and contactProps size the ~1 MB output: HubSpot
	// contacts with many properties, as a CRM export has them.
	largeContacts = 500
	contactProps  = 27
	formSizes     = []int{10, 100, 500}
)

func formFn(n int) string { return fmt.Sprintf("bench-form-%d", n) }

// bench holds what the browser sections share.
type bench struct {
	o         *options
	rep       *Report
	browser   context.Context
	pages     string
	cfg       pageConfig
	sb        *sandboxProc
	cpu       float64 // the rate of the table being measured
	table     *Table
	summaries []string
}

func (b *bench) add(row Row, maxRatio float64) { b.table.Rows.add(row, maxRatio) }

func (b *bench) fail(section string, err error) {
	b.rep.fail(fmt.Sprintf("CPU ×%s: %s", trimFloat(b.cpu), section), err)
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// run measures every section the options select and returns the profile
// summaries, if any.
func run(o *options, rep *Report) []string {
	if o.want("size") {
		progress("size")
		rep.sizeSection(o)
	}
	if !o.wantAny(browserSections) && !o.want("sandbox") {
		return nil
	}
	sb, err := startSandbox()
	if err != nil {
		rep.fail("sandbox", err)
		return nil
	}
	defer sb.close()
	var summaries []string
	if o.wantAny(browserSections) {
		summaries = browserTables(o, rep, sb)
	}
	if o.want("sandbox") {
		progress("sandbox")
		rep.sandboxSection(o, sb)
	}
	return summaries
}

// browserTables seeds the sandbox, starts Chromium and measures one table
// per CPU rate.
func browserTables(o *options, rep *Report, sb *sandboxProc) []string {
	progress("seeding the sandbox")
	persons := 0
	if o.want("calls") || o.want("paging") {
		persons = max(o.persons, 500)
	}
	if err := sb.seed(persons, o.want("calls")); err != nil {
		rep.fail("seed", err)
		return nil
	}
	cfg := pageConfig{Sandbox: sb.url, AppKey: sb.srv.AppKey(), Hash: sb.srv.Hash(benchUser), UserID: benchUser}
	pages, err := pageServer(o.dist, o.officialUMD, cfg)
	if err != nil {
		rep.fail("pages", err)
		return nil
	}
	defer pages.Close()
	if o.profDir != "" {
		if named, err := hasNameSection(o.dist); err == nil && !named {
			progress("WARNING: %s/integry.wasm has no name section, so profiles show wasm functions by index; `make bench-profile` builds one that keeps the names", o.dist)
		}
	}
	dir, _ := os.MkdirTemp("", "integry-bench-chromium-")
	defer os.RemoveAll(dir)
	bctx, cancel, err := browsertest.Launch(dir, browsertest.Options{},
		chromedp.Flag("enable-precise-memory-info", true), chromedp.Flag("js-flags", "--expose-gc"))
	if err != nil {
		rep.fail("chromium", err)
		return nil
	}
	defer cancel()
	if v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{}); err == nil {
		rep.Chromium = v.Product
	}
	b := &bench{o: o, rep: rep, browser: bctx, pages: pages.URL, cfg: cfg, sb: sb}
	for _, rate := range o.rates {
		b.cpu = rate
		b.table = &Table{CPU: rate}
		rep.Tables = append(rep.Tables, b.table)
		b.calibrate()
		for _, s := range []struct {
			name string
			f    func()
		}{
			{"ready", b.readySection}, {"calls", b.callsSection}, {"concurrency", b.concurrencySection},
			{"paging", b.pagingSection}, {"memory", b.memorySection}, {"forms", b.formsSection}, {"apps", b.appsSection},
		} {
			if o.want(s.name) {
				progress("CPU ×%s: %s", trimFloat(rate), s.name)
				s.f()
			}
		}
	}
	return b.summaries
}
