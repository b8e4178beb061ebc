// integry-wasm ABI: the JavaScript half of the bridge's own calling
// convention (docs/design.md#crossing-costs; the Go half is
// jsbridge/abi_js.go).
//
// Calls, answers and DOM events enter Go through the module's
// go:wasmexport functions, with numbers only: no js.FuncOf event, and no
// js.Value (with its finalizer) per argument. Their values stay here, in
// the frame of the entry running now, and Go asks for them by position
// (frameKind, frameNum, frameText, frameJSON, frameValue). Strings cross
// through one buffer in Go's memory: give writes one there for Go (Go
// copies it out at once), textAt reads one Go handed over as an address
// and a length. Goroutines an entry readied run when the program is
// resumed, once per burst, in a microtask.

import { KINDS_PACKED, FORM_NUMBER, FORM_BOOL, FORM_STRING, FORM_JSON, FORM_HELD, FORM_ERROR, FORM_WITH, KIND_UNDEFINED, KIND_NULL, KIND_BOOL, KIND_NUMBER, KIND_STRING, KIND_ARRAY, KIND_OBJECT, KIND_FUNCTION, KIND_SYMBOL, KIND_BIGINT, EVENT_SHIFT, EVENT_PREVENTED, MAX_NAME_LENGTH, DISPATCH_PREVENT, DISPATCH_GONE, DISPATCH_PREVENT_CODE, DISPATCH_GONE_CODE, EXPORT_CALL, EXPORT_CANCEL, EXPORT_DESTROY, EXPORT_RESPOND, EXPORT_DISPATCH, EXPORT_FLUSH, IMPORTS } from "./contract.mjs";

// integryImports is the import module IMPORT_MODULE that the program
// imports its hot host functions from (jsbridge/imports_js.go,
// go:wasmimport): host's function of each name in IMPORTS, called with Go's
// numbers. The loader adds it to go.importObject before instantiating.
// A host function that throws answers -1: a throw must never unwind Go's
// stack (it would leave the runtime broken), and -1 is what Go reads as the
// function's failure. Extra arguments are undefined and ignored.
export function integryImports(host) {
  const mod = {};
  for (const name of IMPORTS) {
    const f = host[name];
    mod[name] = (a, b, c, d, e, g, h) => {
      try {
        return f(a, b, c, d, e, g, h);
      } catch (_) {
        return -1;
      }
    };
  }
  return mod;
}

// kindOf is what Go's frameKind answers for a value.
function kindOf(v) {
  switch (typeof v) {
    case "undefined": return KIND_UNDEFINED;
    case "boolean": return KIND_BOOL;
    case "number": return KIND_NUMBER;
    case "string": return KIND_STRING;
    case "symbol": return KIND_SYMBOL;
    case "bigint": return KIND_BIGINT;
    case "function": return KIND_FUNCTION;
  }
  if (v === null) return KIND_NULL;
  try {
    return Array.isArray(v) ? KIND_ARRAY : KIND_OBJECT;
  } catch (_) {
    return KIND_OBJECT; // a revoked Proxy: JSON.stringify refuses it later
  }
}

// createBridge returns the ABI for one Go program at a time. died(err) is
// called when an entry throws (Go's entries never do: the runtime is
// broken); apply(ops) is the renderer's, for host.render; settle(callId,
// ok, value) and emit(handle, name, payload) are the loader's, for
// host.settleWith and host.emitWith, and fail(code, message, cause,
// status, details) makes its IntegryError.
export function createBridge(died, apply, settle, fail, emit) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let go = null; // the Go instance of wasm_exec.js
  let x = null; // the module's exports the entries use
  let mem = null; // the WebAssembly memory
  let view = null; // a Uint8Array over it, made again when it grows
  let bufAt = 0, bufLen = 0; // Go's buffer for strings (host.buffer)
  let pendingBytes = null; // a string too long for the buffer, until Go takes it
  let outText = ""; // the operations a dispatch or a flush handed over
  let thrownValue; // what frameJSON's JSON.stringify threw
  let frame = [];
  let resumeQueued = false;
  // Values held for Go by number (jsbridge/held_js.go): an answer's body
  // (a root) and every member Go read from it, all dropped together when
  // Go releases the root. keys caches an object's Object.keys.
  let held = [undefined], keys = [undefined], free = [];
  const kids = new Map(); // root → the numbers read from it
  function hold(v, root) {
    const id = free.length > 0 ? free.pop() : held.length;
    held[id] = v;
    keys[id] = undefined;
    if (root > 0) {
      const list = kids.get(root);
      if (list) list.push(id);
    } else {
      kids.set(id, []);
    }
    return id;
  }
  function drop(id) {
    held[id] = keys[id] = undefined;
    free.push(id);
  }
  const keysOf = (id) => keys[id] || (keys[id] = Object.keys(held[id]));
  // member holds what Go read and answers its number and kind in one
  // (number × 16 + kind), or 0 for what is no JSON value (undefined, a
  // function such as an inherited member, a symbol).
  function member(v, root) {
    const t = typeof v;
    return v === undefined || t === "function" || t === "symbol" || t === "bigint" ? 0 : hold(v, root) * 16 + kindOf(v);
  }

  // make is a value Go handed over in a form (FORM_*): from numbers and
  // one string, without a js.Value in Go.
  function make(form, num, details, text) {
    switch (form) {
      case FORM_NUMBER: return num;
      case FORM_BOOL: return num === 1;
      case FORM_STRING: return text;
      case FORM_JSON: return JSON.parse(text);
      case FORM_HELD: return held[num];
      case FORM_WITH: { // an object whose first member is the held value
        const v = JSON.parse(text);
        v[Object.keys(v)[0]] = held[num];
        return v;
      }
      case FORM_ERROR: {
        const cut = text.indexOf("\0");
        let msg = text.slice(cut + 1), det = details > 0 ? held[details] : undefined;
        if (details < 0) {
          const end = msg.lastIndexOf("\0");
          det = JSON.parse(msg.slice(end + 1));
          msg = msg.slice(0, end);
        }
        return fail(text.slice(0, cut), msg, undefined, num || undefined, det);
      }
    }
    return undefined;
  }

  const u8 = () => (view !== null && view.buffer === mem.buffer ? view : (view = new Uint8Array(mem.buffer)));
  // textAt decodes the n bytes Go handed over at address at.
  const textAt = (at, n) => (n > 0 ? decoder.decode(u8().subarray(at, at + n)) : "");
  // give writes s into Go's buffer and returns its length in bytes; when it
  // does not fit, Go allocates that much and calls take.
  function give(s) {
    if (s === "") return 0;
    const r = encoder.encodeInto(s, u8().subarray(bufAt, bufAt + bufLen));
    if (r.read === s.length) return r.written;
    pendingBytes = encoder.encode(s);
    return pendingBytes.length;
  }

  // resumeSoon runs the goroutines an entry readied: an entry returns as
  // soon as its own code is done, and Go runs the rest when it is resumed,
  // here, once for every entry of the same task.
  function resumeSoon() {
    if (resumeQueued || go === null) return;
    resumeQueued = true;
    const g = go;
    queueMicrotask(() => {
      resumeQueued = false;
      if (go !== g) return;
      try {
        g._resume();
      } catch (err) {
        died(err);
      }
    });
  }

  // enter runs fn(exports) with vals as the frame (restored afterwards: a
  // page's getter that Go reads meanwhile may call in again), then resumes
  // Go soon, unless quiet says the entry readied no goroutine (the call and
  // respond entries answer 0 then).
  let entries = 0;
  function enter(vals, fn, quiet) {
    if (x === null) return undefined;
    entries++;
    const saved = frame;
    frame = vals;
    let out;
    try {
      out = fn(x);
      return out;
    } catch (err) {
      died(err);
      return undefined;
    } finally {
      frame = saved;
      if (!quiet || out !== 0) resumeSoon();
    }
  }

  const none = [];
  return {
    // attach binds the bridge to a started program; detach forgets it.
    attach(instance, goInstance) {
      const ex = instance.exports;
      go = goInstance;
      mem = ex.mem;
      view = null;
      x = {
        call: ex[EXPORT_CALL], cancel: ex[EXPORT_CANCEL], destroy: ex[EXPORT_DESTROY],
        respond: ex[EXPORT_RESPOND], dispatch: ex[EXPORT_DISPATCH], flush: ex[EXPORT_FLUSH],
      };
    },
    detach() {
      go = x = mem = view = pendingBytes = null;
      frame = none;
      held = [undefined];
      keys = [undefined];
      free = [];
      kids.clear();
    },
    textAt,
    give,
    // setFrame sets the frame outside an entry (tests read arguments so).
    setFrame(vals) { frame = vals; },
    // heldCount is how many values are held for Go (the leak tests'), and
    // entries how many times an export was entered.
    heldCount: () => held.length - 1 - free.length,
    entries: () => entries,

    // The entries.
    // call starts method (its index) with args, which stay in the frame;
    // the kinds of the first KINDS_PACKED cross packed, 4 bits each.
    call(handle, id, method, cancellable, args) {
      let kinds = 0;
      for (let i = 0; i < args.length && i < KINDS_PACKED; i++) kinds |= kindOf(args[i]) << (4 * i);
      return enter(args, (e) => e.call(handle, id, method, cancellable ? 1 : 0, args.length, kinds), true);
    },
    cancel: (handle, id) => enter(none, (e) => e.cancel(handle, id)),
    destroy: (handle) => enter(none, (e) => e.destroy(handle)),
    // respond delivers the answer to request id: headers are the values
    // of ANSWER_HEADERS as transport.mjs joins them, written into the
    // buffer for Go to copy first; the body stays in the frame.
    // A failure (FAIL_*) crosses the same way instead, as -1 - its length.
    respond(id, status, headers, body, failure, size) {
      if (x === null) return undefined;
      const n = failure ? -1 - give(failure) : headers ? give(headers) : 0;
      return enter([body], (e) => e.respond(id, status, size || 0, n), true);
    },
    // dispatch delivers an event to Go listener id: the few fields Go
    // reads cross as numbers (the key through the buffer), the event stays
    // in the frame (a window message's data is read from there). It
    // returns the operations the listener queued, prefixed as the renderer
    // expects.
    dispatch(id, ev, target) {
      if (x === null) return "";
      let flags = 0, keyLen = -1;
      if (ev) {
        try { // the page can dispatch events of its own, with throwing getters
          if (ev.shiftKey === true) flags |= EVENT_SHIFT;
          if (ev.defaultPrevented === true) flags |= EVENT_PREVENTED;
          const k = ev.key;
          if (typeof k === "string" && k.length <= MAX_NAME_LENGTH) keyLen = give(k);
        } catch (_) { /* what could be read */ }
      }
      outText = "";
      const st = enter(ev ? [ev] : none, (e) => e.dispatch(id, target, flags, keyLen));
      const ops = outText;
      outText = "";
      return st === DISPATCH_PREVENT_CODE ? DISPATCH_PREVENT + ops : st === DISPATCH_GONE_CODE ? DISPATCH_GONE + ops : ops;
    },
    // flush returns the DOM operations Go queued outside a listener.
    flush() {
      if (x === null) return "";
      outText = "";
      enter(none, (e) => e.flush());
      const ops = outText;
      outText = "";
      return ops;
    },

    // The host functions of the ABI (jsbridge/abi_js.go), besides the
    // loader's own.
    host: {
      render(at, n) {
        const answers = apply(textAt(at, n));
        return answers === "" ? 0 : give(answers);
      },
      buffer(at, n) { bufAt = at; bufLen = n; },
      take(at) {
        if (pendingBytes) u8().set(pendingBytes, at);
        pendingBytes = null;
      },
      out(at, n) { outText = textAt(at, n); },
      frameKind: (i) => kindOf(frame[i]),
      frameNum: (i) => { const v = frame[i]; return typeof v === "number" ? v : v === true ? 1 : 0; },
      frameText(i, max) {
        let v = frame[i];
        if (typeof v === "number") {
          if (!Number.isFinite(v)) return -1;
          v = String(v);
        } else if (typeof v !== "string") {
          return -1;
        }
        return v.length > max ? -2 - v.length : give(v);
      },
      frameJSON(i, max) {
        let s;
        try {
          s = JSON.stringify(frame[i]);
        } catch (err) {
          thrownValue = err;
          return -1;
        }
        if (typeof s !== "string") return -2;
        return s.length > max ? -3 - s.length : give(s);
      },
      frameValue: (i) => frame[i],
      thrown() { const t = thrownValue; thrownValue = undefined; return t; },

      frameHold: (i) => hold(frame[i], 0) * 16 + kindOf(frame[i]),
      valNum: (id) => { const v = held[id]; return typeof v === "number" ? v : v === true ? 1 : 0; },
      valText: (id) => { const v = held[id]; return typeof v === "string" ? give(v) : 0; },
      valLen(id) {
        const v = held[id];
        if (v === null || typeof v !== "object") return 0;
        return Array.isArray(v) ? v.length : keysOf(id).length;
      },
      valIndex(id, i, root) {
        const v = held[id];
        if (v === null || typeof v !== "object") return 0;
        return member(Array.isArray(v) ? v[i] : v[keysOf(id)[i]], root);
      },
      valKey: (id, i) => give(keysOf(id)[i] || ""),
      valGet(id, root, at, n) {
        const v = held[id];
        if (v === null || typeof v !== "object") return 0;
        return member(v[textAt(at, n)], root);
      },
      valJSON(id) {
        let s;
        try { s = JSON.stringify(held[id]); } catch (_) { return -1; }
        return typeof s === "string" ? give(s) : -1;
      },
      release(root) {
        const list = kids.get(root);
        if (!list) return;
        kids.delete(root);
        for (const id of list) drop(id);
        drop(root);
      },
      // make returns a value in its form; settleWith settles callId with
      // one; emitWith emits one, the event's name before a NUL in the text.
      make: (form, num, details, at, n) => make(form, num, details, textAt(at, n)),
      settleWith(callId, ok, form, num, details, at, n) {
        settle(callId, ok === 1, make(form, num, details, textAt(at, n)));
      },
      emitWith(handle, form, num, details, at, n) {
        const text = textAt(at, n), cut = text.indexOf("\0");
        emit(handle, text.slice(0, cut), make(form, num, details, text.slice(cut + 1)));
      },
    },
  };
}
