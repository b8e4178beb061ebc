// integry-wasm loader: paging.mjs (paginate's async iterator).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

// paginate is the async iterator of instance.paginate(functionName, params,
// connectedAccountId): each value is a call result; it ends when next_page
// is empty or a page is empty (the rules are Go's: sdk.Client.CallPages,
// behind the pager methods). call(name, args) runs a method of the
// instance; next() and return() run one at a time, in order.
export function paginate(call, args) {
  let id = null;
  let finished = false;
  let chain = Promise.resolve();
  const step = (fn) => {
    const p = chain.then(fn, fn);
    chain = p.catch(() => {});
    return p;
  };
  const it = {
    next: () => step(async () => {
      if (finished) return { done: true, value: undefined };
      try {
        if (id === null) id = await call("__pagerOpen", args);
        const value = await call("__pagerNext", [id]);
        if (value === undefined) {
          finished = true;
          return { done: true, value: undefined };
        }
        return { done: false, value };
      } catch (err) {
        finished = true;
        throw err;
      }
    }),
    return: (value) => step(async () => {
      if (!finished && id !== null) {
        finished = true;
        try { await call("__pagerClose", [id]); } catch (_) { /* already over */ }
      }
      finished = true;
      return { done: true, value };
    }),
    [Symbol.asyncIterator]() { return it; },
  };
  return it;
}
