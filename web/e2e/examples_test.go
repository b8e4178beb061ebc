//go:build !js

package e2e

import (
	"bufio"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/browsertest"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// examplesEnv serves web/examples under /examples/, the built bundle under
// /dist/ and web/npm under /npm/ on the page origin, as `python3 -m http.server -d web` does
// (web/examples/README.md), and the bundle at /sdk/ on the sandbox, as
// `make demo` does (the components example loads it from there, a
// cross-origin script like the official docs' CDN one). The files are
// served as they are in the repository: the pages find the sandbox through
// ?sandbox=.
func examplesEnv(t *testing.T) *env {
	dist := bundle(t)
	e := newEnv(t, sandboxtest.WithMount("/sdk/", os.DirFS(dist)))
	e.serve("/examples/", os.DirFS(filepath.Join(repoRoot, "web", "examples")))
	e.serve("/dist/", os.DirFS(dist))
	e.serve("/npm/", os.DirFS(filepath.Join(repoRoot, "web", "npm")))
	return e
}

// serve serves fsys under prefix on the page origin unchanged (mount
// rewrites the sandbox's address in the pages; the examples must not need
// that), but for the test's own head scripts in HTML pages.
func (e *env) serve(prefix string, fsys fs.FS) {
	e.pages.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), e.rewriting(fsys, "", "")))
}

// exampleURL is page with this test's sandbox and user in its query, as a
// person would open it.
func (e *env) exampleURL(page, user string) string {
	return page + "?" + url.Values{"sandbox": {e.sb.URL}, "user": {user}}.Encode()
}

// The examples have one button per step, so the journey needs no picker.
func exampleWay(e *env, page, user string) wayIn {
	return wayIn{url: e.exampleURL(e.pageURL+"/examples/"+page, user), persons: `#list-persons`}
}

// TestExamplesSayWhereTheSandboxIs: each plain-page example shows the
// sandbox and the user it uses; one served from an origin the sandbox does
// not allow says so, with the command that allows it, and one pointed at
// no sandbox says that nothing answers.
func TestExamplesSayWhereTheSandboxIs(t *testing.T) {
	e := examplesEnv(t)
	for _, page := range []string{"script-tag/", "migration/index.html", "components/"} {
		e.do("open "+page, navigate(e.exampleURL(e.pageURL+"/examples/"+page, "e2e-where")),
			visible(css(`body[data-sdk="ready"]`)))
		where := eval[[]string](e, `[document.querySelector("#where-sandbox").textContent, document.querySelector("#where-user").textContent]`)
		if where[0] != e.sb.URL || where[1] != "e2e-where" {
			t.Errorf("%s says sandbox %q and user %q, want %q and e2e-where", page, where[0], where[1], e.sb.URL)
		}
	}

	// Another origin, which the sandbox was not told about.
	other := http.NewServeMux()
	srv := httptest.NewServer(other)
	t.Cleanup(srv.Close)
	other.Handle("/", http.FileServerFS(os.DirFS(filepath.Join(repoRoot, "web"))))
	e.do("open the script-tag example on an origin the sandbox refuses",
		navigate(srv.URL+"/examples/script-tag/?"+url.Values{"sandbox": {e.sb.URL}}.Encode()),
		visible(css(`#problem[data-problem="cors"]`)))
	if msg := eval[string](e, `document.querySelector("#problem").textContent`); !strings.Contains(msg, "INTEGRY_SANDBOX_ALLOW_ORIGIN="+srv.URL+" make demo") {
		t.Errorf("the refused page says %q; want the command that allows %s", msg, srv.URL)
	}
	e.do("open it against a sandbox that is not running",
		navigate(e.pageURL+"/examples/script-tag/?sandbox=http://127.0.0.1:9"),
		visible(css(`#problem[data-problem="down"]`)))
	if msg := eval[string](e, `document.querySelector("#problem").textContent`); !strings.Contains(msg, "make demo") {
		t.Errorf("the page with no sandbox says %q; want it to name make demo", msg)
	}
}

func TestScriptTagJourney(t *testing.T) {
	e := examplesEnv(t)
	rep := e.journey(exampleWay(e, "script-tag/", "e2e-script"), "e2e-script")
	e.noConsoleErrors(nil)
	t.Logf("script tag: ready in %v, journey in %v, %d persons over %d pages", rep.ready, rep.total, rep.personsN, rep.pages)
}

// TestMigrationJourney runs the app written for @integry/sdk on
// integry-wasm: the same journey as the other ways in.
func TestMigrationJourney(t *testing.T) {
	e := examplesEnv(t)
	rep := e.journey(exampleWay(e, "migration/index.html", "e2e-migration"), "e2e-migration")
	e.noConsoleErrors(nil)
	t.Logf("migration: ready in %v, journey in %v, %d persons over %d pages", rep.ready, rep.total, rep.personsN, rep.pages)
}

// TestMigrationIsOneLine holds the migration example to its promise: the
// official and the integry-wasm entries differ in the SDK's script line
// and nowhere else.
func TestMigrationIsOneLine(t *testing.T) {
	browsertest.EngineIndependent(t)
	dir := filepath.Join(repoRoot, "web", "examples", "migration")
	ours, official := readLines(t, filepath.Join(dir, "index.html")), readLines(t, filepath.Join(dir, "official.html"))
	if len(ours) != len(official) {
		t.Fatalf("index.html has %d lines, official.html %d; want the same file but for one line", len(ours), len(official))
	}
	var diff []int
	for i := range ours {
		if ours[i] != official[i] {
			diff = append(diff, i)
		}
	}
	if len(diff) != 1 {
		t.Fatalf("the entries differ on %d lines (%v), want exactly one", len(diff), diff)
	}
	i := diff[0]
	if !strings.Contains(ours[i], `src="../../dist/integry.js"`) || !strings.Contains(official[i], `@integry/sdk/dist/umd/index.umd.js`) {
		t.Errorf("the differing line is not the SDK's script tag:\n  ours:     %s\n  official: %s", ours[i], official[i])
	}
}

// TestMigrationRunsOnTheOfficialSDK opens official.html, the same app.js
// on @integry/sdk 4.9.37 from web/node_modules, against the same sandbox:
// it gets ready and renders its marketplace. (The official connectApp only
// trusts messages from https://app.integry.io, so the journey itself cannot
// run there: docs/protocol.md#differs-message-origin.)
func TestMigrationRunsOnTheOfficialSDK(t *testing.T) {
	umd := filepath.Join(repoRoot, "web", "node_modules", "@integry", "sdk", "dist", "umd", "index.umd.js")
	if _, err := os.Stat(umd); err != nil {
		t.Skipf("@integry/sdk is not installed in web/node_modules (make npm): %v", err)
	}
	e := newEnv(t) // no integry-wasm bundle needed
	e.serve("/examples/", os.DirFS(filepath.Join(repoRoot, "web", "examples")))
	e.serve("/node_modules/@integry/sdk/", os.DirFS(filepath.Join(repoRoot, "web", "node_modules", "@integry", "sdk")))
	e.do("open official.html", navigate(e.exampleURL(e.pageURL+"/examples/migration/official.html", "e2e-official")),
		visible(css(`body[data-sdk="ready"]`)),
		visible(css(`#marketplace #embed--appsContainer`)))
	if n := len(e.events()); n == 0 {
		t.Errorf("the official SDK's ready event is not in the log")
	}
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		lines = append(lines, s.Text())
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
