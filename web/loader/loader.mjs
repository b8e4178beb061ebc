// integry-wasm loader: the IntegryJS class pages use, in front of the Go
// program compiled to WebAssembly (web/dist/integry.wasm).
//
// This file is an ES module with one export, defineIntegry. `make wasm`
// ships it twice (web/loader/build.sh): as loader.mjs in the npm package,
// and wrapped into the script-tag build web/dist/integry.js, which sets
// window.IntegryJS at once, like the official UMD bundle. Importing it has
// no side effects: nothing is fetched until the first instance, method call
// or IntegryJS.load().
//
// How it works (docs/design.md#bridge): new IntegryJS(config) checks the
// config here, synchronously; this is the one place that validates it. The
// first use loads wasm_exec.js (the Go glue) and the wasm, once per page.
// main() in Go publishes globalThis.__integryWasm, its entry points; this
// loader hands Go its host functions in return (requests, promise
// settlement, events, the DOM renderer, popups). A call is one crossing into
// Go; a request is one crossing out and one back; a render is one crossing.
// Promises, the event emitter and popups live here, so the page's handlers
// never cross into Go at all.
//
// If the Go program dies anyway, every pending promise rejects with code
// internal, every instance emits error, what Go had on the page is removed,
// popups close, and the next call starts a fresh program and re-creates
// the instance from its config.
//
// The loader is a few ES modules, which build.sh concatenates (in this
// order) into the one file a page loads: contract.mjs (generated from Go),
// errors.mjs, config.mjs (the config check), emitter.mjs (eventEmitter),
// popup.mjs (the connect window), transport.mjs (requests), paging.mjs
// (paginate), args.mjs (a call's arguments), surface.mjs (the statics and
// the members over the methods), renderer.mjs (the DOM), abi.mjs (the calling convention
// with Go, docs/design.md#abi) and this one: IntegryJS and the program's
// life.
//
// Pages with a Content-Security-Policy need 'wasm-unsafe-eval' in
// script-src, and the server must send integry.wasm as application/wasm,
// compressed (README: "Serving the bundle").

import { createRenderer } from "./renderer.mjs";
import { createBridge, integryImports } from "./abi.mjs";
import { integryError } from "./errors.mjs";
import { checkConfig } from "./config.mjs";
import { EventEmitter } from "./emitter.mjs";
import { openPopup } from "./popup.mjs";
import { createTransport } from "./transport.mjs";
import { paginate } from "./paging.mjs";
import { takeSignal, nameContainers } from "./args.mjs";
import { RenderModes, MarketplaceRenderModes, Layouts, ViewStyles, TemplateFormRenderModes, html, setFieldValue, addSurface } from "./surface.mjs";
import { GLOBAL, METHODS, MAX_ARGS, MAX_NAME_LENGTH, IMPORT_MODULE } from "./contract.mjs";

const SDK_VERSION = "__INTEGRY_SDK_VERSION__";
// contract.mjs is written by the build from Go (internal/contract and
// wasm/contract.go: the global, METHODS, failure codes, limits); a wasm with
// another method list or version is refused.

export { RenderModes, MarketplaceRenderModes, Layouts, ViewStyles, TemplateFormRenderModes, html, setFieldValue };

// SYNC are the Go methods that answer synchronously, as the official
// runtime's do (callSync).
const SYNC = new Set(["getFunctionTools"]);

// Built-ins the call path uses, taken before any page script can replace
// them: a replaced one could make the loader's call into Go throw, which
// would read as a dead runtime.
const apply = Reflect.apply;
const slice = Array.prototype.slice;

// METHOD_INDEX names a method by its place in METHODS, as Go's call entry
// takes it (a number crosses for free; a string would not).
const METHOD_INDEX = new Map(METHODS.map((m, i) => [m, i]));

const destroyedError = () => integryError("destroyed", "The IntegryJS instance was destroyed");
const abortedError = (signal) => integryError("cancelled", "The call was aborted", signal.reason);

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.onload = () => resolve();
    s.onerror = () => {
      s.remove();
      reject(integryError("network_error", "IntegryJS: could not load " + src));
    };
    (document.head || document.documentElement).appendChild(s);
  });
}

// defineIntegry returns the IntegryJS class and Helpers for one pair of
// asset URLs: wasmURL (integry.wasm) and execURL (wasm_exec.js). Both may be
// strings, URL objects or functions returning one.
export function defineIntegry(opts) {
  const url = (v) => String(typeof v === "function" ? v() : v);
  let rt = null; // the running program: {api, go}
  let loading = null; // the memoised start
  let nextCall = 0;
  let nextHandle = 0;
  const pending = new Map(); // call id → {resolve, reject, inst}
  const byHandle = new Map(); // handle → IntegryJS
  const popups = new Set(); // popups opened, until they close

  // enter calls Go's API object (init, create, warm, stats, crash). Go's
  // entry points never throw; a throw means the runtime is broken (a trap,
  // or a program that exited), and then it is treated as dead. Calls,
  // answers and DOM events take the module's exports instead, through the
  // bridge (abi.mjs).
  function enter(fn) {
    try {
      return fn(rt.api);
    } catch (err) {
      died(err);
      return undefined;
    }
  }

  const bridge = createBridge((err) => died(err), (ops) => renderer.apply(ops), (id, ok, value) => host.settle(id, ok, value), integryError,
    (handle, name, payload) => host.emit(handle, name, payload));
  const renderer = createRenderer(bridge.dispatch, bridge.flush);
  const transport = createTransport(bridge, () => rt !== null);

  // host is what Go calls (jsbridge/host_js.go).
  const host = {
    settle(id, ok, value) {
      const p = pending.get(id);
      if (!p) return; // rejected already (destroy) or unknown
      pending.delete(id);
      if (ok) p.resolve(value);
      else p.reject(value);
    },
    error: (code, message, status, details, cause) => integryError(code, message, cause, status, details),
    emit(handle, name, payload) {
      const inst = byHandle.get(handle);
      if (inst) inst.eventEmitter.emit(name, payload);
    },
    request: transport.request,
    abort: transport.abort,
    later: (id, ms) => renderer.later(id, ms),
    message: (id, on) => renderer.message(id, on),
    popup() {
      const win = openPopup();
      if (win) popups.add(win);
      return win;
    },
    ...bridge.host,
  };

  // died handles a Go program that stopped: nothing it owned survives it.
  function died(cause) {
    if (!rt) return;
    const err = integryError("internal", "IntegryJS: the WebAssembly runtime stopped; the next call starts it again", cause);
    rt = null;
    loading = null;
    bridge.detach();
    if (globalThis[GLOBAL]) delete globalThis[GLOBAL];
    transport.abortAll();
    for (const w of popups) try { w.close(); } catch (_) { /* gone */ }
    popups.clear();
    renderer.teardown();
    const calls = [...pending.values()];
    pending.clear();
    for (const p of calls) p.reject(err);
    const insts = [...byHandle.values()];
    byHandle.clear();
    for (const inst of insts) {
      forget(inst);
      inst.eventEmitter.emit("error", err);
    }
  }

  async function start() {
    if (typeof window === "undefined" || typeof document === "undefined") return null;
    if (typeof globalThis.Go !== "function") await loadScript(url(opts.execURL));
    const go = new globalThis.Go();
    // The Go heap of a page is small (tens of KB live): collect at 1 MB
    // instead of the runtime's 4 MB minimum, since WebAssembly memory never
    // shrinks once grown (docs/design.md#memory).
    go.env = Object.assign({}, go.env, { GOGC: "25" });
    // The host functions a call, an answer and a DOM event use are the
    // module's imports (docs/design.md#abi).
    go.importObject[IMPORT_MODULE] = integryImports(host);
    const src = url(opts.wasmURL);
    let resp;
    try {
      resp = await fetch(src, { credentials: "same-origin" });
    } catch (err) {
      throw integryError("network_error", "IntegryJS: could not fetch " + src, err);
    }
    if (!resp.ok) throw integryError("network_error", "IntegryJS: " + src + " answered HTTP " + resp.status);
    let result;
    try {
      const type = resp.headers.get("Content-Type") || "";
      result = type.split(";")[0].trim() === "application/wasm" && WebAssembly.instantiateStreaming
        ? await WebAssembly.instantiateStreaming(resp, go.importObject)
        : await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
    } catch (err) {
      throw integryError("internal", "IntegryJS: could not start the WebAssembly module (a Content-Security-Policy needs 'wasm-unsafe-eval')", err);
    }
    // go.run runs main until it first blocks: the API object exists when
    // it returns. Its promise settles only if the program exits.
    const me = { api: null, go };
    bridge.attach(result.instance, go);
    go.run(result.instance).then(() => { if (rt === me) died(new Error("the Go program exited")); });
    const api = globalThis[GLOBAL];
    if (!api) throw integryError("internal", "IntegryJS: the WebAssembly module did not start");
    if (api.version !== SDK_VERSION || String(api.methods) !== String(METHODS)) {
      throw integryError("internal", "IntegryJS: integry.wasm is version " + api.version + ", but this loader is " + SDK_VERSION + "; serve the two files of one build");
    }
    me.api = api;
    rt = me;
    enter((a) => a.init(host));
    // The browser compiles WebAssembly lazily: have Go build a form off the
    // page while the page is idle, so the first real one is as fast as the
    // next (docs/design.md#warm-up).
    const idle = globalThis.requestIdleCallback || ((fn) => setTimeout(fn, 200));
    idle(() => { if (rt === me) enter((a) => a.warm()); }, { timeout: 3000 });
    return api;
  }

  // load starts (once) and returns the loading of the wasm. It resolves
  // null where there is no window.
  function load() {
    if (rt) return Promise.resolve(rt.api);
    if (!loading) {
      loading = start().catch((err) => { loading = null; throw err; });
    }
    return loading;
  }

  // callSync runs a Go method that belongs to no instance (handle 0) and
  // answers before the crossing returns (wasm/surface_methods_js.go): the
  // official runtime's synchronous members. It needs the runtime loaded,
  // since a synchronous answer cannot wait for it
  // (docs/protocol.md#surface-sync).
  function callSync(name, args) {
    if (!rt) {
      throw integryError("unsupported", "IntegryJS: " + name.replace(/^__helper/, "Helpers.get") +
        " answers synchronously, so it needs the runtime loaded: await IntegryJS.load() or an instance's ready first");
    }
    const id = ++nextCall;
    let out = null;
    pending.set(id, { resolve: (v) => { out = { ok: true, v }; }, reject: (e) => { out = { ok: false, v: e }; }, inst: null });
    const m = METHOD_INDEX.get(name);
    bridge.call(0, id, m === undefined ? -1 : m, false, args); // always the loader's own short array
    pending.delete(id);
    if (out === null) throw integryError("internal", "IntegryJS: " + name + " did not answer");
    if (!out.ok) throw out.v;
    return out.v;
  }

  const Helpers = Object.freeze({
    // getFunctionTools(functionStructure): the FunctionTool of a function
    // with every parameter AI-assisted (docs/protocol.md#function-tools).
    getFunctionTools: (functionStructure) => callSync("__helperFunctionTools", [functionStructure, functionStructure === null]),
    // getAuthHash(userId, appSecret): the hex HMAC-SHA256 of userId keyed
    // with appSecret, with WebCrypto, in the official runtime's argument
    // order. For tests only: compute hashes on your server; an app secret
    // must never reach a page.
    async getAuthHash(userId, appSecret) {
      if (typeof userId === "number" && Number.isFinite(userId)) userId = String(userId);
      if (typeof userId !== "string" || userId.trim() === "") throw integryError("invalid_argument", "userId must be a non-empty string or a finite number");
      if (typeof appSecret !== "string" || appSecret.trim() === "") throw integryError("invalid_argument", "appSecret must be a non-empty string");
      const subtle = globalThis.crypto && globalThis.crypto.subtle;
      if (!subtle) throw integryError("internal", "WebCrypto is only available in secure contexts (https or localhost)");
      const enc = new TextEncoder();
      const key = await subtle.importKey("raw", enc.encode(appSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      const sig = new Uint8Array(await subtle.sign("HMAC", key, enc.encode(userId)));
      return Array.from(sig, (b) => b.toString(16).padStart(2, "0")).join("");
    },
  });

  // forget(inst) drops an instance's handle when the program that knew it
  // died. IntegryJS's static block sets it: an instance's state is in
  // #private fields, which only code inside the class can reach, so no page
  // script can read the config, the handle, or call into Go past the
  // methods' checks (docs/design.md#private-state).
  let forget;

  class IntegryJS {
    #config;
    #handle = null;
    #destroyed = false;
    static {
      forget = (inst) => { inst.#handle = null; };
    }

    constructor(config) {
      this.#config = checkConfig(config);
      this.eventEmitter = new EventEmitter();
      // Methods are own properties, as in @integry/sdk, so they work unbound.
      for (const name of METHODS) {
        if (!name.startsWith("__") && name !== "connectApp" && !SYNC.has(name)) this[name] = (...args) => this.#call(name, args);
      }
      for (const name of ["connectApp", "paginate", "destroy", "printVersion"]) this[name] = IntegryJS.prototype[name].bind(this);
      addSurface(this, callSync);
      // The bindings' two ways into Go (docs/design.md#private-state): __theme,
      // the core's stylesheet and strings (web/npm/bindings.js coreStrings),
      // and __page, one page of a paginated function (React's useInvoke).
      for (const name of ["__theme", "__page"]) Object.defineProperty(this, name, { value: (...args) => this.#call(name, args) });
      if (rt) this.#attach();
      // ready settles as the ready and error events do.
      this.ready = this.#call("__ready", []);
      this.ready.catch(() => {});
      if (!rt) {
        load().then(() => { if (!this.#destroyed && this.#handle === null && rt) this.#attach(); }, (err) => {
          if (!this.#destroyed) this.eventEmitter.emit("error", err);
        });
      }
    }

    #attach() {
      const h = ++nextHandle;
      this.#handle = h;
      byHandle.set(h, this);
      enter((a) => a.create(h, this.#config));
    }

    // #call runs a Go method: one crossing in, one back when it settles.
    #call(name, args) {
      if (this.#destroyed) return Promise.reject(destroyedError());
      if (this.#handle === null) {
        return load().then((api) => {
          if (!api) throw integryError("internal", "IntegryJS needs a browser window");
          if (this.#destroyed) throw destroyedError();
          if (this.#handle === null) this.#attach();
          return this.#call(name, args);
        });
      }
      // The arguments go to Go as arguments of the call entry itself: Go
      // reads them once, with no array to walk. args is always the loader's
      // own array (a rest parameter); Go refuses more than MAX_ARGS.
      const list = apply(slice, args, [0, MAX_ARGS + 1]);
      const signal = takeSignal(list);
      if (signal && signal.aborted) return Promise.reject(abortedError(signal));
      nameContainers(name, list, renderer.name);
      return new Promise((resolve, reject) => {
        const id = ++nextCall;
        pending.set(id, { resolve, reject, inst: this });
        const m = METHOD_INDEX.get(name);
        // The arguments stay here, in the call's frame; Go reads them there.
        bridge.call(this.#handle, id, m === undefined ? -1 : m, !!signal, list);
        if (signal) {
          // Aborting ends what the call started: a pending call rejects
          // cancelled, a widget it rendered (a marketplace, a form) is
          // removed with its listeners.
          signal.addEventListener("abort", () => {
            const p = pending.get(id);
            if (p) {
              pending.delete(id);
              p.reject(abortedError(signal));
            }
            if (rt && this.#handle !== null) bridge.cancel(this.#handle, id);
          }, { once: true });
        }
      });
    }

    // connectApp(appName) opens the login popup inside the caller's click and
    // resolves the new connected account's ID. A trailing {signal} reaches
    // #call like any method's: aborting closes the popup and rejects.
    connectApp(appName, ...rest) {
      if (this.#destroyed) return Promise.reject(destroyedError());
      // A name Go would refuse gets no popup: Go rejects it invalid_argument.
      if (typeof appName !== "string" || appName.trim() === "" || appName.length > MAX_NAME_LENGTH) return this.#call("connectApp", [appName]);
      const win = host.popup();
      if (!win) return Promise.reject(integryError("popup_blocked", "The connect popup was blocked by the browser; call connectApp from a click handler"));
      return this.#call("connectApp", [appName, win, ...rest]).catch((err) => {
        try { win.close(); } catch (_) { /* gone */ }
        throw err;
      }).finally(() => popups.delete(win));
    }

    // paginate(functionName, params, connectedAccountId?) is an async
    // generator of the pages of a paginated function (paging.mjs).
    paginate(functionName, params, connectedAccountId) {
      return paginate((args) => this.#call("__page", args), functionName, params, connectedAccountId);
    }

    // destroy() rejects every pending promise with code destroyed, closes
    // what the instance opened and removes every event handler.
    destroy() {
      if (this.#destroyed) return;
      this.#destroyed = true;
      this.eventEmitter.offAll();
      for (const [id, p] of pending) {
        if (p.inst !== this) continue;
        pending.delete(id);
        p.reject(destroyedError());
      }
      if (this.#handle !== null) {
        byHandle.delete(this.#handle);
        const h = this.#handle;
        this.#handle = null;
        if (rt) bridge.destroy(h);
      }
    }

    printVersion() {
      console.log("IntegryJS (integry-wasm) " + SDK_VERSION);
    }

    // load() starts loading the wasm now (optional) and resolves when it is
    // ready.
    static load() {
      return load().then(() => undefined);
    }
  }
  Object.assign(IntegryJS, {
    SDK_VERSION, RenderModes, MarketplaceRenderModes, Layouts, ViewStyles, TemplateFormRenderModes, Helpers,
    html, setFieldValue,
  });
  // __testing is for the project's own tests: the leak counters, and a way
  // to kill the Go runtime on purpose to test the recovery.
  Object.defineProperty(IntegryJS, "__testing", {
    value: Object.freeze({
      // stats adds wasmMemory, the WebAssembly memory's size in bytes, and
      // held, the values the bridge holds for Go by number.
      stats: () => {
        const s = rt ? enter((a) => a.stats()) : null;
        if (s && rt && rt.go._inst) s.wasmMemory = rt.go._inst.exports.mem.buffer.byteLength;
        if (s) s.held = bridge.heldCount();
        return s;
      },
      kill: () => (rt ? enter((a) => a.crash()) : undefined),
      // crossings counts, from its first use, what Go's glue (wasm_exec.js)
      // makes: refs, the js.Values Go receives that refer to a string or an
      // object (each gets a finalizer in Go); funcs, the js.Funcs made;
      // events, the calls into a js.Func; and entries, the calls into the
      // module's exports (docs/design.md#abi).
      crossings: () => {
        const go = rt && rt.go;
        if (!go) return null;
        if (!go.__counts) {
          const c = go.__counts = { refs: 0, funcs: 0, events: 0 };
          go._goRefCounts = new Proxy(go._goRefCounts, {
            set(t, k, v) {
              if (typeof v === "number" && typeof t[k] === "number" && v > t[k]) c.refs++;
              t[k] = v;
              return true;
            },
          });
          const make = go._makeFuncWrapper;
          go._makeFuncWrapper = function (id) { c.funcs++; return make.call(this, id); };
          let pending = go._pendingEvent;
          Object.defineProperty(go, "_pendingEvent", {
            configurable: true,
            get: () => pending,
            set: (v) => { if (v !== null) c.events++; pending = v; },
          });
        }
        return Object.assign({ entries: bridge.entries() }, go.__counts);
      },
      pending: () => pending.size,
      // flush applies the DOM operations Go has queued (frees of nodes Go
      // garbage-collected wait for the next render otherwise).
      flush: () => { const ops = bridge.flush(); if (ops) renderer.apply(ops); },
      nodes: () => renderer.size(),
      listeners: () => renderer.listening(),
    }),
  });
  return { IntegryJS, Helpers, load };
}
