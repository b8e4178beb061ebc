package sandbox_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

func TestMountsServeTheBundleWithTypesAndGzip(t *testing.T) {
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("go"), 4096)...)
	sb := sandboxtest.New(t,
		sandboxtest.WithMount("/sdk/", fstest.MapFS{"integry.wasm": {Data: wasm}, "integry.js": {Data: []byte("export {}")}}),
		sandboxtest.WithMount("/", fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>demo</title>")}}))
	req, _ := http.NewRequest("GET", sb.URL+"/sdk/integry.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/wasm" || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("wasm headers %v", resp.Header)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, wasm) {
		t.Fatal("the gzipped wasm differs from the file")
	}
	r := send(t, "GET", sb.URL+"/sdk/integry.js", "")
	if r.status != 200 || r.header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("js: %d %v", r.status, r.header)
	}
	for _, p := range []string{"/", "/index.html"} {
		r = send(t, "GET", sb.URL+p, "")
		if r.status != 200 || string(r.body) != "<!doctype html><title>demo</title>" {
			t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
	}
	wantStatus(t, send(t, "GET", sb.URL+"/sdk/missing.js", ""), 404)
	// API routes win over the "/" mount.
	wantStatus(t, send(t, "GET", sb.URL+"/verify-sdk-config/", ""), 403)
}

func TestCatalogDirReplacesTheEmbeddedCatalog(t *testing.T) {
	dir := t.TempDir()
	meteo, err := os.ReadFile(filepath.Join("catalog", "open-meteo.json"))
	if err != nil {
		t.Fatal(err)
	}
	custom := strings.Replace(string(meteo), `"title": "Weather forecast"`, `"title": "Custom forecast"`, 1)
	os.WriteFile(filepath.Join(dir, "open-meteo.json"), []byte(custom), 0o644)
	os.Mkdir(filepath.Join(dir, "icons"), 0o755)
	os.WriteFile(filepath.Join(dir, "icons", "open-meteo.svg"), []byte("<svg/>"), 0o644)
	sb := sandboxtest.New(t, sandboxtest.WithOptions(func(o *sandbox.Options) { o.CatalogDir = dir }))
	r := api(t, sb, "u", "POST", "/apps/list/", "")
	if apps := r.json(t)["apps"].([]any); len(apps) != 1 {
		t.Fatalf("apps %s", r.body)
	}
	r = api(t, sb, "u", "POST", "/functions/open-meteo-get-forecast/get/?include=meta", "{}")
	if !strings.Contains(string(r.body), `"title":"Custom forecast"`) {
		t.Fatalf("custom title missing: %s", r.body)
	}
	if r := send(t, "GET", sb.URL+"/icons/open-meteo.svg", ""); string(r.body) != "<svg/>" {
		t.Fatalf("icon %q", r.body)
	}
	wantStatus(t, api(t, sb, "u", "GET", "/functions/slack-post-message/get/", ""), 404)
	if _, err := sandbox.New(sandbox.Options{Memory: true, CatalogDir: filepath.Join(dir, "missing")}); err == nil {
		t.Fatal("a missing catalog folder must fail")
	}
}
