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

// SDK is one of the two SDKs under comparison, as a page loads it, or the
// page without an SDK that the plain-fetch floor runs on.
type SDK struct {
	Name   string // "ours", "official" or "plain"
	Script string // path of the script on the page server; empty for plain
}

var (
	ours     = SDK{Name: "ours", Script: "/ours/integry.js"}
	official = SDK{Name: "official", Script: "/official/index.umd.js"}
	plain    = SDK{Name: "plain"}
)

// pageConfig is what every bench page needs to build an instance.
type pageConfig struct {
	Sandbox string `json:"baseUrl"`
	AppKey  string `json:"appKey"`
	Hash    string `json:"hash"`
	UserID  string `json:"userId"`
}

// pageTemplate is the same page for both SDKs: it records navigation start to
// the ready event in window.__bench, exposes the instance as window.sdk, and
// carries the helpers the sections share, so that both SDKs are timed by the
// same code. The plain page has no SDK and is ready at once.
//
// __bench.rendered(selector, n) resolves with performance.now() once the
// document holds at least n elements matching selector and two animation
// frames have passed (the second frame starts after the first one painted).
// It watches with a MutationObserver, so it sees the DOM change as it
// happens whatever the SDK's own events say. __bench.textRendered(texts,
// root) does the same until root's text holds every one of texts, and
// __bench.closeForm clicks a close button and waits until the fields are
// gone.
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
window.addEventListener("error", (e) => window.__bench.errors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => window.__bench.errors.push("unhandled rejection: " + String(e.reason && e.reason.message || e.reason)));
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
window.__bench.count = (selector) => document.querySelectorAll(selector).length;
window.__bench.rendered = (selector, n, timeoutMs) => new Promise((resolve, reject) => {
  let done = false;
  const finish = async () => {
    done = true; obs.disconnect(); clearTimeout(timer);
    await frame(); await frame();
    resolve(performance.now());
  };
  const check = () => { if (!done && window.__bench.count(selector) >= n) finish(); };
  const obs = new MutationObserver(check);
  obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  const timer = setTimeout(() => { if (!done) { done = true; obs.disconnect();
    reject(new Error("timed out waiting for " + n + " × " + selector + " (have " + window.__bench.count(selector) + ")")); } }, timeoutMs || 60000);
  check();
});
window.__bench.gone = (selector, timeoutMs) => new Promise((resolve, reject) => {
  const check = () => { if (window.__bench.count(selector) === 0) { obs.disconnect(); clearTimeout(timer); resolve(); } };
  const obs = new MutationObserver(check);
  obs.observe(document.documentElement, { childList: true, subtree: true });
  const timer = setTimeout(() => { obs.disconnect(); reject(new Error(selector + " still on the page")); }, timeoutMs || 10000);
  check();
});
// closeForm clicks the form's close button and waits until its fields are
// gone and a frame has passed.
window.__bench.closeForm = async (selector, closeSelector) => {
  const btn = document.querySelector(closeSelector);
  if (!btn) throw new Error("no close button " + closeSelector);
  btn.click();
  await window.__bench.gone(selector);
  await frame();
};
window.__bench.textRendered = (texts, root, timeoutMs) => new Promise((resolve, reject) => {
  let done = false;
  const has = () => { const el = document.querySelector(root); if (!el) return false;
    const t = el.textContent; return texts.every((x) => t.includes(x)); };
  const finish = async () => {
    done = true; obs.disconnect(); clearTimeout(timer);
    await frame(); await frame();
    resolve(performance.now());
  };
  const check = () => { if (!done && has()) finish(); };
  const obs = new MutationObserver(check);
  obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  const timer = setTimeout(() => { if (!done) { done = true; obs.disconnect();
    reject(new Error("timed out waiting for " + JSON.stringify(texts) + " in " + root)); } }, timeoutMs || 60000);
  check();
});
</script>
{{if .Script}}<script src="{{.Script}}"></script>
<script>
const cfg = {{.Config}};
window.sdk = new IntegryJS({
  appKey: cfg.appKey, hash: cfg.hash, user: { userId: cfg.userId },
  baseUrl: cfg.baseUrl, authBaseUrl: cfg.baseUrl, baseAPIUrl: cfg.baseUrl,
});
window.sdk.eventEmitter.on("ready", () => { window.__bench.readyAt = performance.now(); });
</script>{{else}}<script>window.__bench.readyAt = performance.now();</script>{{end}}
</body></html>`))

// pageServer serves the bench pages on an origin of its own (not the
// sandbox's), our bundle under /ours/ and the official UMD under /official/.
// /blank.html is an empty page of the same origin, where a profiled tab
// waits before it navigates to the page it measures.
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
	mux.HandleFunc("/blank.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><title>blank</title>"))
	})
	for _, s := range []SDK{ours, official, plain} {
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
