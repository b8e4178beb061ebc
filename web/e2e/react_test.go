//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox"
)

// reactApp is web/examples/react installed from a freshly packed
// integry-wasm tarball, type-checked by tsc and built by Vite; built once
// per test binary and shared by the React tests.
var reactApp struct {
	once  sync.Once
	dir   string // the installed app (node_modules inside)
	dist  string // vite build's output
	files []string
	took  time.Duration
	err   error
}

func buildReactExample(t *testing.T) (app, dist string) {
	t.Helper()
	bundleDir := bundle(t)
	reactApp.once.Do(func() {
		start := time.Now()
		reactApp.err = func() error {
			work, err := os.MkdirTemp(tmpRoot, "react-")
			if err != nil {
				return err
			}
			tarball, files, err := packNPM(bundleDir, work)
			if err != nil {
				return err
			}
			reactApp.files = files
			app := filepath.Join(work, "app")
			if err := copyDir(filepath.Join(repoRoot, "web", "examples", "react"), app, func(rel string) bool {
				return rel != "node_modules" && rel != "dist" && rel != "package-lock.json" && !strings.HasSuffix(rel, ".tgz")
			}); err != nil {
				return err
			}
			bin := filepath.Join(app, "node_modules", ".bin")
			for _, c := range [][]string{
				{"npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball},
				// tsc checks the example against react.d.ts and index.d.ts as shipped.
				{filepath.Join(bin, "tsc"), "--noEmit", "-p", "."},
				// React's development build: StrictMode double-mounts only there.
				{"env", "NODE_ENV=development", filepath.Join(bin, "vite"), "build", "--mode", "development", "--logLevel", "warn"},
			} {
				if _, err := command(app, c[0], c[1:]...); err != nil {
					return err
				}
			}
			reactApp.dir, reactApp.dist = app, filepath.Join(app, "dist")
			return nil
		}()
		reactApp.took = time.Since(start)
	})
	if reactApp.err != nil {
		t.Fatalf("building the React example: %v", reactApp.err)
	}
	return reactApp.dir, reactApp.dist
}

// packNPM packs web/npm with the bundle in dist into work and returns the
// tarball's path and the files it holds.
func packNPM(dist, work string) (string, []string, error) {
	pkg := filepath.Join(work, "pkg")
	if err := copyDir(filepath.Join(repoRoot, "web", "npm"), pkg, func(rel string) bool {
		return rel != "node_modules" && rel != "test" && !strings.HasSuffix(rel, ".tgz")
	}); err != nil {
		return "", nil, err
	}
	for _, f := range npmBuilt {
		if err := copyFile(filepath.Join(dist, f), filepath.Join(pkg, f)); err != nil {
			return "", nil, err
		}
	}
	out, err := command(work, "npm", "pack", pkg, "--pack-destination", work, "--json", "--loglevel=error")
	if err != nil {
		return "", nil, err
	}
	var packed []struct {
		Filename string `json:"filename"`
		Files    []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if err := json.Unmarshal(out, &packed); err != nil || len(packed) != 1 {
		return "", nil, fmt.Errorf("npm pack --json printed %s (%v)", out, err)
	}
	var files []string
	for _, f := range packed[0].Files {
		files = append(files, f.Path)
	}
	slices.Sort(files)
	return filepath.Join(work, packed[0].Filename), files, nil
}

// command runs name in dir and returns its standard output, or an error
// with everything it printed.
func command(dir, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return out, nil
}

// copyDir copies the regular files under from to to, skipping the paths
// keep rejects (a rejected folder is skipped whole).
func copyDir(from, to string, keep func(rel string) bool) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if rel != "." && !keep(filepath.ToSlash(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, target)
	})
}

// countCreates wraps __integryWasm.create as soon as the wasm publishes it,
// counting into window.__creates the instances the Go side makes. It is a
// test hook on the loader's internal API object.
const countCreates = `(() => {
	let api;
	window.__creates = 0;
	Object.defineProperty(globalThis, "__integryWasm", {
		configurable: true,
		get() { return api; },
		set(v) {
			api = v;
			if (v && typeof v.create === "function") {
				const create = v.create;
				v.create = function (...args) { window.__creates++; return create.apply(this, args); };
			}
		},
	});
})()`

// TestReactJourney runs web/examples/react (React 19, StrictMode, bundled
// by Vite from the packed tarball) through the journey: the marketplace,
// connect Slack with <ConnectButton> through the consent popup, useApp kept
// live, <FunctionForm> with submit, useInvoke with invoke and nextPage,
// disconnect with useApp, cancel. Around it: StrictMode's double mount makes
// exactly one instance (and one live), and unmounting the provider leaves
// no instance and no live js.Func beyond the wasm's own.
func TestReactJourney(t *testing.T) {
	_, dist := buildReactExample(t)
	e := newEnv(t)
	e.serve("/", os.DirFS(dist))
	const user = "e2e-react"
	// Count the marketplace's first requests: one showApps per mount.
	e.sb.AddFault(t, sandbox.Fault{Path: "/apps/list", Method: "POST", LatencyMS: 1})
	e.addHeadScript(countCreates)

	type stats struct {
		LiveFuncs int `json:"liveFuncs"`
		Instances int `json:"instances"`
		Creates   int `json:"creates"`
	}
	const measure = `new Promise((r) => setTimeout(r, 200)).then(() => ({ ...__integryWasm.stats(), creates: window.__creates }))`

	// The page preloads the wasm (IntegryJS.load()) with the provider unmounted.
	e.do("open the page unmounted", navigate(e.exampleURL(e.pageURL+"/", user)+"&mounted=0"), present(css(`body[data-mounted="no"]`)))
	eval[bool](e, `new Promise((r) => { const t = setInterval(() => { if (globalThis.__integryWasm) { clearInterval(t); r(true); } }, 20); })`)
	baseline := eval[stats](e, measure)
	if baseline.Instances != 0 || baseline.Creates != 0 {
		t.Fatalf("before mounting: %+v, want no instance", baseline)
	}

	start := time.Now()
	e.do("mount the provider under StrictMode", click(css(`#toggle`)), visible(css(`body[data-sdk="ready"]`)))
	mounted := eval[stats](e, measure)
	if mounted.Creates != 1 || mounted.Instances != 1 {
		t.Errorf("StrictMode's double mount made %d instances, %d live; want exactly 1 and 1", mounted.Creates, mounted.Instances)
	}

	e.do("<AppsMarketplace> lists Slack", visible(css(`#marketplace li.integry-app-card[data-app="slack"]`)))
	if n := e.appListRequests(); n != 1 {
		t.Errorf("StrictMode's double mount rendered the marketplace %d times, want once", n)
	}
	e.do("useFunction gives the signature", visible(css(`#signature`)))
	if sig := eval[string](e, pollJS(`document.querySelector("#signature").textContent`, `v === "Post a message in a channel"`)); sig != "Post a message in a channel" {
		t.Errorf("#signature = %q", sig)
	}
	e.do("useApp: not connected", visible(css(`#slack-status[data-connected="no"]`)), enabled(css(`#connect-slack`)))
	if label := eval[string](e, `document.querySelector("#connect-slack").textContent`); label != "Connect Slack" {
		t.Errorf("<ConnectButton> says %q, want %q", label, "Connect Slack")
	}

	e.connectThroughPopup("slack", click(css(`#connect-slack`)))
	slackID := ""
	e.do("app-connected, and useApp follows it", visible(css(`#event-log [data-event="app-connected"]`)),
		visible(css(`#slack-status[data-connected="yes"]`)),
		present(css(`#connect-slack[data-state="connected"]`)))
	slackID = e.onlyAccount(user, "slack")
	e.do("the account is listed", visible(css(`#slack-accounts li[data-account="`+slackID+`"]`)))

	// The form: rendered before the connect, it is replaced by one that knows
	// Slack is connected.
	form := `#form form.integry-form`
	e.do("<FunctionForm> renders inline without a connect banner", visible(css(form)),
		gone(css(`#form .integry-banner`)))
	prefill := eval[map[string]string](e, `(() => {
		const f = document.querySelector("#form form.integry-form");
		return { text: f.elements.namedItem("text").value, channel: f.elements.namedItem("channel").value,
			submit: f.querySelector("button.integry-submit").textContent, forms: String(document.querySelectorAll("#form form").length) };
	})()`)
	if prefill["text"] != "Hello, team!" || prefill["channel"] != "C01GENERAL" || prefill["submit"] != "Save the message" || prefill["forms"] != "1" {
		t.Errorf("the form is not as the props say: %v", prefill)
	}
	e.typeInto(`#form textarea[name="text"]`, "Hello from React")
	e.do("submit the form", click(css(`#form button.integry-submit`)), visible(css(`#result[data-kind="form"]`)))
	var filled map[string]any
	e.resultJSON(&filled)
	if filled["text"] != "Hello from React" || filled["channel"] != "C01GENERAL" {
		t.Errorf("onSubmit got %v", filled)
	}
	e.do("a fresh form follows", visible(css(form)))
	if v := eval[string](e, `document.querySelector("#form textarea[name=text]").value`); v != "Hello from React" {
		t.Errorf("the fresh form's text is %q, want the new params", v)
	}

	e.do("useInvoke: invoke", click(css(`#invoke`)), visible(css(`#result[data-kind="result"]`)))
	var posted struct {
		NetworkCode string `json:"network_code"`
		Output      struct {
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		} `json:"output"`
	}
	e.resultJSON(&posted)
	if posted.NetworkCode != "200" || posted.Output.Message.Text != "Hello from React" {
		t.Errorf("invoke resolved %+v", posted)
	}
	// Connect Pipedrive from <AppsMarketplace>, as a person would: a new
	// account starts with the sandbox's sample persons.
	pipedriveCard := `#marketplace li.integry-app-card[data-app="pipedrive"]`
	e.connectThroughPopup("pipedrive", click(css(pipedriveCard+` button.integry-connect`)))
	e.do("<AppsMarketplace> shows Pipedrive connected", visible(css(pipedriveCard+` .integry-badge-connected`)))
	pages, persons := e.pagePersons(`#list-persons`, `#next-page`, sandbox.SamplePersons)
	if pages < 3 || persons != sandbox.SamplePersons {
		t.Errorf("nextPage went over %d pages and %d persons, want ≥3 pages and the sample's %d", pages, persons, sandbox.SamplePersons)
	}

	e.do("useApp: disconnect", click(css(`#disconnect`)),
		visible(css(`#event-log [data-event="app-disconnected"]`)),
		visible(css(`#slack-status[data-connected="no"]`)),
		present(css(`#connect-slack[data-state="idle"]`)))
	if ok, err := e.sb.Client(t, user).IsAppConnected(t.Context(), "slack"); err != nil || ok {
		t.Errorf("after disconnect the sandbox says slack connected = %v (%v)", ok, err)
	}
	e.checkConnectEvents(slackID)

	e.do("onCancel", click(css(`#form .integry-host-cancel`)), visible(css(`#open-form`)),
		gone(css(`form.integry-form`)))

	e.do("unmount the provider", click(css(`#toggle`)), present(css(`body[data-mounted="no"]`)))
	after := eval[stats](e, measure)
	if after.Instances != 0 || after.LiveFuncs != baseline.LiveFuncs {
		t.Errorf("after unmounting: %d instances and %d live js.Funcs; want 0 and %d, as before mounting", after.Instances, after.LiveFuncs, baseline.LiveFuncs)
	}
	// Mount again: again exactly one more instance.
	e.do("mount again", click(css(`#toggle`)), visible(css(`body[data-sdk="ready"]`)),
		visible(css(`#marketplace li.integry-app-card`)))
	again := eval[stats](e, measure)
	if again.Creates != 2 || again.Instances != 1 {
		t.Errorf("the second mount: %d instances made in all, %d live; want 2 and 1", again.Creates, again.Instances)
	}
	if n := e.appListRequests(); n != 2 {
		t.Errorf("%d marketplace renders after two mounts, want 2", n)
	}
	e.noConsoleErrors(nil)
	t.Logf("react: pack+install+tsc+vite build in %v; journey in %v; baseline %+v, mounted %+v, after unmount %+v",
		reactApp.took, time.Since(start), baseline, mounted, after)
}

// appListRequests returns how many POST /apps/list requests the sandbox
// has seen (the fault TestReactJourney adds counts them).
func (e *env) appListRequests() int {
	e.t.Helper()
	resp, err := http.Get(e.sb.URL + "/_sandbox/faults")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Faults []sandbox.Fault `json:"faults"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Faults) != 1 {
		e.t.Fatalf("GET /_sandbox/faults: %v %+v", err, body)
	}
	return body.Faults[0].Hits
}

// TestReactAndElementsOnTheServer imports integry-wasm/react and
// integry-wasm/elements in node, as server rendering does, with no window
// and a fetch that throws: nothing runs on import, a tree of the React
// components renders to HTML, and defineElements does nothing. The packed
// tarball ships both entries with their types.
func TestReactAndElementsOnTheServer(t *testing.T) {
	browsertest.EngineIndependent(t)
	app, _ := buildReactExample(t)
	for _, f := range []string{"react.js", "react.d.ts", "elements.js", "elements.d.ts", "bindings.js", "index.js", "index.d.ts"} {
		if !slices.Contains(reactApp.files, f) {
			t.Errorf("the tarball lacks %s; it holds %v", f, reactApp.files)
		}
	}
	script := `
globalThis.fetch = () => { throw new Error("fetched during import or render"); };
for (const name of ["window", "document", "customElements", "HTMLElement"]) {
  if (name in globalThis) throw new Error(name + " exists in node; the test proves nothing");
}
const { createElement: h } = await import("react");
const { renderToString } = await import("react-dom/server");
const R = await import("integry-wasm/react");
const E = await import("integry-wasm/elements");
const want = ["AppsMarketplace", "ConnectButton", "FunctionForm", "IntegryProvider", "useApp", "useFunction", "useIntegry", "useInvoke"];
if (Object.keys(R).sort().join() !== want.join()) throw new Error("react exports: " + Object.keys(R));
if (E.defineElements() !== false) throw new Error("defineElements did something without a DOM");
function Probe() {
  const i = R.useIntegry(), app = R.useApp("slack"), fn = R.useFunction("slack-post-message"), inv = R.useInvoke("x");
  return h("p", { id: "probe" }, String(i) + " " + app.loading + " " + fn.loading + " " + inv.page);
}
const html = renderToString(h(R.IntegryProvider, { config: { appKey: "k", hash: "h", userId: "u" } },
  h(R.AppsMarketplace, { id: "apps" }), h(R.FunctionForm, { name: "slack-post-message", onCancel() {} }), h(R.ConnectButton, { app: "slack" }), h(Probe)));
for (const part of ['<div id="apps" class="integry-host"></div>', 'data-app="slack"', "disabled", '<p id="probe">null true true 0</p>', "integry-host-cancel"]) {
  if (!html.includes(part)) throw new Error("the server HTML lacks " + part + ": " + html);
}
let threw = false;
try { renderToString(h(Probe)); } catch (e) { threw = /IntegryProvider/.test(e.message); }
if (!threw) throw new Error("useIntegry outside a provider did not throw");
console.log(html.length);`
	cmd := exec.Command("node", "--input-type=module", "-e", script)
	cmd.Dir = app
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("server rendering in node: %v\n%s", err, out)
	}
}
