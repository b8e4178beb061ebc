#!/bin/sh
# build.sh VERSION OUTDIR: writes OUTDIR/integry.js (the script-tag build) and
# OUTDIR/loader.mjs (the ES module the npm entry imports) from renderer.mjs
# and loader.mjs, with the SDK version and the Go program's method list
# (wasm/contract.go, printed by `go run ./wasm -contract`) compiled in.
# `make wasm` and the browser tests run it.
set -eu
version=$1
out=$2
here=$(dirname "$0")
root=$here/../..
mkdir -p "$out"
methods=$(cd "$root" && ${GO:-go} run ./wasm -contract)
# Temporary files go beside OUTDIR, not in it: web/dist is embedded, and a
# build running meanwhile must never see a half-written or vanishing file.
tmp=$(mktemp -d "$(dirname "$out")/.loader-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# module: the renderer and the loader as one ES module, exporting only what
# loader.mjs exports.
{
  echo "/* integry-wasm $version: generated from web/loader by make wasm */"
  sed -e 's/^export //' "$here/renderer.mjs"
  grep -v '^import ' "$here/loader.mjs"
} | sed -e "s|__INTEGRY_SDK_VERSION__|$version|" -e "s|__INTEGRY_METHODS__|$methods|" > "$tmp/loader.mjs"
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
