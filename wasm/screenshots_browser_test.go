//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/integry-go/integry/internal/browsertest"
)

// shotCSS is a page's CSS over the official widgets, the way a page writes
// it: the font and colours on its own container, and the official inline
// marketplace's fixed ids (docs/protocol.md#surface-styling).
const shotCSS = `.shot { font-family: Georgia, serif; color: rgb(40, 40, 90); background: rgb(250, 246, 235);
  --integry-fg: rgb(40, 40, 90); --integry-accent: rgb(160, 40, 40); --integry-bg: rgb(250, 246, 235);
  width: 760px; height: 560px; overflow: hidden; padding: 8px; margin: 8px; }
#appsHeaderTitle { color: rgb(160, 40, 40); font-family: 'Courier New', monospace; }
#embed--appsContainer { border-top: 3px solid rgb(160, 40, 40); }
#search-container { margin-top: 7px; }`

// TestScreenshotsOfPageCSS renders both SDKs' inline marketplaces under
// one page's CSS (shotCSS) and writes a PNG of each into
// $INTEGRY_SCREENSHOTS (make screenshots; the committed copies are
// docs/screenshots/page-css-official.png and page-css-ours.png). Without
// that variable it skips: the assertion, under CSS of the same kind, is
// TestPageCSSStylesBothMarketplaces's computed styles.
func TestScreenshotsOfPageCSS(t *testing.T) {
	dir := os.Getenv("INTEGRY_SCREENSHOTS")
	if dir == "" {
		t.Skip("set INTEGRY_SCREENSHOTS=<dir> (make screenshots) to write the PNGs")
	}
	browsertest.ChromiumOnly(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := newPageWith(t, pageOptions{Official: true})
	const user = "u-apps-css"
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	p.ok(`(async () => {
	  document.head.insertAdjacentHTML("beforeend", "<style>" + `+strconv.Quote(shotCSS)+` + "</style>");
	  for (const id of ["official", "ours"]) { const d = document.createElement("div"); d.id = id; d.className = "shot"; document.body.append(d); }
	  const official = new Official(cfg("u-apps-css"));
	  await new Promise((r) => official.eventEmitter.on("ready", r));
	  official.showApps({renderMode: "INLINE", containerId: "official"});
	  const off = document.getElementById("official");
	  const slack = () => [...off.querySelectorAll("*")].some((n) => n.children.length === 0 && n.textContent.trim() === "Slack");
	  for (let k = 0; k < 400 && !slack(); k++) await new Promise((r) => setTimeout(r, 25));
	  await new IntegryJS(cfg("u-apps-css")).showApps({renderMode: "INLINE", containerId: "ours"});
	  // Icons and fonts: wait until every image has loaded.
	  await Promise.all([...document.images].map((i) => i.complete ? 0 : new Promise((r) => { i.onload = i.onerror = r; })));
	  await document.fonts.ready;
	  return true;
	})()`, nil)
	ctx := p.chrome()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(800, 1200)); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"official", "ours"} {
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID(id)))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "page-css-"+id+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
}
