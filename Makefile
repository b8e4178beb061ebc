# integry-wasm: every command a developer or CI runs.
#   make demo   builds the bundle and runs the sandbox with the demo page
#   make test   installs what the tests need, then runs every lane
SHELL := /bin/bash
GO      ?= go
GOROOT  := $(shell $(GO) env GOROOT)
BIN     := $(CURDIR)/bin
DIST    := web/dist
JSENV   := GOOS=js GOARCH=wasm
WASMEXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
# The version has one source: "version" in web/npm/package.json (npm needs it
# there). The wasm (IntegryJS.SDK_VERSION) and the loaders are built with it;
# `make version` prints it, and internal/hygiene checks that they agree.
VERSION := $(shell sed -n 's/^  "version": "\([^"]*\)",*$$/\1/p' web/npm/package.json)
LDFLAGS := -s -w -X github.com/integry-go/integry/sdk.Version=$(VERSION)
# The bundle's own packages, and time, are compiled without inlining: 41 KB
# less gzip (953 against 994 KB of wasm), for code that waits on the browser
# far more than it computes. jsonx keeps it: it scans whole documents.
# (docs/design.md#size; make bench shows the speed.) strings too: only
# packages already built without inlining import it, so only its own calls
# to its helpers stop being inlined; 2.4 KB less gzip (docs/bundle.md#size).
# Not syscall/js: its Invoke keeps the arguments on the stack only when
# makeArgSlices inlines (5x the cost of every host call without).
GCFLAGS := -gcflags=github.com/integry-go/integry/...=-l -gcflags=github.com/integry-go/integry/internal/jsonx= -gcflags=time=-l -gcflags=strings=-l
# The classic collector, not Go 1.26's default "green tea" one, which is
# built for many cores and large heaps: a page has one thread and a heap of
# tens of kilobytes, and the classic one is 12 KB of gzip smaller.
WASMENV := $(JSENV) GOEXPERIMENT=nogreenteagc

# Packages with GOOS=js tests: node runs the ones that need no DOM, Chromium
# (wasmbrowsertest) all of them.
JS_PKGS = $(shell $(JSENV) $(GO) list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./jsbridge/... ./ui/... ./wasm/... 2>/dev/null)

.PHONY: named-wasm bundle all version setup browser firefox webkit tools npm wasm test lint test-native test-wasm-node test-wasm-browser test-firefox test-webkit demo bench bench-profile screenshots fuzz-browser soak clean

all: wasm

version:
	@echo $(VERSION)

## setup: everything the tests need on a fresh machine (root, Debian 12).
setup: browser tools npm

browser:
	@command -v chromium >/dev/null || { echo "installing chromium (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The other engines of the cross-engine lanes (docs/browsers.md): Firefox ESR,
# and WebKitGTK's MiniBrowser with WebKitWebDriver on an X virtual display.
firefox:
	@command -v firefox-esr >/dev/null || { echo "installing firefox-esr (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null; }
webkit:
	@{ command -v WebKitWebDriver && command -v xvfb-run && command -v xauth; } >/dev/null || { echo "installing webkit2gtk-driver and xvfb (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq webkit2gtk-driver xvfb xauth >/dev/null; }

tools: $(BIN)/wasmbrowsertest $(BIN)/staticcheck
$(BIN)/wasmbrowsertest $(BIN)/staticcheck: tools/go.mod tools/go.sum
	cd tools && $(GO) build -o $(BIN)/ github.com/agnivade/wasmbrowsertest honnef.co/go/tools/cmd/staticcheck

npm: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --loglevel=error

## wasm: the browser bundle in web/dist (integry.wasm with its data segments
## merged, precompressed as integry.wasm.gz and .br; wasm_exec.js from this
## GOROOT; the script-tag loader integry.js and the ES module loader.mjs),
## also copied into web/npm for `npm pack`. bundle builds web/dist alone: the
## tests use it as shipped (internal/browsertest.Bundle).
NPM     := web/npm
BUNDLE  := integry.wasm integry.wasm.gz integry.wasm.br wasm_exec.js integry.js loader.mjs
wasm: bundle
	@mkdir -p $(NPM) && cp $(addprefix $(DIST)/,$(BUNDLE)) $(NPM)/
bundle: $(addprefix $(DIST)/,$(BUNDLE))
# go build, then the post-link step that merges Go's tens of thousands of tiny
# data segments (internal/wasmdata, docs/bundle.md); the memory image is the same.
# -lines keeps one file:line per function (where it begins) instead of one per
# statement: 76 KB less gzip; a traceback still names every function, file and
# offset, and bin/integry.linked.wasm maps an offset back to its statement
# (docs/bundle.md#line-tables). -drop-unsafe-points drops the tables of where
# a goroutine may not be preempted by a signal, which a wasm program never
# reads: 6 KB less gzip (docs/bundle.md#unsafe-point-tables). -drop-typelinks
# drops the type links only package reflect reads, which the bundle does not
# link (a wasmdata test checks): 1.7 KB (docs/bundle.md#type-links).
# The Makefile too: it holds the build flags, which change the bytes.
WASM_SRC := $(shell find sdk jsbridge ui wasm internal/jsonx internal/contract -name '*.go' 2>/dev/null) go.mod go.sum web/npm/package.json
$(DIST)/integry.wasm: $(WASM_SRC) $(BIN)/wasmdata Makefile
	$(WASMENV) $(GO) build -trimpath $(GCFLAGS) -ldflags='$(LDFLAGS)' -o $(BIN)/integry.linked.wasm ./wasm
	$(BIN)/wasmdata -lines -drop-unsafe-points -drop-typelinks -o $@ $(BIN)/integry.linked.wasm
# The same build with its function names (no -s -w): the same code, named, for
# the bench's code-per-package and per-function rows (bench/wasmsize.go) and
# for bench-profile.
named-wasm: $(BIN)/integry.named.wasm
$(BIN)/integry.named.wasm: $(WASM_SRC) Makefile
	$(WASMENV) $(GO) build -trimpath $(GCFLAGS) -ldflags='$(filter-out -s -w,$(LDFLAGS))' -o $@ ./wasm
$(BIN)/wasmdata: $(filter-out %_test.go,$(wildcard internal/wasmdata/*.go internal/wasmdata/cmd/wasmdata/*.go))
	$(GO) build -o $@ ./internal/wasmdata/cmd/wasmdata
# Compressed once here, served as they are (Content-Encoding br or gzip).
$(DIST)/integry.wasm.gz $(DIST)/integry.wasm.br &: $(DIST)/integry.wasm web/precompress.sh
	sh web/precompress.sh $(DIST)/integry.wasm
# The two scripts a page loads with a script tag, integry.js and wasm_exec.js,
# are minified, as the official bundle is, by the esbuild web/package-lock.json
# pins (vite's): 16.3 -> 12.5 KB of gzip. --keep-names keeps every function's
# and class's name, and without --target no syntax is rewritten: the same code
# with shorter local names and no comments or spaces. Written beside, then
# moved, since web/dist is embedded (docs/bundle.md#minified-scripts).
MINIFY = web/node_modules/.bin/esbuild --minify --keep-names --format=iife --charset=utf8 --log-level=warning
# Go's glue, from the GOROOT that built the wasm (the two must match).
$(DIST)/wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js web/node_modules/.package-lock.json
	@mkdir -p $(BIN)
	$(MINIFY) $< --outfile=$(BIN)/wasm_exec.min.js && mv $(BIN)/wasm_exec.min.js $@
# The version is compiled into both the wasm and the loader, so rebuild the
# loader whenever the wasm changes. loader.mjs, the npm entry's, is left
# readable: an application's bundler minifies it with the application.
$(DIST)/integry.js $(DIST)/loader.mjs &: web/loader/loader.mjs web/loader/renderer.mjs $(wildcard web/loader/*.mjs) web/loader/script-tag.js wasm/contract.go internal/contract/contract.go web/loader/build.sh $(DIST)/integry.wasm web/node_modules/.package-lock.json
	sh web/loader/build.sh '$(VERSION)' $(DIST)
	$(MINIFY) $(DIST)/integry.js --banner:js="$$(head -n 1 $(DIST)/integry.js)" --outfile=$(BIN)/integry.min.js && mv $(BIN)/integry.min.js $(DIST)/integry.js

## lint: gofmt, go mod tidy (both modules), go vet and staticcheck natively
## and in js/wasm mode (for what the bundle links; the sandbox and the page
## tests are host-only). Only jsbridge may import syscall/js (a test in
## wasm/deps_test.go), and it reads the page's values through helpers that
## recover JavaScript exceptions (jsbridge/js_js.go).
# STATICCHECK_CHECKS is staticcheck's default set, whole: no check is
# excluded. A finding that must stay is silenced where it is, with a
# //lint:ignore comment that says why.
STATICCHECK_CHECKS ?= inherit
JS_LINT_PKGS = ./sdk/... ./jsbridge/... ./ui/... ./wasm/... ./web
lint: tools
	@out=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) mod tidy -diff
	cd tools && $(GO) mod tidy -diff
	$(GO) vet ./...
	$(JSENV) $(GO) vet $(JS_LINT_PKGS)
	$(BIN)/staticcheck -checks '$(STATICCHECK_CHECKS)' ./...
	$(JSENV) $(BIN)/staticcheck -checks '$(STATICCHECK_CHECKS)' $(JS_LINT_PKGS)

## test: every lane. INTEGRY_REQUIRE_BROWSER makes page tests fail, not skip, without Chromium.
test: setup wasm lint test-native test-wasm-node test-wasm-browser test-firefox test-webkit

test-native: wasm
	INTEGRY_REQUIRE_BROWSER=1 $(GO) test -race -count=1 ./...

# The cross-engine suites (those that drive the page through
# internal/browsertest.Open) in Firefox and in WebKit; test-native runs them in
# Chromium, with the Chromium-only deep suites, which skip here.
# In ./wasm only the cross-engine tests run there: the connect popup (Allow,
# Deny, closed, blocked), the CSP check, the modal form by keyboard, the runtime-death
# recovery and the short fuzz lane (its corpus and 300 seeded cases).
ENGINE_PKGS := ./internal/browsertest ./web/e2e
ENGINE_WASM_TESTS := ^(TestConnectApp|TestLoaderWasmURLAndCSP|TestModalFormByKeyboard|TestRuntimeDeathIsRecovered|TestFuzzJSAPI)$$
test-firefox: firefox bundle npm
	INTEGRY_ENGINE=firefox INTEGRY_REQUIRE_BROWSER=1 $(GO) test -count=1 -p 1 $(ENGINE_PKGS)
	INTEGRY_ENGINE=firefox INTEGRY_REQUIRE_BROWSER=1 $(GO) test -count=1 -run '$(ENGINE_WASM_TESTS)' ./wasm
test-webkit: webkit bundle npm
	INTEGRY_ENGINE=webkit INTEGRY_REQUIRE_BROWSER=1 $(GO) test -count=1 -p 1 $(ENGINE_PKGS)
	INTEGRY_ENGINE=webkit INTEGRY_REQUIRE_BROWSER=1 $(GO) test -count=1 -run '$(ENGINE_WASM_TESTS)' ./wasm

# Both wasm lanes run each test binary with its data segments merged, as the
# bundle ships (wasmdata -exec merges, then hands it to the runner).
test-wasm-node: $(BIN)/wasmdata
	@pkgs="$(JS_PKGS)"; if [ -z "$$pkgs" ]; then echo "test-wasm-node: no js/wasm packages yet"; else \
	 $(JSENV) $(GO) test -count=1 -exec="$(BIN)/wasmdata -exec $(WASMEXEC)" $$pkgs; fi

test-wasm-browser: tools browser $(BIN)/wasmdata
	@pkgs="$(JS_PKGS)"; if [ -z "$$pkgs" ]; then echo "test-wasm-browser: no js/wasm packages yet"; else \
	 $(JSENV) $(GO) test -count=1 -exec="$(BIN)/wasmdata -exec $(BIN)/wasmbrowsertest" $$pkgs; fi

## fuzz-browser: the JavaScript API's fuzz lane at length (make test runs its
## corpus and 300 seeded cases): FUZZ_CASES generated cases with seed
## FUZZ_SEED ("time" picks one; the log prints it). Failing cases land in
## bin/fuzz-failed.jsonl, ready for wasm/testdata/fuzz/corpus.jsonl.
FUZZ_CASES ?= 5000
FUZZ_SEED  ?= time
fuzz-browser: bundle browser
	set -o pipefail; INTEGRY_REQUIRE_BROWSER=1 INTEGRY_FUZZ_CASES=$(FUZZ_CASES) INTEGRY_FUZZ_SEED=$(FUZZ_SEED) \
	  INTEGRY_FUZZ_FAILED=$(BIN)/fuzz-failed.jsonl $(GO) test -count=1 -timeout 3h -v -run '^TestFuzzJSAPI$$' ./wasm | grep -v '^=== '

## soak: SOAK (ten minutes) of mixed calls, renders, connects and destroys in
## one page (make test runs 20 s of it); prints the JavaScript heap, the
## WebAssembly memory and the live callbacks at the start and the end.
SOAK ?= 10m
soak: bundle browser
	set -o pipefail; INTEGRY_REQUIRE_BROWSER=1 INTEGRY_SOAK=$(SOAK) $(GO) test -count=1 -timeout 2h -v -run '^TestSoak$$' ./wasm | grep -v -e '^=== ' -e 'level=WARN'

## demo: the sandbox with the demo page, on its embedded defaults.
demo: wasm
	$(GO) run ./cmd/integry-sandbox

## bench: size, startup, latency, concurrency, paging, memory and rendering
## against @integry/sdk, at CPU ×1 and ×4, and the sandbox's throughput; prints
## the tables and writes bench/results/latest.json (BENCH_FLAGS=-save also keeps
## a dated copy). bench/results/README.md explains the figures.
bench: wasm npm browser
	$(GO) run ./bench $(BENCH_FLAGS)

## bench-profile: the same sections with Chromium's CPU profiler on, against a
## wasm built without -s so that profiles name Go functions (and its loader,
## built with the same version); writes
## $(PROFILES)/<section>-<sdk>-<cpu>x.cpuprofile and summary.txt. Narrow it
## with BENCH_FLAGS, e.g. BENCH_FLAGS='-only calls -calls 50 -cpu 1'.
PROFILES    ?= $(BIN)/profiles
NAMED_DIST  := $(BIN)/named-dist
bench-profile: wasm npm browser $(BIN)/integry.named.wasm
	@mkdir -p $(NAMED_DIST)
	cp $(BIN)/integry.named.wasm $(NAMED_DIST)/integry.wasm
	cp $(DIST)/wasm_exec.js $(NAMED_DIST)/
	sh web/loader/build.sh '$(VERSION)' $(NAMED_DIST)
	$(GO) run ./bench -dist $(NAMED_DIST) -cpuprofile $(PROFILES) $(BENCH_FLAGS)

## screenshots: PNGs of the form, the marketplace and the sandbox's consent
## page, light and dark, and both SDKs' marketplaces under one page's CSS, in
## $(SHOTS) (bin/ is git-ignored).
SHOTS ?= $(BIN)/screenshots
screenshots: browser
	set -o pipefail; INTEGRY_REQUIRE_BROWSER=1 INTEGRY_SCREENSHOTS=$(SHOTS) $(GO) test -count=1 -run '^TestScreenshots$$' -v ./ui | grep -E 'wrote|FAIL|ok'
	set -o pipefail; INTEGRY_REQUIRE_BROWSER=1 INTEGRY_SCREENSHOTS=$(SHOTS) $(GO) test -count=1 -p 1 -run '^TestScreenshotsOfPageCSS$$' -v ./wasm | grep -E 'wrote|FAIL|ok'
	@ls $(SHOTS)/*.png

clean:
	rm -rf $(BIN) $(addprefix $(DIST)/,$(BUNDLE))
