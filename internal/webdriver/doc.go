// Package webdriver drives Firefox and WebKit for the page tests: a
// WebDriver BiDi client over a small WebSocket client of its own (Firefox
// speaks BiDi natively), and a classic WebDriver client over HTTP
// (WebKitWebDriver, with WebKitGTK's MiniBrowser on a virtual display from
// xvfb-run). internal/browsertest puts both, and chromedp for Chromium,
// behind the one interface the suites use; docs/browsers.md says which
// versions are tested.
package webdriver
