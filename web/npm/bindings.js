// integry-wasm bindings: what the Web Components (elements.js) and the React
// entry (react.js) share, on top of the public IntegryJS API only. This file
// is internal to the package (no "exports" entry): its functions may change
// with their two users. Importing it does nothing; the first mount adds one
// stylesheet to the page.
//
// How the pieces fit, and what they still need from the core, is written
// down in docs/elements-and-react.md.

/** isInstance reports whether v looks like an IntegryJS instance (script tag or npm). */
export function isInstance(v) {
  return v !== null && typeof v === "object" && typeof v.getApp === "function" &&
    v.eventEmitter !== null && typeof v.eventEmitter === "object" && typeof v.eventEmitter.on === "function";
}

// HOST_CSS: the look of the few light-DOM pieces React renders itself
// (ConnectButton, FunctionForm's Cancel), from the core's --integry-*
// properties. The palette itself is declared only by the core (ui/theme.go),
// which puts it in the page when asked for its theme (coreStrings).
const HOST_CSS = `
.integry-host { display: block; }
.integry-host-actions { display: flex; justify-content: flex-end; gap: 8px; background: var(--integry-bg);
  margin-top: -16px; padding: 8px 16px 16px; border-radius: 0 0 var(--integry-radius) var(--integry-radius); }
.integry-host-button { font: inherit; font-weight: 600; font-size: 15px; line-height: 1.45; font-family: var(--integry-font); border-radius: 6px; padding: 8px 14px; cursor: pointer;
  border: 1px solid var(--integry-accent); background: var(--integry-accent); color: var(--integry-accent-fg); }
.integry-host-button.integry-host-secondary { background: var(--integry-bg); color: var(--integry-fg); border-color: var(--integry-border); }
.integry-host-button:focus-visible { outline: none; box-shadow: var(--integry-focus); }
.integry-host-button[disabled] { opacity: .6; cursor: not-allowed; }
`;

const STYLE_ID = "integry-host-style";

/** injectHostStyle adds HOST_CSS to doc once (first in <head>, so the page's own rules come later and win). */
export function injectHostStyle(doc) {
  if (!doc || doc.getElementById(STYLE_ID)) return;
  const s = doc.createElement("style");
  s.id = STYLE_ID;
  s.textContent = HOST_CSS;
  const head = doc.head || doc.documentElement;
  head.insertBefore(s, head.firstChild);
}

// The core's theme, per instance. The instance's __theme() puts the core's
// stylesheet in the page (with the palette, declared only there) and
// answers the strings the bindings draw themselves, in the instance's
// language, with their {app} left in (ui/theme.go, Theme). Nothing here
// keeps a copy of either (docs/elements-and-react.md#language).
const themes = new WeakMap(); // instance → {strings, waiting}

/**
 * coreStrings calls ready(strings) once the instance's strings are known
 * (at once when they are) and returns what cancels the wait.
 */
export function coreStrings(instance, ready) {
  let t = themes.get(instance);
  if (!t) {
    t = { strings: null, waiting: new Set() };
    themes.set(instance, t);
    let p;
    try {
      p = instance.__theme();
    } catch (err) {
      p = Promise.reject(err);
    }
    Promise.resolve(p).then((s) => {
      t.strings = s;
      for (const f of t.waiting) f(s);
      t.waiting.clear();
    }, () => {
      themes.delete(instance); // the next caller asks again (a runtime that restarts)
    });
  }
  if (t.strings) {
    ready(t.strings);
    return () => {};
  }
  t.waiting.add(ready);
  return () => t.waiting.delete(ready);
}

/** fill replaces {name} in s with vars[name]. */
export function fill(s, vars) {
  return String(s || "").replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
}

/** connectLabel is a connect button's text for an app's state (see watchApp), from the core's strings ("" until they are known). */
export function connectLabel(strings, appName, state) {
  if (!strings) return "";
  const a = state.app;
  const app = (a && a.title) || appName;
  if (state.busy === "connect") return fill(strings.connecting, { app });
  if (a && a.connected_accounts && a.connected_accounts.length > 0) {
    return a.allow_multiple_connected_accounts ? fill(strings.add_account_app, { app }) : fill(strings.account_connected, { app }).replace(/[.。]$/, "");
  }
  return fill(strings.connect_app, { app });
}

/** canConnect reports whether a connect button for this state is enabled. */
export function canConnect(state) {
  const a = state.app;
  if (state.busy) return false;
  if (a && a.login_url === "") return false; // no login required
  return !(a && a.connected_accounts && a.connected_accounts.length > 0 && !a.allow_multiple_connected_accounts);
}

/** layoutValue maps "WIDE"/"NARROW" (the Layouts keys, any case) to their values; anything else passes. */
export function layoutValue(v) {
  if (typeof v !== "string" || v === "") return undefined;
  const u = v.toUpperCase();
  return u === "WIDE" ? "COMFORTABLE" : u === "NARROW" ? "COMPACT" : u;
}

// Inline widgets. The core renders a marketplace or a form into the element
// whose id it is given. Each mount gets a fresh child <div> of the host with
// a generated id, so a widget that arrives after its mount was closed lands
// in a detached div and never next to its successor.
//
// close() waits one microtask before removing anything: React StrictMode
// runs an effect's cleanup and the effect again in one go, and a custom
// element moved in the DOM is disconnected and connected in one go; a mount
// of the same instance and key on the same host in between takes the
// widget back instead of rendering a second one.
let seq = 0;
const mounts = new WeakMap(); // host element → the live mount

function mountInline(instance, host, key, start, where) {
  const prev = mounts.get(host);
  if (prev && !prev.done) {
    if (prev.instance === instance && prev.key === key) {
      prev.closing = false;
      return prev.handle;
    }
    finish(prev);
  }
  const doc = host.ownerDocument;
  injectHostStyle(doc);
  const slot = doc.createElement("div");
  slot.id = "integry-slot-" + ++seq;
  (where || host).appendChild(slot);
  const m = { instance, key, host, slot, closing: false, done: false, stop: null, aborter: new AbortController() };
  m.handle = {
    close() {
      if (m.done || m.closing) return;
      m.closing = true;
      queueMicrotask(() => { if (m.closing) finish(m); });
    },
  };
  mounts.set(host, m);
  // In a shadow root (where), the core gets the slot itself: no id finds it
  // there (docs/protocol.md#surface-container).
  m.stop = start(where ? slot : slot.id, () => !m.done && !m.closing, slot, m.aborter.signal) || null;
  return m.handle;
}

// finish ends a mount: aborting its signal makes the core remove the widget
// with its listeners (and reject a form's pending promise), then the slot
// goes.
function finish(m) {
  m.done = true;
  m.closing = false;
  m.aborter.abort();
  if (m.stop) m.stop();
  m.slot.remove();
  if (mounts.get(m.host) === m) mounts.delete(m.host);
}

/**
 * mountApps shows the apps marketplace inline in host. o: {layout, authOnly,
 * fetchAll}; on.error(err) hears a failure while the mount lives.
 */
export function mountApps(instance, host, o, on) {
  const opts = { layout: layoutValue(o.layout), authOnly: !!o.authOnly, fetchAll: !!o.fetchAll };
  return mountInline(instance, host, "apps " + JSON.stringify(opts), (id, live, _slot, signal) => {
    instance.showApps({ renderMode: "INLINE", containerId: id, ...opts, signal }).catch((err) => {
      if (live() && on.error) on.error(err);
    });
  });
}

// formOptions turns the documented showFunction options into what the core
// reads, leaving out the unset ones.
function formOptions(o) {
  const out = {};
  if (o.params != null) out.params = o.params;
  if (o.connectedAccountId != null && o.connectedAccountId !== "") out.connectedAccountId = String(o.connectedAccountId);
  if (o.version != null && o.version !== "") out.version = o.version;
  if (o.submitButtonText) out.submitButtonText = o.submitButtonText;
  for (const k of ["hideSubmitButton", "hideFunctionTitle", "isReadOnly", "allow_workspace_connected_accounts"]) if (o[k]) out[k] = true;
  for (const k of ["hiddenFields", "visibleFields"]) if (Array.isArray(o[k]) && o[k].length) out[k] = o[k].map(String);
  return out;
}

/**
 * mountForm shows the form of function name inline in host, once: after a
 * submit the core removes it and on.submit(values) runs; the caller mounts
 * again (with a new round) to show a fresh form. o holds the documented
 * showFunction options plus round; on.error(err) hears a failure.
 * The core's form follows a connect made elsewhere on the page itself.
 */
export function mountForm(instance, host, name, o, on) {
  const opts = formOptions(o);
  return mountInline(instance, host, "form " + JSON.stringify([name, o.round || 0, opts]), (id, live, _slot, signal) => {
    instance.showFunction(name, { ...opts, signal }, "INLINE", id).then((values) => {
      if (live() && on.submit) on.submit(values);
    }, (err) => {
      if (live() && on.error) on.error(err);
    });
  });
}

/**
 * mountApp shows the core's page of app appName (showApp) inline in where,
 * a shadow root of host; on.error(err) hears a failure while the mount
 * lives.
 */
export function mountApp(instance, host, where, appName, on) {
  return mountInline(instance, host, "app " + appName, (slot, live, _slot, signal) => {
    instance.showApp(appName, "INLINE", slot, undefined, { signal }).catch((err) => {
      if (live() && on.error) on.error(err);
    });
  }, where);
}

/**
 * onAppEvents calls fn(kind, app) for app-connected ("connected") and
 * app-disconnected ("disconnected") of appName, or of every app when
 * appName is empty. It returns the function that removes both handlers.
 */
export function onAppEvents(instance, appName, fn) {
  const on = (kind) => (payload) => {
    if (!payload || (appName && payload.name !== appName)) return;
    fn(kind, payload);
  };
  const connected = on("connected");
  const disconnected = on("disconnected");
  instance.eventEmitter.on("app-connected", connected);
  instance.eventEmitter.on("app-disconnected", disconnected);
  return () => {
    instance.eventEmitter.off("app-connected", connected);
    instance.eventEmitter.off("app-disconnected", disconnected);
  };
}

// appOf drops the event's connected_account_id, leaving the app.
function appOf(payload) {
  const { connected_account_id: _, ...app } = payload;
  return app;
}

/**
 * watchApp keeps a live view of one app: it fetches the app, then follows
 * app-connected and app-disconnected. on.change(state) runs on every change
 * of {app, loading, error, busy} (busy: "connect", "disconnect" or null);
 * on.event(kind, payload) hears the two events; on.error(err) hears every
 * failure (the fetch, a connect, a disconnect). connect() must be called
 * inside a click: it calls connectApp at once, so the popup is allowed.
 * Its promise, and disconnect()'s, reject as the core's do; the state and
 * on.error have the error too, so a caller need not catch.
 */
export function watchApp(instance, appName, on) {
  let state = { app: null, loading: true, error: null, busy: null };
  let closed = false;
  const set = (patch) => {
    if (closed) return;
    state = { ...state, ...patch };
    if (on.change) on.change(state);
  };
  const fail = (patch) => (error) => {
    set({ ...patch, error });
    if (!closed && on.error) on.error(error);
  };
  const off = onAppEvents(instance, appName, (kind, payload) => {
    set({ app: appOf(payload), loading: false, error: null });
    if (!closed && on.event) on.event(kind, payload);
  });
  const refresh = () => {
    const p = instance.getApp(appName);
    p.then((app) => set({ app, loading: false, error: null }), fail({ loading: false }));
    p.catch(() => {});
    return p;
  };
  refresh();
  const act = (busy, p) => {
    set({ busy, error: null });
    p.then(() => set({ busy: null }), fail({ busy: null }));
    p.catch(() => {});
    return p;
  };
  return {
    get state() { return state; },
    connect: () => act("connect", instance.connectApp(appName)),
    disconnect: (connectedAccountId) => act("disconnect", instance.disconnectApp(appName, connectedAccountId)),
    refresh,
    close() {
      closed = true;
      off();
    },
  };
}
