#!/bin/sh
# build.sh VERSION OUTDIR: writes OUTDIR/integry.js (the script-tag build) and
# OUTDIR/loader.mjs (the ES module the npm entry imports) from loader.mjs,
# with the SDK version compiled in. `make wasm` and the browser tests run it.
set -eu
version=$1
out=$2
here=$(dirname "$0")
mkdir -p "$out"
# Temporary files go beside OUTDIR, not in it: web/dist is embedded, and a
# build running meanwhile must never see a half-written or vanishing file.
tmp=$(mktemp -d "$(dirname "$out")/.loader-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
{
  echo "/* integry-wasm $version: script-tag loader, generated from web/loader by make wasm */"
  echo "(function () {"
  echo "\"use strict\";"
  sed -e 's/^export //' -e "s|__INTEGRY_SDK_VERSION__|$version|" "$here/loader.mjs"
  cat "$here/script-tag.js"
  echo "})();"
} > "$tmp/integry.js"
sed "s|__INTEGRY_SDK_VERSION__|$version|" "$here/loader.mjs" > "$tmp/loader.mjs"
mv "$tmp/integry.js" "$out/integry.js"
mv "$tmp/loader.mjs" "$out/loader.mjs"
