// integry-wasm loader: paging.mjs (paginate's async generator).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

// paginate is instance.paginate(functionName, params, connectedAccountId):
// an async generator of a paginated function's pages, each a call result.
// page(args) runs Go's stateless page method, __page(functionName, params,
// connectedAccountId, cursor) → {result, next}, which applies the rules of
// paging (docs/design.md#paging): result is null for an empty page, next ""
// when paging ends. The generator holds the one state those rules need
// beyond a page, the cursors it sent, and ends at one sent before.
export async function* paginate(page, name, params, account) {
  const sent = new Set();
  let cursor = "";
  for (;;) {
    const { result, next } = await page([name, params, account, cursor]);
    if (result === null) return;
    yield result;
    if (!next || sent.has(next)) return;
    sent.add(cursor = next);
  }
}
