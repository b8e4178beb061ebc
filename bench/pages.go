package main

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
)

// SDK is one of the two SDKs under comparison, as a page loads it.
type SDK struct {
	Name   string // "ours" or "official"
	Script string // path of the script on the page server
}

var (
	ours     = SDK{Name: "ours", Script: "/ours/integry.js"}
	official = SDK{Name: "official", Script: "/official/index.umd.js"}
)

// pageConfig is what every bench page needs to build an instance.
type pageConfig struct {
	Sandbox string `json:"baseUrl"`
	AppKey  string `json:"appKey"`
	Hash    string `json:"hash"`
	UserID  string `json:"userId"`
}

// pageTemplate is the same page for both SDKs: it records navigation start to
// the ready event in window.__bench, and exposes the instance as window.sdk.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench {{.SDK}}</title></head>
<body><div id="form-root"></div>
<script>
window.__bench = { readyAt: null, errors: [], wasmMemory: null };
// Keep a handle on any wasm memory the SDK instantiates, to measure it.
for (const k of ["instantiate", "instantiateStreaming"]) {
  const orig = WebAssembly[k];
  WebAssembly[k] = async function (...args) {
    const r = await orig.apply(this, args);
    const inst = r.instance || r;
    if (inst.exports && inst.exports.mem) window.__bench.wasmMemory = inst.exports.mem;
    return r;
  };
}
</script>
<script src="{{.Script}}"></script>
<script>
const cfg = {{.Config}};
window.sdk = new IntegryJS({
  appKey: cfg.appKey, hash: cfg.hash, user: { userId: cfg.userId },
  baseUrl: cfg.baseUrl, authBaseUrl: cfg.baseUrl, baseAPIUrl: cfg.baseUrl,
});
window.sdk.eventEmitter.on("ready", () => { window.__bench.readyAt = performance.now(); });
window.addEventListener("error", (e) => window.__bench.errors.push(String(e.message)));
</script></body></html>`))

// pageServer serves the bench pages on an origin of its own (not the
// sandbox's), our bundle under /ours/ and the official UMD under /official/.
func pageServer(dist, officialUMD string, cfg pageConfig) (*httptest.Server, error) {
	if _, err := os.Stat(filepath.Join(dist, "integry.wasm")); err != nil {
		return nil, fmt.Errorf("our bundle is not built (run make wasm): %w", err)
	}
	if _, err := os.Stat(officialUMD); err != nil {
		return nil, fmt.Errorf("the official SDK is not installed (run make npm): %w", err)
	}
	cfgJSON, _ := json.Marshal(cfg)
	mux := http.NewServeMux()
	mux.Handle("/ours/", http.StripPrefix("/ours/", http.FileServer(http.Dir(dist))))
	mux.HandleFunc("/official/index.umd.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, officialUMD)
	})
	for _, s := range []SDK{ours, official} {
		mux.HandleFunc("/"+s.Name+".html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			pageTemplate.Execute(w, map[string]any{
				"SDK": s.Name, "Script": s.Script,
				"Config": template.JS(cfgJSON),
			})
		})
	}
	return httptest.NewServer(mux), nil
}

// js builds a snippet: each "%s" in snippet is replaced, in order, by the
// JSON of the next argument.
func js(snippet string, args ...any) string {
	for _, a := range args {
		b, _ := json.Marshal(a)
		snippet = strings.Replace(snippet, "%s", string(b), 1)
	}
	return strings.TrimSpace(snippet)
}
