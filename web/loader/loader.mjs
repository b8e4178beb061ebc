// integry-wasm loader: the IntegryJS class pages use, in front of the Go
// program compiled to WebAssembly (web/dist/integry.wasm).
//
// This file is an ES module with one export, defineIntegry. `make wasm`
// ships it twice: as is in the npm package (index.js calls defineIntegry with
// URLs next to itself) and wrapped into the script-tag build
// web/dist/integry.js, which sets window.IntegryJS at once, like the official
// UMD bundle. Importing it has no side effects: nothing is fetched until the
// first instance, method call or IntegryJS.load().
//
// How it works: new IntegryJS(config) checks the credentials synchronously
// and returns at once. The first use loads wasm_exec.js (the Go glue) and the
// wasm with WebAssembly.instantiateStreaming, once per page (memoised; a
// failure resets it, so a later call retries). main() in Go publishes
// globalThis.__integryWasm, which this class drives by a numeric handle.
// Calls made before the wasm is ready wait for it; connectApp opens its popup
// synchronously either way, so the browser's user-gesture rule is kept.
//
// Pages with a Content-Security-Policy need 'wasm-unsafe-eval' in
// script-src, and the server must send integry.wasm as application/wasm
// (compressed: gzip or brotli shrink it about 4×).

const SDK_VERSION = "__INTEGRY_SDK_VERSION__";
const GLOBAL = "__integryWasm";

// Promise-returning methods forwarded to Go as they are. connectApp and
// paginate have their own code below. A name without a Go method rejects
// with invalid_argument.
export const METHODS = [
  "verifyAuthConfig", "isAppConnected", "getConnectedAccounts", "getApp",
  "disconnectApp", "getFunction", "invokeFunction", "callFunction",
  "showFunctionUI", "showFunction", "showApps", "showApp", "showConnectedAccounts",
];

// The official statics (values as in @integry/sdk 4.9.37).
export const RenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE" });
export const MarketplaceRenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE" });
export const Layouts = Object.freeze({ NARROW: "COMPACT", WIDE: "COMFORTABLE" });
export const ViewStyles = Object.freeze({ COMPACT: "COMPACT", COMFORTABLE: "COMFORTABLE" });
export const TemplateFormRenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE", DETACHED: "DETACHED", CUSTOM: "CUSTOM" });

function integryError(code, message, cause) {
  const e = cause === undefined ? new Error(message) : new Error(message, { cause });
  e.name = "IntegryError";
  e.code = code;
  return e;
}

function configError(message) {
  const e = new TypeError(message);
  e.code = "invalid_argument";
  return e;
}

function present(v) {
  return (typeof v === "string" && v.trim() !== "") || (typeof v === "number" && Number.isFinite(v));
}

// checkConfig throws the TypeError the Go side would, before the wasm is
// there: every missing credential named at once.
function checkConfig(c) {
  if (c === null || typeof c !== "object") {
    throw configError("IntegryJS: the config must be an object with appKey, hash and userId");
  }
  let uid = c.userId;
  if (uid === undefined || uid === null || uid === "") {
    uid = c.user !== null && typeof c.user === "object" ? c.user.userId : undefined;
  }
  const missing = [];
  if (!present(c.appKey)) missing.push("appKey");
  if (!present(c.hash)) missing.push("hash");
  if (!present(uid)) missing.push("userId");
  if (missing.length) throw configError("IntegryJS config: missing " + missing.join(", "));
}

// openPopup opens the connect window the way Go's jsbridge.OpenPopup does,
// for a connectApp called before the wasm is ready.
function openPopup() {
  const w = 800, h = 600;
  let features = "toolbar=no, location=no, directories=no, status=no, menubar=no, scrollbars=no, resizable=no, copyhistory=no, width=" + w + ", height=" + h;
  try {
    if (window.self === window.top) {
      const t = window.top;
      features += ", top=" + (t.outerHeight / 2 + t.screenY - h / 2) + ", left=" + (t.outerWidth / 2 + t.screenX - w / 2);
    }
  } catch (_) { /* a cross-origin top: no position */ }
  let win = null;
  try {
    win = window.open("about:blank", "Auth Window", features);
  } catch (_) {
    try { win = window.open("about:blank", "Auth Window"); } catch (_) { win = null; }
  }
  if (win) {
    try {
      win.document.title = "Connecting…";
      win.document.body.style.cssText = "font: 16px system-ui, sans-serif; display: grid; place-items: center; height: 100vh; margin: 0; color: #333";
      win.document.body.textContent = "Connecting…";
    } catch (_) { /* not ours to write */ }
  }
  return win;
}

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
  let loading = null; // the memoised load
  let api = null; // __integryWasm once loaded

  async function start() {
    if (typeof window === "undefined" || typeof document === "undefined") return null;
    if (globalThis[GLOBAL]) return globalThis[GLOBAL];
    if (typeof globalThis.Go !== "function") await loadScript(url(opts.execURL));
    const go = new globalThis.Go();
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
    // go.run runs main until it first blocks: the API object exists when it
    // returns. Its promise settles only if the program exits.
    go.run(result.instance).then(() => {
      if (globalThis[GLOBAL]) delete globalThis[GLOBAL];
      api = null;
      loading = null;
    });
    if (!globalThis[GLOBAL]) throw integryError("internal", "IntegryJS: the WebAssembly module did not start");
    return globalThis[GLOBAL];
  }

  // load starts (once) and returns the loading of the wasm. It resolves null
  // where there is no window.
  function load() {
    if (api) return Promise.resolve(api);
    if (!loading) {
      loading = start().then((a) => { api = a; return a; }, (err) => { loading = null; throw err; });
    }
    return loading;
  }

  function need(a) {
    if (!a) throw integryError("internal", "IntegryJS needs a browser window");
    return a;
  }

  const Helpers = Object.freeze({
    // getAuthHash(userId, appSecret): the official runtime's argument order.
    // Compute hashes on your server; an app secret must never reach a page.
    getAuthHash(userId, appSecret) {
      return load().then((a) => need(a).getAuthHash(userId, appSecret));
    },
  });

  class EventEmitter {
    constructor(owner) {
      this._owner = owner;
      this._queue = [];
    }
    _op(op, name, fn, args) {
      const o = this._owner;
      if (o._destroyed) return;
      if (o._handle !== null) {
        const err = o._api.events(o._handle, op, name, fn, args);
        if (err) throw err;
        return;
      }
      if (op !== "offAll" && (typeof name !== "string" || name === "")) throw configError("eventEmitter: the event name must be a non-empty string");
      if ((op === "on" || op === "once") && typeof fn !== "function") throw configError("eventEmitter: the handler must be a function");
      if (op === "offAll") this._queue = [];
      else this._queue.push([op, name, fn, args]);
    }
    on(name, fn) { this._op("on", name, fn); }
    once(name, fn) { this._op("once", name, fn); }
    off(name, fn) { this._op("off", name, fn); }
    unsub(name, fn) { this._op("off", name, fn); }
    offAll() { this._op("offAll"); }
    emit(name, ...args) { this._op("emit", name, undefined, args); }
    _replay() {
      const q = this._queue;
      this._queue = [];
      for (const [op, name, fn, args] of q) this._op(op, name, fn, args);
    }
    // _failLocal delivers an error event to the handlers registered before
    // the wasm failed to load.
    _failLocal(err) {
      const hs = [];
      for (const [op, name, fn] of this._queue) {
        if (name !== "error") continue;
        if (op === "on" || op === "once") hs.push(fn);
        else if (op === "off") for (let i = hs.length - 1; i >= 0; i--) if (hs[i] === fn) hs.splice(i, 1);
      }
      this._queue = this._queue.filter(([op, name]) => !(op === "once" && name === "error"));
      for (const fn of hs) {
        try { fn.call(null, err); } catch (e) { console.error('integry: a "error" event handler threw:', e); }
      }
    }
  }

  class IntegryJS {
    constructor(config) {
      checkConfig(config);
      Object.defineProperty(this, "_config", { value: config });
      this._handle = null;
      this._api = null;
      this._destroyed = false;
      this.eventEmitter = new EventEmitter(this);
      // Methods are own properties, as in @integry/sdk, so they work unbound.
      for (const name of METHODS) this[name] = (...args) => this._call(name, args);
      for (const name of ["connectApp", "paginate", "destroy", "printVersion"]) this[name] = IntegryJS.prototype[name].bind(this);
      if (api) this._attach(api); // throws the Go TypeError synchronously
      this._attached = this._handle !== null ? Promise.resolve() : load().then((a) => {
        if (this._destroyed) throw integryError("destroyed", "The IntegryJS instance was destroyed");
        try {
          this._attach(need(a));
        } catch (err) {
          this.eventEmitter._failLocal(err);
          throw err;
        }
      }, (err) => {
        this.eventEmitter._failLocal(err);
        throw err;
      });
      this._attached.catch(() => {});
      // ready settles as the ready and error events do.
      this.ready = this._attached.then(() => this._call("__ready", []));
      this.ready.catch(() => {});
    }

    _attach(a) {
      const h = a.create(this._config);
      if (typeof h !== "number") throw h;
      this._api = a;
      this._handle = h;
      this.eventEmitter._replay();
    }

    _call(name, args) {
      if (this._destroyed) return Promise.reject(integryError("destroyed", "The IntegryJS instance was destroyed"));
      if (this._handle !== null) return this._api.call(this._handle, name, args);
      return this._attached.then(() => this._call(name, args));
    }

    // connectApp(appName) opens the login popup inside the caller's click and
    // resolves the new connected account's ID.
    connectApp(appName) {
      if (this._destroyed || this._handle !== null) return this._call("connectApp", [appName]);
      if (typeof appName !== "string" || appName.trim() === "") return this._call("connectApp", [appName]);
      const win = openPopup();
      if (!win) return Promise.reject(integryError("popup_blocked", "The connect popup was blocked by the browser; call connectApp from a click handler"));
      return this._call("connectApp", [appName, win]).catch((err) => {
        try { win.close(); } catch (_) { /* gone */ }
        throw err;
      });
    }

    // paginate(functionName, params, connectedAccountId?) is an async
    // iterator over the pages of a paginated function: each value is a call
    // result; it ends when next_page is empty or a page is empty.
    paginate(functionName, params, connectedAccountId) {
      const args = [functionName, params, connectedAccountId];
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
            if (id === null) id = await this._call("__pagerOpen", args);
            const r = await this._call("__pagerNext", [id]);
            if (r.done) {
              finished = true;
              return { done: true, value: undefined };
            }
            return { done: false, value: r.value };
          } catch (err) {
            finished = true;
            throw err;
          }
        }),
        return: (value) => step(async () => {
          if (!finished && id !== null) {
            finished = true;
            try { await this._call("__pagerClose", [id]); } catch (_) { /* already over */ }
          }
          finished = true;
          return { done: true, value };
        }),
        [Symbol.asyncIterator]() { return it; },
      };
      return it;
    }

    // destroy() rejects every pending promise with code destroyed, closes
    // what the instance opened and removes every event handler.
    destroy() {
      if (this._destroyed) return;
      this._destroyed = true;
      this.eventEmitter._queue = [];
      if (this._handle !== null) this._api.destroy(this._handle);
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
  });
  return { IntegryJS, Helpers, load };
}
