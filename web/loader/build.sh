#!/bin/sh
# build.sh VERSION OUTDIR: writes OUTDIR/integry.js (the script-tag build) and
# OUTDIR/loader.mjs (the ES module the npm entry imports) from the loader's
# modules (errors, config, emitter, popup, transport, paging, args, surface,
# renderer, abi, and loader.mjs, which imports them), with the SDK version
# and the loader contract compiled in:
# the constants both sides share (internal/contract) and the Go program's
# method list (wasm/contract.go), which `go run ./wasm -contract` prints as
# the module contract.mjs the sources import. `make wasm` and the browser
# tests run it.
set -eu
version=$1
out=$2
here=$(dirname "$0")
root=$here/../..
mkdir -p "$out"
# Temporary files go beside OUTDIR, not in it: web/dist is embedded, and a
# build running meanwhile must never see a half-written or vanishing file.
tmp=$(mktemp -d "$(dirname "$out")/.loader-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && ${GO:-go} run ./wasm -contract) > "$tmp/contract.mjs"
# module: the contract, the modules and the loader as one ES module,
# exporting only what loader.mjs exports; their imports of each other go.
# Whole-line comments stay in the sources (web/loader), not in what every
# page downloads.
{
  echo "/* integry-wasm $version: generated from web/loader by make wasm; the sources, with their comments, are in the repository's web/loader */"
  sed -e 's/^export //' "$tmp/contract.mjs"
  for m in errors config emitter popup transport paging args surface renderer abi; do
    grep -v '^import ' "$here/$m.mjs" | sed -e 's/^export //'
  done
  grep -v '^import ' "$here/loader.mjs"
} | sed -e '/^[[:space:]]*\/\//d' -e "s|__INTEGRY_SDK_VERSION__|$version|" > "$tmp/loader.mjs"
{
  echo "/* integry-wasm $version: script-tag loader, generated from web/loader by make wasm */"
  echo "(function () {"
  echo "\"use strict\";"
  sed -e 's/^export //' "$tmp/loader.mjs"
  cat "$here/script-tag.js"
  echo "})();"
} > "$tmp/integry.js"
mv "$tmp/integry.js" "$out/integry.js"
mv "$tmp/loader.mjs" "$out/loader.mjs"
