#!/bin/sh
# build.sh VERSION OUTDIR: writes OUTDIR/integry.js (the script-tag build) and
# OUTDIR/loader.mjs (the ES module the npm entry imports) from loader.mjs,
# with the SDK version compiled in. `make wasm` and the browser tests run it.
set -eu
version=$1
out=$2
here=$(dirname "$0")
mkdir -p "$out"
{
  echo "/* integry-wasm $version: script-tag loader, generated from web/loader by make wasm */"
  echo "(function () {"
  echo "\"use strict\";"
  sed -e 's/^export //' -e "s|__INTEGRY_SDK_VERSION__|$version|" "$here/loader.mjs"
  cat "$here/script-tag.js"
  echo "})();"
} > "$out/integry.js.tmp"
mv "$out/integry.js.tmp" "$out/integry.js"
sed "s|__INTEGRY_SDK_VERSION__|$version|" "$here/loader.mjs" > "$out/loader.mjs.tmp"
mv "$out/loader.mjs.tmp" "$out/loader.mjs"
