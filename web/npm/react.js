// integry-wasm/react: React bindings for the IntegryJS API.
//
//   import { IntegryProvider, useApp, FunctionForm } from "integry-wasm/react";
//
//   <IntegryProvider config={{ appKey, hash, userId }}>
//     <ConnectButton app="slack" />
//     <FunctionForm name="slack-post-message" onSubmit={send} />
//   </IntegryProvider>
//
// react is a peer dependency. Importing this module touches no browser
// global, so it imports and renders on a server (hooks and components wait
// for the provider's instance, which only exists in the browser). The
// provider makes one instance per mount and keeps it through React
// StrictMode's simulated unmount and remount; it destroys it on a real
// unmount. See docs/elements-and-react.md.

import { createContext, createElement, useCallback, useContext, useEffect, useRef, useState } from "react";
import { IntegryJS } from "./index.js";
import { mountApps, mountForm, watchApp, connectLabel, canConnect, injectHostStyle, coreStrings } from "./bindings.js";

const IntegryContext = createContext(undefined); // undefined: no provider above

function integryError(code, message) {
  const e = new Error(message);
  e.name = "IntegryError";
  e.code = code;
  return e;
}

// handled returns p after marking it handled: a click handler that ignores
// the promise leaves no unhandled rejection; an await still sees it.
function handled(p) {
  p.catch(() => {});
  return p;
}

const notYet = (what) => handled(Promise.reject(integryError("internal", what + ": the IntegryJS instance is not there yet (IntegryProvider makes it after mounting, in the browser)")));

// configKey is what makes a new instance: the config's JSON (a new object
// with the same values keeps the instance), or the object itself when it
// has no JSON form.
function configKey(config) {
  if (config == null) return null;
  try {
    return JSON.stringify(config);
  } catch {
    return config;
  }
}

/**
 * IntegryProvider makes one IntegryJS instance from config for the
 * components under it, after mounting (never during render or on a server),
 * and destroys it on unmount. StrictMode's simulated unmount and remount
 * keep the same instance: the destroy waits a microtask and the remount
 * takes the instance back. A config with other values makes a new instance;
 * a null config makes none (e.g. while the hash is being fetched).
 */
export function IntegryProvider({ config, children }) {
  const [instance, setInstance] = useState(null);
  const held = useRef(null); // {instance, key, closing}
  const key = configKey(config);
  useEffect(() => {
    let h = held.current;
    if (h && h.key === key) {
      h.closing = false; // StrictMode's remount, or a config with the same values
    } else {
      if (h) {
        h.closing = false;
        h.instance.destroy();
      }
      h = held.current = key === null ? null : { instance: new IntegryJS(config), key, closing: false };
    }
    setInstance(h ? h.instance : null);
    if (!h) return undefined;
    return () => {
      h.closing = true;
      queueMicrotask(() => {
        if (!h.closing) return;
        h.instance.destroy();
        if (held.current === h) held.current = null;
      });
    };
  }, [key]); // config is read only when key, its value, changes
  return createElement(IntegryContext.Provider, { value: instance }, children);
}

/**
 * useIntegry returns the provider's instance, or null until it exists (the
 * first render, and on a server). It throws outside an IntegryProvider.
 */
export function useIntegry() {
  const v = useContext(IntegryContext);
  if (v === undefined) throw new Error("useIntegry: there is no <IntegryProvider> above this component");
  return v;
}

// useLatest keeps a ref to the latest value of a callback prop, so effects
// need not re-run when an inline function changes identity.
function useLatest(v) {
  const r = useRef(v);
  useEffect(() => {
    r.current = v;
  });
  return r;
}

const LOADING_APP = Object.freeze({ app: null, loading: true, error: null, busy: null });

// useAppState is useApp's state and watcher, shared with ConnectButton.
function useAppState(appName) {
  const integry = useIntegry();
  const [state, setState] = useState(LOADING_APP);
  const watch = useRef(null);
  useEffect(() => {
    setState(LOADING_APP);
    if (!integry || !appName) return undefined;
    const w = watchApp(integry, appName, { change: setState });
    watch.current = w;
    return () => {
      w.close();
      if (watch.current === w) watch.current = null;
    };
  }, [integry, appName]);
  const connect = useCallback(() => (watch.current ? watch.current.connect() : notYet("connect")), []);
  const disconnect = useCallback((id) => (watch.current ? watch.current.disconnect(id) : notYet("disconnect")), []);
  const refresh = useCallback(() => (watch.current ? watch.current.refresh() : notYet("refresh")), []);
  return { integry, state, connect, disconnect, refresh };
}

/**
 * useApp(appName) is one app, kept live from the instance's app-connected
 * and app-disconnected events: {app, accounts, connected, loading, error,
 * connecting, disconnecting, connect(), disconnect(accountId?), refresh()}.
 * Call connect() straight from a click handler: it opens the popup at once.
 */
export function useApp(appName) {
  const { state, connect, disconnect, refresh } = useAppState(appName);
  const accounts = (state.app && state.app.connected_accounts) || [];
  return {
    app: state.app,
    accounts,
    connected: accounts.length > 0,
    loading: state.loading,
    error: state.error,
    connecting: state.busy === "connect",
    disconnecting: state.busy === "disconnect",
    connect,
    disconnect,
    refresh,
  };
}

/** useFunction(name) is the function's signature: {signature, loading, error}. */
export function useFunction(name) {
  const integry = useIntegry();
  const [s, setS] = useState({ name, signature: null, loading: true, error: null });
  useEffect(() => {
    if (!integry || !name) return undefined;
    let live = true;
    setS((prev) => (prev.name === name && prev.loading ? prev : { name, signature: null, loading: true, error: null }));
    integry.getFunction(name).then(
      (signature) => live && setS({ name, signature, loading: false, error: null }),
      (error) => live && setS({ name, signature: null, loading: false, error }),
    );
    return () => {
      live = false;
    };
  }, [integry, name]);
  return { signature: s.signature, loading: s.loading, error: s.error };
}

/**
 * useInvoke(name) calls a function: {invoke(params, accountId?), data,
 * error, loading, page, hasNextPage, nextPage()}. invoke resolves the call
 * result (executed or refused) and fetches page 1. For a paginated function
 * nextPage() asks the following page with the same params through the
 * core's page method, which applies the rules of paging
 * (docs/design.md#paging): it resolves the page's result, or null for an
 * empty page, which ends paging and leaves the last page shown;
 * hasNextPage says whether there is a page to ask. A newer call, or a
 * change of name or instance, drops the results of older ones.
 */
export function useInvoke(name) {
  const integry = useIntegry();
  const [s, setS] = useState({ data: null, error: null, loading: false, page: 0, next: "" });
  const last = useRef({ gen: 0, params: null, accountId: undefined, page: 0, next: "" });
  useEffect(() => () => {
    last.current.gen++; // results for the old name or instance are dropped
  }, [integry, name]);
  // run makes one call: ask(integry) resolves {data, next}, data null for
  // an empty page.
  const run = useCallback((ask, params, accountId, page) => {
    if (!integry) return notYet("invoke");
    const l = last.current;
    const gen = ++l.gen;
    setS((prev) => ({ ...prev, loading: true, error: null }));
    return handled(ask(integry).then(({ data, next }) => {
      if (l.gen === gen) {
        if (data === null) page = l.page;
        Object.assign(l, { params, accountId, page, next });
        setS((prev) => ({ data: data === null ? prev.data : data, error: null, loading: false, page, next }));
      }
      return data;
    }, (error) => {
      if (l.gen === gen) setS((prev) => ({ ...prev, error, loading: false }));
      throw error;
    }));
  }, [integry, name]);
  const invoke = useCallback((params, connectedAccountId) => {
    const p = params || {};
    return run((i) => i.invokeFunction(name, p, connectedAccountId).then((data) => ({ data, next: (data && data.next_page) || "" })),
      p, connectedAccountId, 1);
  }, [run, name]);
  const nextPage = useCallback(() => {
    const l = last.current;
    if (!l.next) return handled(Promise.reject(integryError("invalid_argument", "nextPage: the last result has no next_page")));
    return run((i) => i.__page(name, l.params, l.accountId, l.next)
      .then((p) => ({ data: p.result, next: p.next })), l.params, l.accountId, l.page + 1);
  }, [run, name]);
  return {
    invoke,
    nextPage,
    hasNextPage: !!s.next,
    page: s.page,
    data: s.data,
    error: s.error,
    loading: s.loading,
  };
}

const cls = (...names) => names.filter(Boolean).join(" ");

/**
 * AppsMarketplace renders the apps marketplace inline, in a <div> of the
 * React tree. Props: layout ("WIDE"/"NARROW" or a Layouts value), authOnly,
 * fetchAll, onError, and id/className/style for the div.
 */
export function AppsMarketplace({ layout, authOnly = false, fetchAll = false, onError, id, className, style }) {
  const integry = useIntegry();
  const ref = useRef(null);
  const onErr = useLatest(onError);
  useEffect(() => {
    if (!integry) return undefined;
    const m = mountApps(integry, ref.current, { layout, authOnly, fetchAll }, { error: (e) => onErr.current && onErr.current(e) });
    return () => m.close();
  }, [integry, layout, authOnly, fetchAll, onErr]);
  return createElement("div", { ref, id, className: cls("integry-host", className), style });
}

// useStrings is the instance's strings that the components draw themselves
// (Cancel, a connect button's label), in its language, from the core; null
// until the core answered (bindings.js coreStrings).
function useStrings(integry) {
  const [strings, setStrings] = useState(null);
  useEffect(() => {
    setStrings(null);
    return integry ? coreStrings(integry, setStrings) : undefined;
  }, [integry]);
  return strings;
}

/**
 * FunctionForm renders a function's form inline. onSubmit(values) gets the
 * typed values; the form is then shown afresh, prefilled from params again.
 * With onCancel a Cancel button follows the form. The documented
 * showFunction options are props of the same names.
 */
export function FunctionForm({
  name, params, connectedAccountId, version, submitButtonText, hideSubmitButton, hideFunctionTitle,
  hiddenFields, visibleFields, isReadOnly, onSubmit, onCancel, onError, cancelButtonText, id, className, style,
}) {
  const integry = useIntegry();
  const strings = useStrings(integry);
  const ref = useRef(null);
  const [round, setRound] = useState(0);
  const onSub = useLatest(onSubmit);
  const onErr = useLatest(onError);
  const key = JSON.stringify({
    params, connectedAccountId, version, submitButtonText, hideSubmitButton, hideFunctionTitle, hiddenFields, visibleFields, isReadOnly, round,
  });
  useEffect(() => {
    if (!integry || !name) return undefined;
    const m = mountForm(integry, ref.current, name, JSON.parse(key), {
      submit: (values) => {
        setRound((r) => r + 1); // the core removed the submitted form
        if (onSub.current) onSub.current(values);
      },
      error: (e) => onErr.current && onErr.current(e),
    });
    return () => m.close();
  }, [integry, name, key, onSub, onErr]);
  return createElement("div", { id, className: cls("integry-host", className), style },
    createElement("div", { ref }),
    onCancel ? createElement("div", { className: "integry-host-actions" },
      createElement("button", { type: "button", className: "integry-host-button integry-host-secondary integry-host-cancel", onClick: onCancel }, cancelButtonText ?? (strings ? strings.cancel : ""))) : null);
}

/**
 * ConnectButton is a <button> that connects app: its click opens the
 * consent popup at once (so no popup blocker stops it). It says "Connect
 * {App}", "Add a {App} account" or "{App} connected" unless it has
 * children, and carries data-state (idle, connecting, connected).
 * onConnect(accountId) and onError(err) hear the outcome; other props go
 * to the button.
 */
export function ConnectButton({ app, children, onConnect, onError, className, disabled, ...rest }) {
  const { integry, state, connect } = useAppState(app);
  const strings = useStrings(integry);
  useEffect(() => injectHostStyle(document), []);
  const accounts = (state.app && state.app.connected_accounts) || [];
  const onClick = () => {
    connect().then((accountId) => onConnect && onConnect(accountId), (err) => onError && onError(err));
  };
  return createElement("button", {
    ...rest,
    type: "button",
    className: cls("integry-host-button", className),
    "data-app": app,
    "data-state": state.busy === "connect" ? "connecting" : accounts.length ? "connected" : "idle",
    disabled: !!disabled || !integry || !canConnect(state),
    onClick,
  }, children ?? connectLabel(strings, app, state));
}
