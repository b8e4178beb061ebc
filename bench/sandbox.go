package main

import (
	"bytes"
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

	"github.com/integry-go/integry/sandbox"
)

// The bench talks to the sandbox over plain HTTP, as its wire protocol
// (docs/) describes it, and to the SDKs only through their JavaScript API,
// so that it keeps working while either side is rewritten.

// sandboxProc is an in-process sandbox on a loopback port.
type sandboxProc struct {
	srv     *sandbox.Server
	url     string
	catalog string   // the bench's catalog folder, removed on close
	titles  []string // the catalog's app titles, as a marketplace shows them
}

// startSandbox starts a memory-backed sandbox on the bench's own catalog.
func startSandbox() (*sandboxProc, error) {
	dir, titles, err := benchCatalog()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	srv, err := sandbox.New(sandbox.Options{
		Memory:       true,
		AllowOrigins: []string{"*"},
		CatalogDir:   dir,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	go srv.Serve(ln)
	return &sandboxProc{srv: srv, url: "http://" + ln.Addr().String(), catalog: dir, titles: titles}, nil
}

func (s *sandboxProc) close() {
	s.srv.Close()
	os.RemoveAll(s.catalog)
}

// creds is the query that authenticates user.
func (s *sandboxProc) creds(user string) url.Values {
	return url.Values{"app_key": {s.srv.AppKey()}, "hash": {s.srv.Hash(user)}, "user_id": {user}}
}

// apiJSON sends body as JSON to path with user's credentials and decodes the
// answer into out (when not nil). Any status but 2xx is an error.
func (s *sandboxProc) apiJSON(hc *http.Client, method, path, user string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path+"?"+s.creds(user).Encode(), rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: HTTP %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// call invokes fn for user and checks that it executed with network_code 200.
func (s *sandboxProc) call(hc *http.Client, user, fn string, params any) error {
	var res struct {
		NetworkCode string          `json:"network_code"`
		Output      json.RawMessage `json:"output"`
	}
	if err := s.apiJSON(hc, "POST", "/functions/"+fn+"/call/", user, params, &res); err != nil {
		return err
	}
	if res.NetworkCode != "200" && res.NetworkCode != "201" {
		return fmt.Errorf("%s: network_code %q: %.200s", fn, res.NetworkCode, res.Output)
	}
	return nil
}

// connect connects app for user the way a person does: read the app's
// login_url and answer its consent form with decision=allow (the sandbox
// answers JSON when asked for it, instead of the page that posts to the
// opener).
func (s *sandboxProc) connect(user, app string) error {
	var a struct {
		LoginURL string `json:"login_url"`
	}
	if err := s.apiJSON(http.DefaultClient, "GET", "/apps/"+app+"/", user, nil, &a); err != nil {
		return err
	}
	if a.LoginURL == "" {
		return fmt.Errorf("app %s has no login_url", app)
	}
	form := url.Values{"decision": {"allow"}, "display_name": {"bench " + app}}
	req, _ := http.NewRequest("POST", a.LoginURL, strings.NewReader(form.Encode()))
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

// seed connects pipedrive and hubspot for the bench user and fills them:
// persons to page through (whose page of 500 is the 142 KB output) and,
// with contacts, the contacts whose page of 500 is the ~1 MB output.
func (s *sandboxProc) seed(persons int, contacts bool) error {
	for _, app := range []string{"pipedrive", "hubspot"} {
		if err := s.connect(benchUser, app); err != nil {
			return err
		}
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	err := parallel(16, persons, func(i int) error {
		return s.call(hc, benchUser, "pipedrive-add-a-person",
			map[string]any{"name": fmt.Sprintf("Person %05d", i), "emails": []string{fmt.Sprintf("p%d@example.com", i)}})
	})
	if err != nil {
		return fmt.Errorf("seeding persons: %w", err)
	}
	if !contacts {
		return nil
	}
	// HubSpot checks each new contact's email against all the others, so
	// these go one at a time.
	err = parallel(1, largeContacts, func(i int) error {
		props := map[string]any{}
		for k := range contactProps {
			props[fmt.Sprintf("bench_property_%02d", k)] = fmt.Sprintf("value %d of contact %d, as a CRM stores it", k, i)
		}
		return s.call(hc, benchUser, "hubspot-create-contact", map[string]any{
			"email": fmt.Sprintf("contact%04d@example.com", i), "firstname": "Contact", "lastname": fmt.Sprintf("%04d", i),
			"properties": props,
		})
	})
	if err != nil {
		return fmt.Errorf("seeding contacts: %w", err)
	}
	return nil
}

// parallel runs f(0..n-1) on workers goroutines and returns the first error.
func parallel(workers, n int, f func(i int) error) error {
	next := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var first error
feed:
	for i := range n {
		select {
		case next <- i:
		case first = <-errs:
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first == nil {
		select {
		case first = <-errs:
		default:
		}
	}
	return first
}

// flowAppsServed reports whether the sandbox serves the two reads the
// official marketplace makes before it draws anything.
func (s *sandboxProc) flowAppsServed() bool {
	for _, p := range []string{"/api/v1/sdk/flow-apps/", "/api/v1/app-user-variables/"} {
		if s.apiJSON(http.DefaultClient, "GET", p, benchUser, nil, nil) != nil {
			return false
		}
	}
	return true
}

// benchCatalog writes the bench's catalog folder: the sandbox's catalog
// files, with functions of 10, 100 and 500 fields added to pipedrive (an
// app the bench user has connected, because the official showFunctionUI
// refuses to render a form whose app has no connected account). It returns
// the folder and the apps' titles.
func benchCatalog() (string, []string, error) {
	dir, err := os.MkdirTemp("", "integry-bench-catalog-")
	if err != nil {
		return "", nil, err
	}
	src := filepath.Join("sandbox", "catalog")
	if _, err := os.Stat(src); err != nil {
		return dir, nil, fmt.Errorf("reading %s (run from the repository root): %w", src, err)
	}
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		return dir, nil, err
	}
	var fns []any
	for _, n := range formSizes {
		props := map[string]any{}
		for i := range n {
			props[fmt.Sprintf("field_%03d", i)] = map[string]any{"type": "string", "description": fmt.Sprintf("Field number %d.", i)}
		}
		fns = append(fns, map[string]any{
			"name": formFn(n), "description": fmt.Sprintf("A form with %d fields", n),
			"type": "ACTION", "title": fmt.Sprintf("%d fields", n),
			"parameters": map[string]any{"type": "object", "properties": props, "required": []string{"field_000"}},
			"call":       map[string]any{"method": "POST", "path": "/v1/persons"},
		})
	}
	path := filepath.Join(dir, formApp+".json")
	b, err := os.ReadFile(path)
	if err != nil {
		return dir, nil, err
	}
	var app map[string]any
	if err := json.Unmarshal(b, &app); err != nil {
		return dir, nil, err
	}
	existing, _ := app["functions"].([]any)
	app["functions"] = append(existing, fns...)
	b, _ = json.MarshalIndent(app, "", " ")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return dir, nil, err
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var titles []string
	for _, f := range files {
		var a struct {
			Title string `json:"title"`
		}
		b, err := os.ReadFile(f)
		if err == nil && json.Unmarshal(b, &a) == nil && a.Title != "" {
			titles = append(titles, a.Title)
		}
	}
	return dir, titles, nil
}

// responseSize is the byte length of fn's call response for user.
func (s *sandboxProc) responseSize(user, fn string, params any) (int, error) {
	var raw json.RawMessage
	if err := s.apiJSON(http.DefaultClient, "POST", "/functions/"+fn+"/call/", user, params, &raw); err != nil {
		return 0, err
	}
	return len(raw), nil
}
