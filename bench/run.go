package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/nethttp"
)

const (
	benchUser = "bench-user"
	cheapFn   = "open-meteo-get-forecast" // no login, small output
	personsFn = "pipedrive-get-all-persons"
)

var cheapParams = map[string]any{"city": "berlin", "days": 1}

// run measures every section the options select.
func run(o *options, rep *Report) {
	if o.want("size") {
		sizeSection(o, rep)
	}
	needSandbox := o.want("ready") || o.want("calls") || o.want("concurrency") || o.want("growth") || o.want("sandbox")
	if !needSandbox {
		return
	}
	sb, err := startSandbox(o)
	if err != nil {
		rep.fail("sandbox", err)
		return
	}
	defer sb.close()
	if o.want("sandbox") {
		sandboxSection(o, rep, sb)
	}
	if !(o.want("ready") || o.want("calls") || o.want("concurrency") || o.want("growth")) {
		return
	}
	if err := sb.seedPersons(o.persons); err != nil {
		rep.fail("seed", err)
		return
	}
	cfg := pageConfig{Sandbox: sb.url, AppKey: sb.srv.AppKey(), Hash: sb.srv.Hash(benchUser), UserID: benchUser}
	pages, err := pageServer(o.dist, o.officialUMD, cfg)
	if err != nil {
		rep.fail("pages", err)
		return
	}
	defer pages.Close()
	dir, _ := os.MkdirTemp("", "integry-bench-chromium-")
	defer os.RemoveAll(dir)
	browser, cancel, err := browsertest.Launch(dir, browsertest.Options{},
		chromedp.Flag("enable-precise-memory-info", true), chromedp.Flag("js-flags", "--expose-gc"))
	if err != nil {
		rep.fail("chromium", err)
		return
	}
	defer cancel()
	b := &bench{o: o, rep: rep, browser: browser, pages: pages.URL, cfg: cfg, sb: sb}
	if o.want("ready") {
		b.readySection()
	}
	if o.want("calls") {
		b.callsSection()
	}
	if o.want("concurrency") {
		b.concurrencySection()
	}
	if o.want("growth") {
		b.growthSection()
	}
}

// bench holds what the browser sections share.
type bench struct {
	o       *options
	rep     *Report
	browser context.Context
	pages   string
	cfg     pageConfig
	sb      *sandboxProc
}

// sandboxProc is an in-process sandbox on a loopback port.
type sandboxProc struct {
	srv *sandbox.Server
	url string
	ln  net.Listener
}

func startSandbox(o *options) (*sandboxProc, error) {
	opts := sandbox.Options{
		Memory:       true,
		AllowOrigins: []string{"*"},
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if o.want("growth") {
		dir, err := formsCatalog()
		if err != nil {
			return nil, err
		}
		opts.CatalogDir = dir
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go srv.Serve(ln)
	return &sandboxProc{srv: srv, url: "http://" + ln.Addr().String(), ln: ln}, nil
}

func (s *sandboxProc) close() { s.srv.Close() }

// client returns a Go client of the sandbox for user, with a connection pool
// large enough for the load levels.
func (s *sandboxProc) client(user string, conns int) (*sdk.Client, error) {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	return sdk.NewClient(sdk.Config{AppKey: s.srv.AppKey(), Hash: s.srv.Hash(user), UserID: user, Retries: -1,
		BaseURL: s.url, AuthBaseURL: s.url, APIBaseURL: s.url},
		sdk.WithTransport(&nethttp.Transport{HTTP: hc}))
}

// connect allows the consent page for user and app, as a browser would.
func (s *sandboxProc) connect(user, app string) error {
	q := url.Values{"app_key": {s.srv.AppKey()}, "hash": {s.srv.Hash(user)}, "user_id": {user}}
	form := url.Values{"decision": {"allow"}, "display_name": {"bench " + app}}
	req, _ := http.NewRequest("POST", s.url+"/sandbox/login/"+app+"/?"+q.Encode(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("connect %s: HTTP %d %s", app, resp.StatusCode, b)
	}
	return nil
}

// seedPersons connects pipedrive for the bench user and adds n persons.
func (s *sandboxProc) seedPersons(n int) error {
	if err := s.connect(benchUser, "pipedrive"); err != nil {
		return err
	}
	c, err := s.client(benchUser, 16)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	next := make(chan int)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Person %05d", i), "emails": []string{fmt.Sprintf("p%d@example.com", i)}})
				res, err := c.CallFunction(context.Background(), "pipedrive-add-a-person", body, nil)
				if err == nil {
					err = res.Err()
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	for i := range n {
		select {
		case next <- i:
		case err := <-errs:
			close(next)
			wg.Wait()
			return fmt.Errorf("seeding persons: %w", err)
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return fmt.Errorf("seeding persons: %w", err)
	default:
	}
	return nil
}

// formsCatalog writes a catalog folder: the embedded catalog's files, with
// functions of 10, 100 and 500 fields added to the no-login app, for the form
// growth test.
func formsCatalog() (string, error) {
	dir, err := os.MkdirTemp("", "integry-bench-catalog-")
	if err != nil {
		return "", err
	}
	src := filepath.Join("sandbox", "catalog")
	entries, err := os.ReadDir(src)
	if err != nil {
		return "", fmt.Errorf("reading %s (run from the repository root): %w", src, err)
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := os.CopyFS(filepath.Join(dir, e.Name()), os.DirFS(filepath.Join(src, e.Name()))); err != nil {
				return "", err
			}
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			return "", err
		}
	}
	var fns []map[string]any
	for _, n := range formSizes {
		props := map[string]any{}
		for i := range n {
			props[fmt.Sprintf("field_%03d", i)] = map[string]any{"type": "string", "description": fmt.Sprintf("Field number %d.", i)}
		}
		fns = append(fns, map[string]any{
			"name": fmt.Sprintf("bench-form-%d", n), "description": fmt.Sprintf("A form with %d fields", n),
			"type": "ACTION", "title": fmt.Sprintf("%d fields", n),
			"parameters": map[string]any{"type": "object", "properties": props, "required": []string{"field_000"}},
			"call":       map[string]any{"method": "GET", "path": "/v1/forecast"},
		})
	}
	// The forms belong to the no-login app, whose provider answers their call.
	meteo := filepath.Join(dir, "open-meteo.json")
	b, err := os.ReadFile(meteo)
	if err != nil {
		return "", err
	}
	var app map[string]any
	if err := json.Unmarshal(b, &app); err != nil {
		return "", err
	}
	existing, _ := app["functions"].([]any)
	for _, f := range fns {
		existing = append(existing, f)
	}
	app["functions"] = existing
	b, _ = json.MarshalIndent(app, "", " ")
	return dir, os.WriteFile(meteo, b, 0o644)
}

var formSizes = []int{10, 100, 500}

// sizeSection compares the bytes a page downloads.
func sizeSection(o *options, rep *Report) {
	oursS, err := measureSizes(filepath.Join(o.dist, "integry.wasm"), filepath.Join(o.dist, "integry.js"), filepath.Join(o.dist, "wasm_exec.js"))
	if err != nil {
		rep.fail("size", err)
		return
	}
	off, err := measureSizes(o.officialUMD)
	if err != nil {
		rep.fail("size", err)
		return
	}
	rep.add(Row{Section: "1 bundle", Metric: "raw", Unit: "bytes", Ours: num(float64(oursS.Raw)), Official: num(float64(off.Raw))}, 0)
	rep.add(Row{Section: "1 bundle", Metric: "gzip -9", Unit: "bytes", Ours: num(float64(oursS.Gzip)), Official: num(float64(off.Gzip))}, 0.5)
	rep.add(Row{Section: "1 bundle", Metric: "brotli 11", Unit: "bytes", Ours: num(float64(oursS.Brotli)), Official: num(float64(off.Brotli))}, 0)

	// Where the wasm's bytes go: code per Go package, gzipped per package
	// (so the parts add up to a bit more than the whole).
	parts, err := wasmBreakdown()
	if err != nil {
		rep.fail("size (breakdown)", err)
		return
	}
	for _, p := range parts[:min(12, len(parts))] {
		rep.add(Row{Section: "1 bundle", Metric: "wasm part: " + p.Package, Unit: "gzip bytes", Ours: num(float64(p.Gzip)),
			Note: fmt.Sprintf("%d raw", p.Code)}, 0)
	}
}

// sandboxSection loads the sandbox with concurrent Go clients calling a
// cheap function, at three levels.
func sandboxSection(o *options, rep *Report, sb *sandboxProc) {
	for _, workers := range []int{1, 16, 128} {
		c, err := sb.client(benchUser, workers)
		if err != nil {
			rep.fail("sandbox", err)
			return
		}
		params, _ := json.Marshal(cheapParams)
		var mu sync.Mutex
		var lat Sample
		var failures int
		deadline := time.Now().Add(o.loadFor)
		var wg sync.WaitGroup
		start := time.Now()
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine Sample
				bad := 0
				for time.Now().Before(deadline) {
					t0 := time.Now()
					res, err := c.CallFunction(context.Background(), cheapFn, params, nil)
					if err != nil || !res.Executed {
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
		rep.add(Row{Section: "6 sandbox", Metric: metric + " throughput", Unit: "calls/s", Ours: num(float64(len(lat)) / secs), Note: note}, 0)
		rep.add(Row{Section: "6 sandbox", Metric: metric + " p50", Unit: "ms", Ours: num(lat.Median())}, 0)
		rep.add(Row{Section: "6 sandbox", Metric: metric + " p99", Unit: "ms", Ours: num(lat.Quantile(0.99))}, 0)
	}
}
