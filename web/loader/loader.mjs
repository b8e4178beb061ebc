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
// Pages with a Content-Security-Policy need 'wasm-unsafe-eval' in
// script-src, and the server must send integry.wasm as application/wasm,
// compressed (README: "Serving the bundle").

import { createRenderer } from "./renderer.mjs";
import { createBridge } from "./abi.mjs";
import { GLOBAL, METHODS, FAIL_TOO_LARGE, FAIL_TIMEOUT, FAIL_NETWORK, MAX_ARGS, MAX_NAME_LENGTH } from "./contract.mjs";

const SDK_VERSION = "__INTEGRY_SDK_VERSION__";
// contract.mjs is written by the build from Go (internal/contract and
// wasm/contract.go: the global, METHODS, failure codes, limits); a wasm with
// another method list or version is refused.

// The official statics (values as in @integry/sdk 4.9.37).
export const RenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE" });
export const MarketplaceRenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE" });
export const Layouts = Object.freeze({ NARROW: "COMPACT", WIDE: "COMFORTABLE" });
export const ViewStyles = Object.freeze({ COMPACT: "COMPACT", COMFORTABLE: "COMFORTABLE" });
export const TemplateFormRenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE", DETACHED: "DETACHED", CUSTOM: "CUSTOM" });

// SYNC are the Go methods that answer synchronously, as the official
// runtime's do (callSync).
const SYNC = new Set(["getFunctionTools"]);

// UNSUPPORTED are the official members that are plumbing of Integry's own
// UI, with why ours has no use for them; each rejects with code
// unsupported (docs/protocol.md#unsupported).
const UNSUPPORTED = [
  ["renderPreview", "it previews a flow template inside Integry's flow builder"],
  ["renderMultipurposeField", "it is the flow builder's field that mixes text with the output of earlier steps"],
  ["renderFunctionField", "it is the flow builder's picker of a function for a step"],
  ["renderFormFields", "it renders loose fields for the flow builder; render a function's form with showFunction"],
  ["renderFunctionForm", "it edits a flow step's stored arguments for the flow builder; use showFunction"],
  ["renderFlowStep", "it renders one step of the flow builder, driven by page callbacks and the builder's tags tree; set a flow up with renderFlowSetupForm or setupIntegration"],
  ["renderMappingMenu", "it is the flow builder's menu of earlier steps' tags, answering through a page callback; the setup form has its own trigger-data menu"],
];

// html is the official runtime's template tag for its own UI components,
// which this SDK does not have.
export function html() {
  throw integryError("unsupported", "IntegryJS.html is not supported: it builds components of the official runtime's UI (docs/protocol.md#unsupported)");
}

// setFieldValue(fieldId, value) types value into a rendered form field, as
// if the person had: fieldId is the field's element ID or its machine
// name (docs/protocol.md#surface).
export function setFieldValue(fieldId, value) {
  if (typeof document === "undefined" || typeof fieldId !== "string") return;
  const esc = typeof CSS !== "undefined" && CSS.escape ? CSS.escape(fieldId) : fieldId.replace(/["\\]/g, "\\$&");
  const el = document.getElementById(fieldId) || document.querySelector('[name="' + esc + '"], [data-field="' + esc + '"]');
  if (!el) return;
  const input = el.matches("input, textarea") ? el : el.querySelector("input, textarea");
  if (!input) return;
  input.value = String(value);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new KeyboardEvent("keyup", { key: "a", bubbles: true, cancelable: true }));
}

// integryError is every error the SDK rejects with: name IntegryError, a
// stable code, and status (HTTP), details (the server's body) and cause
// when there are some.
function integryError(code, message, cause, status, details) {
  const e = cause === undefined ? new Error(message) : new Error(message, { cause });
  e.name = "IntegryError";
  e.code = code;
  if (status !== undefined) e.status = status;
  if (details !== undefined) e.details = details;
  return e;
}

function configError(message) {
  const e = new TypeError(message);
  e.code = "invalid_argument";
  return e;
}

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

// takeSignal finds an options object with an AbortSignal among a call's
// arguments (showApps, showFunction, showApp…: {signal}), replaces that
// object with a copy without it (a signal does not cross into Go), and
// returns the signal. A last argument that held only the signal is
// dropped: any method takes a trailing {signal}, whatever its other
// optional arguments are.
function takeSignal(args) {
  for (let i = 0; i < args.length; i++) {
    try {
      const o = args[i];
      if (o === null || typeof o !== "object" || Array.isArray(o) || !("signal" in o)) continue;
      const { signal, ...rest } = o;
      if (typeof AbortSignal === "undefined" || !(signal instanceof AbortSignal)) continue;
      if (i === args.length - 1 && Object.keys(rest).length === 0) args.length = i;
      else args[i] = rest;
      return signal;
    } catch (_) {
      // A hostile object (a throwing getter, a Proxy): Go refuses it.
    }
  }
  return null;
}

// CONTAINER_AT is where a method takes its containerId as an argument of
// its own; option objects name it containerId (flowContainerId for
// renderFlowSetupForm), or container.
const CONTAINER_AT = { showFunction: 3, showApp: 2, showConnectedAccounts: 2, showFlows: 1 };
// isNode never throws: instanceof runs a Proxy's getPrototypeOf trap.
function isNode(v) {
  try {
    return typeof Node !== "undefined" && v instanceof Node;
  } catch (_) {
    return false;
  }
}

// nameContainers replaces a page node given where a method takes a
// container id (an Element, or a ShadowRoot to render inside it) with the
// name the renderer knows it by (name), which Go uses as that id
// (docs/protocol.md#surface-container). An options object is copied, never
// changed; its container key becomes containerId.
function nameContainers(method, args, name) {
  const at = CONTAINER_AT[method];
  if (at !== undefined && at < args.length && isNode(args[at])) args[at] = name(args[at]);
  for (let i = 0; i < args.length; i++) {
    try {
      const o = args[i];
      if (o === null || typeof o !== "object" || Array.isArray(o) || isNode(o)) continue;
      const c = isNode(o.container), id = isNode(o.containerId), flow = isNode(o.flowContainerId);
      if (!c && !id && !flow) continue;
      const { container, ...rest } = o;
      if (c && !id) rest.containerId = name(container);
      if (id) rest.containerId = name(o.containerId);
      if (flow) rest.flowContainerId = name(o.flowContainerId);
      args[i] = rest;
    } catch (_) {
      // A hostile object (a throwing getter, a Proxy): Go refuses it.
    }
  }
}

// text reads a config value that may be a string or a finite number (the
// official SDK applies String() to userId); bad collects the names of
// values of any other type.
function text(v, name, bad) {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  bad.push(name);
  return "";
}

function httpURL(s) {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "";
  } catch (_) {
    return false;
  }
}

// checkConfig validates the constructor's config and returns it normalised
// for Go: every missing credential and every bad value named at once, in a
// TypeError with code invalid_argument. A config that throws when read (a
// getter, a Proxy) is such a TypeError too, with what it threw as cause.
function checkConfig(c) {
  try {
    return readConfig(c);
  } catch (err) {
    if (err instanceof TypeError && err.code === "invalid_argument") throw err;
    const e = new TypeError("IntegryJS: the config could not be read", { cause: err });
    e.code = "invalid_argument";
    throw e;
  }
}

function readConfig(c) {
  if (c === null || typeof c !== "object") {
    throw configError("IntegryJS: the config must be an object with appKey, hash and userId");
  }
  const bad = [];
  let uid = c.userId;
  if (uid === undefined || uid === null || uid === "") {
    const u = c.user;
    uid = u !== null && typeof u === "object" ? u.userId : undefined;
  }
  const out = {
    appKey: text(c.appKey, "appKey", bad), hash: text(c.hash, "hash", bad), userId: text(uid, "userId", bad),
    deploymentId: text(c.deploymentId, "deploymentId", bad), lang: text(c.lang, "lang", bad),
    baseUrl: text(c.baseUrl, "baseUrl", bad), authBaseUrl: text(c.authBaseUrl, "authBaseUrl", bad),
    apiBaseUrl: text(c.baseAPIUrl, "baseAPIUrl", bad) || text(c.apiBaseUrl, "apiBaseUrl", bad),
  };
  // options (or userConfig, which the official runtime reads when options
  // is absent): title, tags and debug (docs/protocol.md#surface-options).
  const o = c.options !== null && typeof c.options === "object" ? c.options
    : c.userConfig !== null && typeof c.userConfig === "object" ? c.userConfig : null;
  if (o) {
    out.title = text(o.title, "options.title", bad);
    if (o.tags !== undefined && o.tags !== null) {
      if (!Array.isArray(o.tags) || o.tags.some((t) => typeof t !== "string" && !(typeof t === "number" && Number.isFinite(t)))) bad.push("options.tags");
      else out.tags = o.tags.map(String).join("\n"); // Go reads strings and numbers only
    }
    out.debug = o.debug ? 1 : 0;
  }
  // user variables: user.apiKey, and the user's other members as one JSON
  // object, as the official runtime keeps them (docs/flows.md#user-variables).
  if (c.user !== null && typeof c.user === "object") {
    const { userId: _, apiKey, ...extras } = c.user;
    out.selfApiKey = String(apiKey || "");
    out.selfExtras = JSON.stringify(extras);
    out.selfValues = Object.keys(extras).filter((k) => extras[k]).join("\n"); // the ones with a value
  }
  const missing = ["appKey", "hash", "userId"].filter((k) => out[k].trim() === "" && !bad.includes(k));
  for (const [k, name] of [["baseUrl", "baseUrl"], ["authBaseUrl", "authBaseUrl"], ["apiBaseUrl", "baseAPIUrl"]]) {
    if (out[k] !== "" && !httpURL(out[k].trim())) bad.push(name);
  }
  for (const k of ["timeout", "connectTimeout"]) {
    const v = c[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !(v >= 0 && v <= 24 * 3600 * 1000)) bad.push(k);
    else out[k] = v;
  }
  if (c.retries !== undefined && c.retries !== null) {
    const v = c.retries;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 10) bad.push("retries");
    else out.retries = v;
  }
  const msg = [];
  if (missing.length) msg.push("missing " + missing.join(", "));
  if (bad.length) msg.push("invalid " + bad.join(", "));
  if (msg.length) throw configError("IntegryJS config: " + msg.join("; "));
  return out;
}

// openPopup opens the connect window: 800×600, centred on the top window,
// browser chrome off, as the official SDK's. It is the one place that opens
// popups; connectApp calls it inside the page's click, and Go asks for it
// (host.popup) inside a click on a Connect button it rendered.
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

// EventEmitter is an instance's eventEmitter, as in @integry/sdk: on
// appends, once runs a handler once and then removes every registration of
// it for that event (as off does), offAll clears everything. Handlers run in
// order with this = null; one that throws is reported on the console and the
// others still run. unsub, which the documentation promises, is off with a
// handler and removes every handler of the event without one.
class EventEmitter {
  constructor() {
    Object.defineProperty(this, "_handlers", { value: new Map() });
  }
  _add(name, fn, once) {
    if (typeof name !== "string" || name === "") throw configError("eventEmitter: the event name must be a non-empty string");
    if (typeof fn !== "function") throw configError("eventEmitter: the handler must be a function");
    let list = this._handlers.get(name);
    if (!list) this._handlers.set(name, (list = []));
    list.push({ fn, once });
  }
  on(name, fn) { this._add(name, fn, false); }
  once(name, fn) { this._add(name, fn, true); }
  off(name, fn) {
    const list = this._handlers.get(name);
    if (!list) return;
    const kept = list.filter((h) => h.fn !== fn);
    if (kept.length) this._handlers.set(name, kept);
    else this._handlers.delete(name);
  }
  // unsub(name) with no handler, as Integry's documentation writes it,
  // removes every handler of that event; with one it is off.
  unsub(name, fn) {
    if (fn === undefined) this._handlers.delete(name);
    else this.off(name, fn);
  }
  offAll() { this._handlers.clear(); }
  emit(name, ...args) {
    const list = this._handlers.get(name);
    if (!list) return;
    for (const h of list.slice()) {
      if (h.once) this.off(name, h.fn);
      try {
        h.fn.apply(null, args);
      } catch (err) {
        console.error('integry: a "' + name + '" handler failed:', err);
      }
    }
  }
  // listenerCount is how many handlers name has, or all events together.
  listenerCount(name) {
    if (name !== undefined) return (this._handlers.get(name) || []).length;
    let n = 0;
    for (const list of this._handlers.values()) n += list.length;
    return n;
  }
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
  const requests = new Map(); // request id → XMLHttpRequest
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

  const bridge = createBridge((err) => died(err), (ops) => renderer.apply(ops), (id, ok, value) => host.settle(id, ok, value), integryError);
  const renderer = createRenderer(bridge.dispatch, bridge.flush);

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
        if (!requests.delete(id) || !rt) return;
        bridge.respond(id, status, hdrs, value, failure, size);
      };
      xhr.onload = () => {
        const t = xhr.responseText;
        if (t.length > limit) return answer(xhr.status, "", undefined, FAIL_TOO_LARGE);
        let value = t;
        if (!whole) {
          try { value = t === "" ? undefined : JSON.parse(t); } catch (_) { value = undefined; }
        }
        answer(xhr.status, xhr.getAllResponseHeaders(), value, undefined, t.length);
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
    for (const xhr of requests.values()) xhr.abort();
    requests.clear();
    for (const w of popups) try { w.close(); } catch (_) { /* gone */ }
    popups.clear();
    renderer.teardown();
    const calls = [...pending.values()];
    pending.clear();
    for (const p of calls) p.reject(err);
    const insts = [...byHandle.values()];
    byHandle.clear();
    for (const inst of insts) {
      inst._handle = null;
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
    let list;
    try {
      list = apply(slice, args, [0, MAX_ARGS + 1]);
    } catch (_) {
      throw integryError("invalid_argument", "the arguments could not be read");
    }
    const id = ++nextCall;
    let out = null;
    pending.set(id, { resolve: (v) => { out = { ok: true, v }; }, reject: (e) => { out = { ok: false, v: e }; }, inst: null });
    const m = METHOD_INDEX.get(name);
    bridge.call(0, id, m === undefined ? -1 : m, false, list);
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

  class IntegryJS {
    constructor(config) {
      Object.defineProperty(this, "_config", { value: checkConfig(config) });
      this._handle = null;
      this._destroyed = false;
      this.eventEmitter = new EventEmitter();
      // Methods are own properties, as in @integry/sdk, so they work unbound.
      for (const name of METHODS) {
        if (!name.startsWith("__") && name !== "connectApp" && !SYNC.has(name)) this[name] = (...args) => this._call(name, args);
      }
      for (const name of ["connectApp", "paginate", "destroy", "printVersion"]) this[name] = IntegryJS.prototype[name].bind(this);
      addSurface(this);
      // __theme: the core's stylesheet and strings for the bindings (web/npm/bindings.js coreStrings).
      Object.defineProperty(this, "__theme", { value: () => this._call("__theme", []) });
      if (rt) this._attach();
      // ready settles as the ready and error events do.
      this.ready = this._call("__ready", []);
      this.ready.catch(() => {});
      if (!rt) {
        load().then(() => { if (!this._destroyed && this._handle === null && rt) this._attach(); }, (err) => {
          if (!this._destroyed) this.eventEmitter.emit("error", err);
        });
      }
    }

    _attach() {
      const h = ++nextHandle;
      this._handle = h;
      byHandle.set(h, this);
      enter((a) => a.create(h, this._config));
    }

    // _call runs a Go method: one crossing in, one back when it settles.
    _call(name, args) {
      if (this._destroyed) return Promise.reject(destroyedError());
      if (this._handle === null) {
        return load().then((api) => {
          if (!api) throw integryError("internal", "IntegryJS needs a browser window");
          if (this._destroyed) throw destroyedError();
          if (this._handle === null) this._attach();
          return this._call(name, args);
        });
      }
      // The arguments go to Go as arguments of the call entry itself: Go
      // reads them once, with no array to walk. A page reaching _call
      // with something that is no array gets invalid_argument.
      let list;
      try {
        list = apply(slice, args, [0, MAX_ARGS + 1]); // Go refuses more than MAX_ARGS
      } catch (_) {
        return Promise.reject(integryError("invalid_argument", "the arguments could not be read"));
      }
      const signal = takeSignal(list);
      if (signal && signal.aborted) return Promise.reject(abortedError(signal));
      nameContainers(name, list, renderer.name);
      return new Promise((resolve, reject) => {
        const id = ++nextCall;
        pending.set(id, { resolve, reject, inst: this });
        const m = METHOD_INDEX.get(name);
        // The arguments stay here, in the call's frame; Go reads them there.
        bridge.call(this._handle, id, m === undefined ? -1 : m, !!signal, list);
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
            if (rt && this._handle !== null) bridge.cancel(this._handle, id);
          }, { once: true });
        }
      });
    }

    // connectApp(appName) opens the login popup inside the caller's click and
    // resolves the new connected account's ID. A trailing {signal} reaches
    // _call like any method's: aborting closes the popup and rejects.
    connectApp(appName, ...rest) {
      if (this._destroyed) return Promise.reject(destroyedError());
      // A name Go would refuse gets no popup: Go rejects it invalid_argument.
      if (typeof appName !== "string" || appName.trim() === "" || appName.length > MAX_NAME_LENGTH) return this._call("connectApp", [appName]);
      const win = host.popup();
      if (!win) return Promise.reject(integryError("popup_blocked", "The connect popup was blocked by the browser; call connectApp from a click handler"));
      return this._call("connectApp", [appName, win, ...rest]).catch((err) => {
        try { win.close(); } catch (_) { /* gone */ }
        throw err;
      }).finally(() => popups.delete(win));
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
            const value = await this._call("__pagerNext", [id]);
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
      this.eventEmitter.offAll();
      for (const [id, p] of pending) {
        if (p.inst !== this) continue;
        pending.delete(id);
        p.reject(destroyedError());
      }
      if (this._handle !== null) {
        byHandle.delete(this._handle);
        const h = this._handle;
        this._handle = null;
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
  // addSurface gives an instance the official members that are plain
  // JavaScript over the methods above: the marketplace entry points, the
  // account list, the synchronous getFunctionTools, and the members of the
  // official UI's plumbing, which reject with code unsupported
  // (docs/protocol.md#surface, #unsupported).
  function addSurface(inst) {
    let userConfig = {};
    const apps = (renderMode, containerId) =>
      inst.showApps({ renderMode: renderMode === "MODAL" ? "MODAL" : "INLINE", containerId });
    const need = (o, what) => {
      if (o === null || typeof o !== "object") throw integryError("invalid_argument", what + " requires an options object");
      return o;
    };
    const rejecting = (fn) => (...args) => {
      try {
        return fn(...args);
      } catch (err) {
        return Promise.reject(err);
      }
    };
    Object.assign(inst, {
      getFunctionTools: (functionStructure) => callSync("getFunctionTools", [functionStructure, functionStructure === null]),
      // init and initializeMarketplace render the marketplace into
      // containerId; renderMode is required, as in the official runtime.
      // With a flowId or integrationId, init is renderAppFlows when this
      // SDK has it.
      init: rejecting((c) => {
        need(c, "init");
        if ((c.flowId || c.integrationId) && typeof inst.renderAppFlows === "function") return inst.renderAppFlows(c);
        return inst.initializeMarketplace(c);
      }),
      initializeMarketplace: rejecting((c) => {
        need(c, "initializeMarketplace");
        if (!c.renderMode) throw integryError("invalid_argument", "initializeMarketplace requires renderMode (IntegryJS.TemplateFormRenderModes)");
        return apps(c.renderMode, c.containerId);
      }),
      renderMarketplace: rejecting((c) => {
        need(c, "renderMarketplace");
        if (!c.renderMode) throw integryError("invalid_argument", "renderMarketplace requires renderMode (IntegryJS.MarketplaceRenderModes)");
        return apps(c.renderMode, c.containerId);
      }),
      // updateSdkUserConfig({userConfig}) merges into the instance's
      // userConfig, as the official runtime's store does.
      updateSdkUserConfig: (c) => {
        if (c && typeof c === "object" && c.userConfig && typeof c.userConfig === "object") userConfig = Object.assign({}, userConfig, c.userConfig);
      },
      // renderAppAuthorizations({containerId, appName}) lists the app's
      // connected accounts in containerId and resolves once they are shown.
      renderAppAuthorizations: rejecting((o) => {
        need(o, "renderAppAuthorizations");
        return inst.showConnectedAccounts(o.appName, "INLINE", o.containerId).then(() => undefined);
      }),
    });
    Object.defineProperty(inst, "_userConfig", { get: () => userConfig });
    for (const [name, why] of UNSUPPORTED) {
      inst[name] = () => Promise.reject(integryError("unsupported", "IntegryJS." + name + " is not supported: " + why + " (docs/protocol.md#unsupported)"));
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
