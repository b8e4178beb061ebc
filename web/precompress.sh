#!/bin/sh
# precompress.sh FILE...: writes FILE.gz (gzip -9) and FILE.br (brotli quality
# 11, with node's zlib) beside each FILE, for servers that send precompressed
# files (docs/bundle.md). `make wasm` runs it on integry.wasm; so do the
# end-to-end tests on the bundle they build.
#
# GNU gzip -9 is used because it compresses integry.wasm about 1 % better
# than zlib -9 (node) or Go's compress/gzip at their best levels. -n leaves out
# the file name and time, so the same input gives the same bytes.
set -eu
for f in "$@"; do
  dir=$(dirname "$f")
  # Temporary files go beside the folder, not in it: web/dist is embedded,
  # and a build running meanwhile must never see a half-written file.
  tmp=$(mktemp -d "$(dirname "$dir")/.precompress.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  gzip -9 -n -c "$f" > "$tmp/gz"
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    const [from, to] = process.argv.slice(1);
    const b = fs.readFileSync(from);
    fs.writeFileSync(to, zlib.brotliCompressSync(b, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length,
    } }));
  ' "$f" "$tmp/br"
  mv "$tmp/gz" "$f.gz"
  mv "$tmp/br" "$f.br"
  rm -rf "$tmp"
done
