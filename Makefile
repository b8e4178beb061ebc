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
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/integry-go/integry/sdk.Version=$(VERSION)

# Packages with GOOS=js tests: node runs the ones that need no DOM, Chromium
# (wasmbrowsertest) all of them.
JS_PKGS = $(shell $(JSENV) $(GO) list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./jsbridge/... ./ui/... ./wasm/... 2>/dev/null)

.PHONY: all setup browser tools npm wasm test lint test-native test-wasm-node test-wasm-browser demo bench bench-profile screenshots clean

all: wasm

## setup: everything the tests need on a fresh machine (root, Debian 12).
setup: browser tools npm

browser:
	@command -v chromium >/dev/null || { echo "installing chromium (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

tools: $(BIN)/wasmbrowsertest $(BIN)/jsguard
$(BIN)/wasmbrowsertest $(BIN)/jsguard: tools/go.mod tools/go.sum
	cd tools && $(GO) build -o $(BIN)/ github.com/agnivade/wasmbrowsertest github.com/hack-pad/safejs/jsguard/cmd/jsguard

npm: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --loglevel=error

## wasm: the browser bundle in web/dist (integry.wasm, wasm_exec.js from this
## GOROOT, the script-tag loader integry.js and the ES module loader.mjs), also
## copied into web/npm for `npm pack`.
NPM     := web/npm
wasm: $(DIST)/integry.wasm $(DIST)/wasm_exec.js $(DIST)/integry.js
	@mkdir -p $(NPM) && cp $(DIST)/integry.wasm $(DIST)/wasm_exec.js $(DIST)/integry.js $(DIST)/loader.mjs $(NPM)/
$(DIST)/integry.wasm: $(shell find sdk jsbridge ui wasm -name '*.go' 2>/dev/null) go.mod go.sum
	$(JSENV) $(GO) build -trimpath -ldflags='$(LDFLAGS)' -o $@ ./wasm
$(DIST)/wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	cp $< $@
# The version is compiled into both the wasm and the loader, so rebuild the
# loader whenever the wasm changes.
$(DIST)/integry.js: web/loader/loader.mjs web/loader/script-tag.js web/loader/build.sh $(DIST)/integry.wasm
	sh web/loader/build.sh '$(VERSION)' $(DIST)

## lint: gofmt, go vet natively and in js/wasm mode (for what the bundle links;
## the sandbox and the page tests are host-only), jsguard on the JS packages.
lint: tools
	@out=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(JSENV) $(GO) vet ./sdk/... ./jsbridge/... ./ui/... ./wasm/... ./web
	@pkgs=$$($(JSENV) $(GO) list ./jsbridge/... ./ui/... ./wasm/... 2>/dev/null); \
	 if [ -n "$$pkgs" ]; then $(JSENV) $(BIN)/jsguard $$pkgs || exit 1; fi

## test: every lane. INTEGRY_REQUIRE_BROWSER makes page tests fail, not skip, without Chromium.
test: setup wasm lint test-native test-wasm-node test-wasm-browser

test-native: wasm
	INTEGRY_REQUIRE_BROWSER=1 $(GO) test -race -count=1 ./...

test-wasm-node:
	@pkgs="$(JS_PKGS)"; if [ -z "$$pkgs" ]; then echo "test-wasm-node: no js/wasm packages yet"; else \
	 $(JSENV) $(GO) test -count=1 -exec="$(WASMEXEC)" $$pkgs; fi

test-wasm-browser: tools browser
	@pkgs="$(JS_PKGS)"; if [ -z "$$pkgs" ]; then echo "test-wasm-browser: no js/wasm packages yet"; else \
	 $(JSENV) $(GO) test -count=1 -exec="$(BIN)/wasmbrowsertest" $$pkgs; fi

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
bench-profile: wasm npm browser
	@mkdir -p $(NAMED_DIST)
	$(JSENV) $(GO) build -trimpath -ldflags='$(filter-out -s -w,$(LDFLAGS))' -o $(NAMED_DIST)/integry.wasm ./wasm
	cp $(DIST)/wasm_exec.js $(NAMED_DIST)/
	sh web/loader/build.sh '$(VERSION)' $(NAMED_DIST)
	$(GO) run ./bench -dist $(NAMED_DIST) -cpuprofile $(PROFILES) $(BENCH_FLAGS)

## screenshots: PNGs of the form, the marketplace and the sandbox's consent
## page, light and dark, in $(SHOTS) (bin/ is git-ignored).
SHOTS ?= $(BIN)/screenshots
screenshots: browser
	set -o pipefail; INTEGRY_REQUIRE_BROWSER=1 INTEGRY_SCREENSHOTS=$(SHOTS) $(GO) test -count=1 -run '^TestScreenshots$$' -v ./ui | grep -E 'wrote|FAIL|ok'
	@ls $(SHOTS)/*.png

clean:
	rm -rf $(BIN) $(DIST)/integry.wasm $(DIST)/integry.js $(DIST)/wasm_exec.js
