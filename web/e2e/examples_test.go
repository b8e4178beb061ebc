//go:build !js

package e2e

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// examplesEnv serves web/examples under /examples/ on the page origin,
// and the built bundle at /sdk/ on the sandbox, as `make demo` does: the
// examples load the SDK from the sandbox, a cross-origin script like the
// official docs' CDN one.
func examplesEnv(t *testing.T) *env {
	dist := bundle(t)
	e := newEnv(t, sandboxtest.WithMount("/sdk/", os.DirFS(dist)))
	e.mount("/examples/", os.DirFS(filepath.Join(repoRoot, "web", "examples")))
	return e
}

// The examples have one button per step, so the journey needs no picker.
func exampleWay(e *env, page, user string) wayIn {
	return wayIn{url: e.pageURL + "/examples/" + page + "?user=" + user, persons: `#list-persons`}
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
	if !strings.Contains(ours[i], `src="http://127.0.0.1:8080/sdk/integry.js"`) || !strings.Contains(official[i], `@integry/sdk/dist/umd/index.umd.js`) {
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
	e.mount("/examples/", os.DirFS(filepath.Join(repoRoot, "web", "examples")))
	e.mount("/node_modules/@integry/sdk/", os.DirFS(filepath.Join(repoRoot, "web", "node_modules", "@integry", "sdk")))
	e.do("open official.html", chromedp.Navigate(e.pageURL+"/examples/migration/official.html?user=e2e-official"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-sdk="ready"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#marketplace #embed--appsContainer`)))
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
