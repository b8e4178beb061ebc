// integry-wasm loader: transport.mjs (the requests Go sends).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

import { FAIL_TOO_LARGE, FAIL_TIMEOUT, FAIL_NETWORK, ANSWER_HEADERS } from "./contract.mjs";

// answerHeaders is what Go reads of an answer's headers: the values of
// ANSWER_HEADERS, in order, joined by NUL, or "" when none came. They are
// found in getAllResponseHeaders, whose names are lowercase ("name: value"
// lines, CRLF between them): getResponseHeader would log an error in
// Chromium for every one a cross-origin answer does not expose. Header
// values never hold NUL.
const WANTED = ANSWER_HEADERS.map((n) => "\n" + n.toLowerCase() + ": ");
function answerHeaders(xhr) {
  const all = "\n" + xhr.getAllResponseHeaders();
  let s = "", any = false;
  for (let i = 0; i < WANTED.length; i++) {
    if (i > 0) s += "\0";
    const at = all.indexOf(WANTED[i]);
    if (at < 0) continue;
    const from = at + WANTED[i].length, end = all.indexOf("\r", from);
    s += all.slice(from, end < 0 ? all.length : end);
    any = true;
  }
  return any ? s : "";
}

// createTransport returns the host functions request and abort for one
// program at a time, and abortAll, for when it dies. bridge is the ABI
// (abi.mjs): the request crosses as an address and a length in Go's memory,
// the answer goes back through its respond entry while alive() holds.
export function createTransport(bridge, alive) {
  const requests = new Map(); // request id → XMLHttpRequest
  return {
    // request sends one HTTP request without cookies: an XMLHttpRequest, as
    // the official SDK does (measured cheaper per call than fetch here). The
    // body is parsed once, by the browser, unless Go reads it whole. spec
    // is the request in one string (one crossing, not four):
    // method NUL url NUL (name NUL value NUL)* NUL, then "+" and the body
    // when there is one (jsbridge/fetch_js.go, Fetch.Start).
    request(id, whole, limit, timeout, specAt, specLen) {
      const spec = bridge.textAt(specAt, specLen);
      let at = 0;
      const next = () => { const j = spec.indexOf("\0", at); const s = spec.slice(at, j); at = j + 1; return s; };
      const method = next(), target = next(), headers = [];
      for (let k = next(); k !== ""; k = next()) headers.push(k, next());
      const body = spec.length > at ? spec.slice(at + 1) : null;
      const xhr = new XMLHttpRequest();
      requests.set(id, xhr);
      const answer = (status, hdrs, value, failure, size) => {
        if (!requests.delete(id) || !alive()) return;
        bridge.respond(id, status, hdrs, value, failure, size);
      };
      xhr.onload = () => {
        const t = xhr.responseText;
        if (t.length > limit) return answer(xhr.status, "", undefined, FAIL_TOO_LARGE);
        let value = t;
        if (!whole) {
          try { value = t === "" ? undefined : JSON.parse(t); } catch (_) { value = undefined; }
        }
        answer(xhr.status, answerHeaders(xhr), value, undefined, t.length);
      };
      xhr.onerror = () => answer(0, "", method + " " + target.split("?")[0] + " failed: no answer (offline, DNS, CORS or a dropped connection)", FAIL_NETWORK);
      xhr.ontimeout = () => answer(0, "", "", FAIL_TIMEOUT);
      // Sent from a microtask, once Go has yielded: a request started with
      // WebAssembly frames on the stack costs Chromium more (it records
      // the initiator's stack for every request while DevTools is attached).
      queueMicrotask(() => {
        if (!requests.has(id)) return; // aborted meanwhile
        try {
          xhr.open(method, target, true);
          if (timeout > 0) xhr.timeout = timeout;
          for (let i = 0; i < headers.length; i += 2) xhr.setRequestHeader(headers[i], headers[i + 1]);
          xhr.send(body);
        } catch (err) {
          answer(0, "", String(err && err.message), FAIL_NETWORK);
        }
      });
    },
    abort(id) {
      const xhr = requests.get(id);
      requests.delete(id);
      if (xhr) xhr.abort();
    },
    abortAll() {
      for (const xhr of requests.values()) xhr.abort();
      requests.clear();
    },
  };
}
