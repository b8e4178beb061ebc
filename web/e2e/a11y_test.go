//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/integry-go/integry/internal/browsertest"
)

// axeViolation is one rule axe-core found broken.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// axe runs axe-core (from web/node_modules) on the page against the WCAG
// 2 A and AA rules and returns the violations.
func (e *env) axe() []axeViolation {
	e.t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		e.t.Skipf("axe-core is not installed in web/node_modules (make npm): %v", err)
	}
	if err := chromedp.Do(e.chrome(), chromedp.Evaluate[chromedp.Void](string(src))); err != nil { // past the page's CSP
		e.t.Fatalf("loading axe-core: %v", err)
	}
	return eval[[]axeViolation](e, `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } })
		.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) })))`)
}

// TestDemoAccessible checks the demo page, with the marketplace rendered,
// in the light and the dark theme.
func TestDemoAccessible(t *testing.T) {
	browsertest.ChromiumOnly(t) // the audit runs once
	e := demoEnv(t)
	e.do("open the demo", navigate(e.demoURL("e2e-a11y")),
		visible(css(`body[data-sdk="ready"]`)),
		visible(css(`#marketplace li.integry-app-card`)),
		enabled(css(`#invoke`)))
	for _, theme := range []string{"light", "dark"} {
		e.do("switch to the "+theme+" theme", script(`document.documentElement.dataset.theme = "`+theme+`"`))
		for _, v := range e.axe() {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, strings.Join(n.Target, " "))
			}
			t.Errorf("%s theme: %s (%s): %s at %s", theme, v.ID, v.Impact, v.Help, strings.Join(where, "; "))
		}
	}
	e.noConsoleErrors(nil)
}
