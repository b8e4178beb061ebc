// integry-wasm/elements: Web Components over the IntegryJS API, with no
// framework.
//
//   import { defineElements, setDefault } from "integry-wasm/elements";
//   setDefault(new IntegryJS({ appKey, hash, userId }));
//   defineElements();
//
//   <integry-apps layout="wide"></integry-apps>
//   <integry-app app="slack"></integry-app>
//   <integry-function-form function="slack-post-message"></integry-function-form>
//   <integry-connect-button app="slack"></integry-connect-button>
//
// Importing defines nothing (the classes are made by defineElements, so the
// module also imports in node). Which instance an element uses: its own
// `integry` property, else the nearest ancestor's `integry` property (any
// node, across shadow roots), else the page default of setDefault().
// Credentials never go in attributes: an element only ever holds an
// instance the page made.
//
// Attributes are the documented options in kebab-case, and each has a
// property with the documented camelCase name. Events bubble out of shadow
// roots: integry-submit, integry-cancel, integry-connected,
// integry-disconnected and integry-error. The design, the theming hooks
// and what the elements still need from the core are in
// docs/elements-and-react.md.

import {
  isInstance, injectHostStyle, mountApps, mountApp, mountForm, onAppEvents, watchApp,
  coreStrings, connectLabel, canConnect,
} from "./bindings.js";

/** TAGS are the element names defineElements registers. */
export const TAGS = Object.freeze(["integry-apps", "integry-app", "integry-function-form", "integry-connect-button"]);
const SELECTOR = TAGS.join(",");

let pageDefault = null;
const live = new Set(); // elements in a document, told when the default changes

/**
 * setDefault makes instance the page default: the instance of every element
 * with none of its own or of an ancestor. null clears it.
 */
export function setDefault(instance) {
  if (instance != null && !isInstance(instance)) throw new TypeError("setDefault: expected an IntegryJS instance");
  pageDefault = instance ?? null;
  for (const el of live) el._schedule();
}

/** getDefault returns the page default, or null. */
export function getDefault() {
  return pageDefault;
}

// resolve finds the instance of el: its own, an ancestor's, the default.
function resolve(el) {
  if (el._integry) return el._integry;
  for (let n = up(el); n; n = up(n)) {
    if (isInstance(n.integry)) return n.integry;
  }
  return pageDefault;
}

function up(n) {
  if (n.parentNode) return n.parentNode;
  return n.host || null; // a shadow root's host
}

// h builds an element: attributes from attrs (null ones skipped), then
// children (strings become text nodes: server strings are never markup).
function h(doc, tag, attrs, ...children) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) e.append(c);
  }
  return e;
}

// Shadow styles: the pieces the elements draw themselves, from the same
// --integry-* properties as the widgets (their defaults sit on :root).
const BASE_CSS = `
:host { display: block; font-family: var(--integry-font); color: var(--integry-fg); }
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
[part~="error"] { color: var(--integry-error); margin: 8px 0 0; font-size: 13px; }
`;
// The buttons the elements draw themselves (connect, Cancel); <integry-app>
// has none: its buttons are the core's.
const BUTTON_CSS = `
button { font: inherit; font-weight: 600; font-size: 15px; line-height: 1.45; font-family: var(--integry-font); border-radius: 6px; padding: 8px 14px; cursor: pointer;
  border: 1px solid var(--integry-accent); background: var(--integry-accent); color: var(--integry-accent-fg); }
button.secondary { background: var(--integry-bg); color: var(--integry-fg); border-color: var(--integry-border); }
button:focus-visible { outline: none; box-shadow: var(--integry-focus); }
button[disabled] { opacity: .6; cursor: not-allowed; }
`;
const CONNECT_CSS = `:host { display: inline-block; }`;
// The Cancel row continues the inline form's box (ui/theme.go .integry-inline:
// its background and 16px padding), so Cancel sits inside it, under Submit.
const FORM_CSS = `
[part~="actions"] { display: flex; justify-content: flex-end; gap: 8px; background: var(--integry-bg);
  margin-top: -16px; padding: 8px 16px 16px; border-radius: 0 0 var(--integry-radius) var(--integry-radius); }
`;

// Attribute ↔ property reflection. kind: "string", "bool" or "list"
// (comma-separated in the attribute, an array in the property).
function reflect(cls, props) {
  cls.observedAttributes = props.map((p) => p[0]);
  for (const [attr, prop, kind] of props) {
    Object.defineProperty(cls.prototype, prop, {
      configurable: true,
      enumerable: true,
      get() {
        const v = this.getAttribute(attr);
        if (kind === "bool") return v !== null;
        if (kind === "list") return v === null ? [] : v.split(",").map((s) => s.trim()).filter(Boolean);
        return v;
      },
      set(v) {
        if (kind === "bool") this.toggleAttribute(attr, !!v);
        else if (v === null || v === undefined) this.removeAttribute(attr);
        else this.setAttribute(attr, kind === "list" && Array.isArray(v) ? v.join(",") : String(v));
      },
    });
  }
}

// makeClasses builds the element classes; only called where HTMLElement
// exists.
function makeClasses() {
  class IntegryElement extends HTMLElement {
    constructor() {
      super();
      this._integry = null;
      this._queued = false;
      this._bound = null; // {instance, key, close()} of what is shown
    }

    /** The IntegryJS instance of this element (and of those inside it); null falls back to an ancestor's or the default. */
    get integry() { return this._integry; }
    set integry(v) {
      if (v != null && !isInstance(v)) throw new TypeError(this.localName + ".integry: expected an IntegryJS instance");
      this._integry = v ?? null;
      this._schedule();
      for (const el of this.querySelectorAll(SELECTOR)) if (el._schedule) el._schedule();
    }

    connectedCallback() {
      // A property set before the element was defined shadows the accessor.
      for (const p of ["integry", "params"]) {
        if (Object.prototype.hasOwnProperty.call(this, p)) {
          const v = this[p];
          delete this[p];
          this[p] = v;
        }
      }
      live.add(this);
      this._schedule();
    }

    disconnectedCallback() {
      live.delete(this);
      this._schedule();
    }

    attributeChangedCallback(name, before, after) {
      if (before !== after) this._schedule();
    }

    // _schedule updates once per microtask, however many attributes
    // changed; a move in the DOM (disconnect, then connect) keeps what is
    // shown.
    _schedule() {
      if (this._queued) return;
      this._queued = true;
      queueMicrotask(() => {
        this._queued = false;
        const instance = this.isConnected ? resolve(this) : null;
        if (!instance) return this._unbind();
        this._shadow();
        this._refresh();
        const key = this._key();
        if (this._bound && this._bound.instance === instance && this._bound.key === key) return;
        this._unbind();
        this._shadow();
        this._bound = { instance, key, close: this._bind(instance) };
      });
    }

    _unbind() {
      const b = this._bound;
      this._bound = null;
      if (b) b.close();
      this._error(null);
    }

    _shadow() {
      if (this.shadowRoot) return this.shadowRoot;
      injectHostStyle(this.ownerDocument);
      const root = this.attachShadow({ mode: "open" });
      root.append(h(this.ownerDocument, "style", null, BASE_CSS + this._css()), ...this._skeleton());
      return root;
    }

    _css() { return BUTTON_CSS; }
    // _refresh updates what needs no new binding (cheap, on every change).
    _refresh() {}
    _skeleton() { return [h(this.ownerDocument, "slot"), h(this.ownerDocument, "p", { part: "error", role: "alert", hidden: true })]; }

    // _error shows err's message in the error part (null hides it).
    _error(err) {
      const p = this.shadowRoot && this.shadowRoot.querySelector('[part~="error"]');
      if (!p) return;
      p.hidden = !err;
      p.textContent = err ? String(err.message || err) : "";
    }

    _fail(err) {
      this._error(err);
      this._emit("integry-error", err);
    }

    _emit(name, detail) {
      this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    }
  }

  /** <integry-apps>: the apps marketplace, inline. */
  class IntegryAppsElement extends IntegryElement {
    _key() { return JSON.stringify([this.layout, this.authOnly, this.fetchAll]); }
    _bind(instance) {
      const mount = mountApps(instance, this, { layout: this.layout, authOnly: this.authOnly, fetchAll: this.fetchAll }, { error: (e) => this._fail(e) });
      const off = onAppEvents(instance, "", (kind, app) => this._emit("integry-" + kind, app));
      return () => { off(); mount.close(); };
    }
  }
  reflect(IntegryAppsElement, [["layout", "layout", "string"], ["auth-only", "authOnly", "bool"], ["fetch-all", "fetchAll", "bool"]]);

  /** <integry-function-form function="…">: a function's form, inline; prefilled from the params property. */
  class IntegryFunctionFormElement extends IntegryElement {
    constructor() {
      super();
      this._params = null;
      this._round = 0;
    }
    /** The values the form is prefilled with (an object; not an attribute). */
    get params() { return this._params; }
    set params(v) {
      this._params = v ?? null;
      this._schedule();
    }
    _skeleton() {
      const d = this.ownerDocument;
      this._cancel = h(d, "button", { part: "cancel-button", class: "secondary", type: "button", hidden: true });
      this._cancel.addEventListener("click", () => this._emit("integry-cancel", { functionName: this.function }));
      this._actions = h(d, "div", { part: "actions", hidden: true }, this._cancel);
      return [h(d, "slot"), this._actions, ...super._skeleton().slice(1)];
    }
    _css() { return BUTTON_CSS + FORM_CSS; }
    _options() {
      return {
        params: this._params, connectedAccountId: this.connectedAccountId, version: this.version,
        submitButtonText: this.submitButtonText, hideSubmitButton: this.hideSubmitButton, hideFunctionTitle: this.hideFunctionTitle,
        hiddenFields: this.hiddenFields, visibleFields: this.visibleFields, isReadOnly: this.isReadOnly, round: this._round,
      };
    }
    _key() { return JSON.stringify([this.function, this._options()]); }
    _refresh() {
      this._cancel.hidden = this._actions.hidden = !this.cancelable;
    }
    _bind(instance) {
      // Cancel speaks the instance's language, in the core's words.
      const stop = coreStrings(instance, (s) => { this._cancel.textContent = s.cancel; });
      const name = this.function;
      if (!name) return stop;
      const mount = mountForm(instance, this, name, this._options(), {
        submit: (values) => {
          this._round++; // the core removed the submitted form: show a fresh one
          this._schedule();
          this._emit("integry-submit", values);
        },
        error: (e) => this._fail(e),
      });
      return () => { stop(); mount.close(); };
    }
  }
  reflect(IntegryFunctionFormElement, [
    ["function", "function", "string"], ["connected-account-id", "connectedAccountId", "string"], ["version", "version", "string"],
    ["submit-button-text", "submitButtonText", "string"], ["hide-submit-button", "hideSubmitButton", "bool"],
    ["hide-function-title", "hideFunctionTitle", "bool"], ["hidden-fields", "hiddenFields", "list"],
    ["visible-fields", "visibleFields", "list"], ["is-read-only", "isReadOnly", "bool"], ["cancelable", "cancelable", "bool"],
  ]);

  /** <integry-connect-button app="…">: connects an app; the popup opens inside the click. */
  class IntegryConnectButtonElement extends IntegryElement {
    _css() { return BUTTON_CSS + CONNECT_CSS; }
    _skeleton() {
      const d = this.ownerDocument;
      this._label = h(d, "slot");
      this._button = h(d, "button", { part: "button", type: "button", disabled: true }, this._label);
      this._button.addEventListener("click", () => {
        const w = this._watch;
        if (!w || !canConnect(w.state)) return;
        w.connect(); // connectApp runs now, inside the click; failures reach on.error
      });
      return [this._button]; // failures are integry-error events only: a button has no room for text
    }
    _key() { return this.app || ""; }
    _bind(instance) {
      const app = this.app;
      if (!app) return () => {};
      let strings = null;
      const paint = (s) => {
        const connected = !!(s.app && s.app.connected_accounts && s.app.connected_accounts.length);
        this._label.textContent = connectLabel(strings, app, s);
        this._button.disabled = !canConnect(s);
        this._button.setAttribute("part", "button" + (s.busy ? " busy" : connected ? " connected" : ""));
        this.toggleAttribute("connected", connected);
      };
      this._watch = watchApp(instance, app, {
        change: paint,
        event: (kind, payload) => this._emit("integry-" + kind, payload),
        error: (e) => this._emit("integry-error", e),
      });
      paint(this._watch.state);
      const w = this._watch;
      const stop = coreStrings(instance, (s) => { strings = s; paint(w.state); });
      return () => {
        stop();
        w.close();
        this._watch = null;
        this._button.disabled = true;
      };
    }
  }
  reflect(IntegryConnectButtonElement, [["app", "app", "string"]]);

  /**
   * <integry-app app="…">: the core's page of one app (showApp), rendered by
   * the core into the element's shadow root: its accounts, connect, add an
   * account, disconnect with a confirm step, in the instance's language.
   */
  class IntegryAppElement extends IntegryElement {
    _css() { return ""; }
    _skeleton() {
      return super._skeleton().slice(1); // the error part; the core's page goes after it
    }
    _key() { return this.app || ""; }
    _bind(instance) {
      const app = this.app;
      if (!app) return () => {};
      const mount = mountApp(instance, this, this.shadowRoot, app, { error: (e) => this._fail(e) });
      const off = onAppEvents(instance, app, (kind, payload) => this._emit("integry-" + kind, payload));
      return () => { off(); mount.close(); };
    }
  }
  reflect(IntegryAppElement, [["app", "app", "string"]]);

  return {
    "integry-apps": IntegryAppsElement,
    "integry-app": IntegryAppElement,
    "integry-function-form": IntegryFunctionFormElement,
    "integry-connect-button": IntegryConnectButtonElement,
  };
}

/**
 * defineElements registers the four elements in registry (default: the
 * page's customElements) and returns true; where there is no DOM (node,
 * server rendering) it does nothing and returns false. Calling it again,
 * or after another copy defined them, changes nothing.
 */
export function defineElements(registry) {
  const reg = registry || (typeof customElements !== "undefined" ? customElements : null);
  if (!reg || typeof HTMLElement === "undefined") return false;
  for (const [tag, cls] of Object.entries(makeClasses())) {
    if (!reg.get(tag)) reg.define(tag, cls);
  }
  return true;
}
