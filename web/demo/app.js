// The integry-wasm demo page: the SDK's public API at work against the
// local sandbox. Plain ES module, no build step. Server strings always go
// into the page as text (textContent), never as markup.
//
// Query parameters: ?sandbox=<origin> points the page at a sandbox on
// another origin (default: this page's origin); ?user=<id> picks the user
// (default demo-user).

const params = new URLSearchParams(location.search);
const SANDBOX = (params.get("sandbox") || location.origin).replace(/\/+$/, "");
const USER = params.get("user") || "demo-user";

// Sample parameters that prefill the form and Invoke, per function.
const SAMPLES = {
  "slack-post-message": { channel: "C01GENERAL", text: "Hello, team!" },
  "slack-list-conversations": {},
  "pipedrive-add-a-person": { name: "Sample contact" },
  "pipedrive-get-all-persons": { limit: 2 },
  "hubspot-create-contact": { email: "jane@example.com" },
  "sendgrid-send-email": { to: "jane@example.com", subject: "Hello", text: "Hi from the demo" },
  "open-meteo-get-forecast": { latitude: 52.52, longitude: 13.41 },
};

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, text) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
};

// ---- theme ----

const THEMES = ["auto", "light", "dark"];
function applyTheme(t) {
  document.documentElement.dataset.theme = t;
  $("#theme").textContent = `Theme: ${t}`;
}
applyTheme(localStorage.getItem("integry-demo-theme") || "auto");
$("#theme").addEventListener("click", () => {
  const cur = document.documentElement.dataset.theme;
  const next = THEMES[(THEMES.indexOf(cur) + 1) % THEMES.length];
  localStorage.setItem("integry-demo-theme", next);
  applyTheme(next);
});

// ---- status and busy states ----

function setStatus(state, text) {
  document.body.dataset.sdk = state;
  const s = $("#sdk-status");
  s.replaceChildren();
  if (state === "loading") s.append(el("span", { class: "spinner", "aria-hidden": "true" }));
  s.append(document.createTextNode(text));
  s.className = `badge ${state}`;
}

// busy disables a button and shows a spinner in it while p is pending.
async function busy(button, p) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.replaceChildren(el("span", { class: "spinner", "aria-hidden": "true" }), document.createTextNode(label));
  try {
    return await p;
  } finally {
    button.textContent = label;
    button.removeAttribute("aria-busy");
    button.disabled = false;
    refreshButtons();
  }
}

// ---- output ----

function errorView(err) {
  if (err && typeof err === "object") {
    const v = { name: err.name, code: err.code, message: err.message };
    if (err.status !== undefined) v.status = err.status;
    if (err.details !== undefined) v.details = err.details;
    return v;
  }
  return { message: String(err) };
}

function show(pre, kind, value) {
  pre.dataset.kind = kind;
  pre.classList.toggle("empty-out", false);
  pre.classList.toggle("is-error", kind === "error");
  pre.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function showResult(kind, value, meta = "", page = 0) {
  const out = $("#result");
  out.dataset.page = page ? String(page) : "";
  show(out, kind, value);
  $("#result-meta").textContent = meta;
}

// ---- the live log ----

const log = $("#event-log");
function logEntry(kind, name, payload, cls = "") {
  $("#log-empty")?.remove();
  const li = el("li", { class: `log-${kind} ${cls}`.trim() });
  if (kind === "event") li.dataset.event = name;
  if (kind === "request") li.dataset.request = name;
  const head = el("div", { class: "log-head" });
  head.append(
    el("time", { datetime: new Date().toISOString() }, new Date().toLocaleTimeString()),
    el("span", { class: "tag" }, kind),
    el("strong", {}, name),
  );
  li.append(head);
  if (payload !== undefined) {
    const pre = el("pre", { class: "payload" }, typeof payload === "string" ? payload : JSON.stringify(payload, null, 2));
    li.append(pre);
  }
  log.append(li);
  log.scrollTop = log.scrollHeight; // follow the newest entry, without moving the page
}
$("#log-clear").addEventListener("click", () => {
  log.replaceChildren(el("li", { class: "empty", id: "log-empty" }, "No events yet."));
});

// Every request to the backend, with its status, from Resource Timing: the
// SDK's retries show up as the same path twice. The query (which carries
// the credentials) is never shown.
function watchRequests() {
  if (!("PerformanceObserver" in window)) return;
  const sandboxOrigin = new URL(SANDBOX).origin;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      let u;
      try { u = new URL(e.name); } catch { continue; }
      // Only the API: not the page's own files, the SDK bundle or the icons
      // (when the sandbox serves this page, they share its origin).
      if (e.initiatorType !== "fetch" && e.initiatorType !== "xmlhttprequest") continue;
      if (u.origin !== sandboxOrigin || u.pathname.startsWith("/sdk/") || u.pathname.startsWith("/icons/") || u.pathname.startsWith("/_sandbox/")) continue;
      // WebKit has no responseStatus: say so instead of a warning on every request.
      if (!("responseStatus" in e)) {
        logEntry("request", u.pathname, `${Math.round(e.duration)} ms (this browser does not expose the status)`, "");
        continue;
      }
      const status = e.responseStatus || 0;
      const text = status ? `${status} in ${Math.round(e.duration)} ms` : `no status (${Math.round(e.duration)} ms)`;
      logEntry("request", u.pathname, text, status >= 500 || status === 0 ? "warn" : "");
    }
  }).observe({ type: "resource", buffered: true });
}

// ---- boot ----

let integry = null;
let session = null;
let functions = [];
let lastPage = null; // {name, params, cursor, page}

async function fetchSession() {
  let res;
  try {
    res = await fetch(`${SANDBOX}/_sandbox/session?user_id=${encodeURIComponent(USER)}`, { referrerPolicy: "no-referrer" });
  } catch (err) {
    throw await unreachable(err);
  }
  if (!res.ok) throw new Error(`the sandbox's session endpoint answered ${res.status}`);
  return res.json();
}

// unreachable says on the page why the sandbox cannot be used, and what to
// run: to a page, a sandbox that refuses its origin (CORS) and one that is
// not running both fail with "Failed to fetch", but a no-cors request still
// reaches a running server.
async function unreachable(err) {
  let kind = "cors";
  let text = `The sandbox at ${SANDBOX} does not allow this page's origin, ${location.origin}. ` +
    `Restart it with: INTEGRY_SANDBOX_ALLOW_ORIGIN=${location.origin} make demo`;
  try {
    await fetch(`${SANDBOX}/_sandbox/health`, { mode: "no-cors", cache: "no-store" });
  } catch {
    kind = "down";
    text = `Nothing answers at ${SANDBOX}. Start the sandbox with \`make demo\`, or open this page with ?sandbox=<its URL>.`;
  }
  const p = $("#problem");
  p.dataset.problem = kind;
  p.textContent = text;
  p.hidden = false;
  return new Error(`${text} (${err.message})`);
}

function showSession(s) {
  for (const [id, v] of [["#who-app-key", s.appKey], ["#who-user-id", s.userId], ["#who-base", SANDBOX]]) {
    $(id).textContent = v;
    $(id).classList.remove("placeholder");
  }
  $("#who-hash").textContent = `${s.hash.slice(0, 12)}…${s.hash.slice(-6)}`;
  $("#who-hash").classList.remove("placeholder");
  const v = window.IntegryJS?.SDK_VERSION ? `integry-wasm ${window.IntegryJS.SDK_VERSION}` : "unknown";
  $("#who-version").textContent = String(v);
  $("#who-version").classList.remove("placeholder");
  $("#reset-user").disabled = false;
}

// Start this user over: the sandbox disconnects every account of the user,
// drops their data and call log; the next connect brings the sample data
// back (docs/sandbox.md#sample-data). The page then reloads.
$("#reset-user").addEventListener("click", async () => {
  if (!session) return;
  const q = new URLSearchParams({ app_key: session.appKey, hash: session.hash, user_id: session.userId });
  const res = await fetch(`${SANDBOX}/_sandbox/reset?${q}`, { method: "POST", referrerPolicy: "no-referrer" }).catch((err) => ({ ok: false, status: err.message }));
  if (!res.ok) {
    showResult("error", { message: `The sandbox did not reset the user: ${res.status}` });
    return;
  }
  location.reload();
});

async function boot() {
  watchRequests();
  if (typeof window.IntegryJS !== "function") {
    setStatus("failed", "SDK script missing");
    showResult("error", "window.IntegryJS is not defined: /sdk/integry.js did not load. Run `make wasm` (or `make demo`).");
    return;
  }
  try {
    session = await fetchSession();
  } catch (err) {
    setStatus("failed", "No session");
    showResult("error", { message: `Could not get a demo session from ${SANDBOX}: ${err.message}` });
    return;
  }
  showSession(session);

  // The documented constructor, as in the official SDK's samples.
  integry = new window.IntegryJS({
    appKey: session.appKey,
    hash: session.hash,
    user: { userId: session.userId },
    baseUrl: SANDBOX,
    baseAPIUrl: SANDBOX,
  });
  window.integry = integry; // for the console
  setStatus("loading", "Verifying the app key…");

  for (const name of ["ready", "app-connected", "app-disconnected", "modal-closed", "did-render-function"]) {
    integry.eventEmitter.on(name, (payload) => logEntry("event", name, payload ?? {}));
  }
  integry.eventEmitter.on("app-connected", () => refreshAppState());
  integry.eventEmitter.on("app-disconnected", () => refreshAppState());
  integry.eventEmitter.on("ready", onReady);
}

async function onReady() {
  if (document.body.dataset.sdk === "ready") return; // the form UIs may re-fire ready
  const ms = Math.round(performance.now()); // since navigation started
  document.body.dataset.readyMs = String(ms);
  setStatus("ready", `Ready in ${ms} ms`);
  $("#sdk-status").title = "From the start of the page load to the SDK's ready event";
  showApps();
  await loadFunctions();
}

function showApps() {
  const box = $("#marketplace");
  box.replaceChildren();
  try {
    // "INLINE" is IntegryJS.RenderModes.INLINE in both SDKs.
    const p = integry.showApps({ renderMode: "INLINE", containerId: "marketplace" });
    Promise.resolve(p).then(
      () => box.setAttribute("aria-busy", "false"),
      (err) => {
        box.setAttribute("aria-busy", "false");
        box.replaceChildren(el("p", { class: "empty error-text" }, `The apps could not be shown: ${errorView(err).message}`));
      },
    );
  } catch (err) {
    box.setAttribute("aria-busy", "false");
    box.replaceChildren(el("p", { class: "empty error-text" }, `The apps could not be shown: ${errorView(err).message}`));
  }
}

// ---- functions ----

async function loadFunctions() {
  const select = $("#fn-name");
  try {
    // The public list endpoint (E4), credentials in headers so they stay out of URLs.
    const res = await fetch(`${SANDBOX}/functions/list/?include=meta`, {
      method: "POST",
      headers: { "App-Key": session.appKey, Hash: session.hash, "User-ID": session.userId, "Content-Type": "application/json" },
      body: "{}",
      referrerPolicy: "no-referrer",
    });
    if (!res.ok) throw new Error(`functions/list answered ${res.status}`);
    functions = (await res.json()).functions || [];
  } catch (err) {
    select.replaceChildren(el("option", { value: "" }, "Could not load the functions"));
    $("#fn-desc").textContent = errorView(err).message;
    return;
  }
  select.replaceChildren();
  if (!functions.length) {
    select.append(el("option", { value: "" }, "No functions in the catalog"));
    return;
  }
  const groups = new Map();
  for (const f of functions) {
    const app = f.meta?.app?.title || f.name.split("-")[0];
    if (!groups.has(app)) groups.set(app, el("optgroup", { label: app }));
    groups.get(app).append(el("option", { value: f.name }, f.meta?.ui?.title ? `${f.meta.ui.title} (${f.name})` : f.name));
  }
  for (const g of groups.values()) select.append(g);
  select.disabled = false;
  select.value = functions.some((f) => f.name === "slack-post-message") ? "slack-post-message" : functions[0].name;
  onPick();
}

function current() {
  return functions.find((f) => f.name === $("#fn-name").value) || null;
}

function appOf(fn) {
  return fn?.meta?.app?.name || (fn ? fn.name.split("-")[0] : "");
}

function appTitle(fn) {
  return fn?.meta?.app?.title || appOf(fn);
}

function onPick() {
  const fn = current();
  $("#fn-desc").textContent = fn?.description || "";
  $("#fn-params").value = JSON.stringify(SAMPLES[fn?.name] ?? {}, null, 2);
  $("#fn-params-error").textContent = "";
  lastPage = null;
  $("#connect").textContent = `Connect ${appTitle(fn)}`;
  $("#disconnect").textContent = `Disconnect ${appTitle(fn)}`;
  refreshButtons();
  refreshAppState();
}
$("#fn-name").addEventListener("change", onPick);

let appState = { app: "", connected: null, login: true };

async function refreshAppState() {
  const fn = current();
  if (!fn || !integry) return;
  const app = appOf(fn);
  const needsLogin = fn.meta?.app ? fn.meta.app.login_url !== "" : true;
  const line = $("#fn-app-state");
  line.textContent = `Checking ${appTitle(fn)}…`;
  try {
    const accounts = needsLogin ? await integry.getConnectedAccounts(app) : [];
    if (appOf(current()) !== app) return; // the pick changed meanwhile
    appState = { app, connected: accounts.length > 0, login: needsLogin };
    line.textContent = !needsLogin
      ? `${appTitle(fn)} needs no login.`
      : accounts.length
        ? `${appTitle(fn)}: connected as ${accounts.map((a) => a.display_name).join(", ")}`
        : `${appTitle(fn)}: not connected.`;
  } catch (err) {
    appState = { app, connected: null, login: needsLogin };
    line.textContent = `Could not check ${appTitle(fn)}: ${errorView(err).code || errorView(err).message}`;
  }
  refreshButtons();
}

function refreshButtons() {
  const fn = current();
  const ready = !!fn && document.body.dataset.sdk === "ready";
  for (const id of ["#show-form", "#invoke"]) if (!$(id).hasAttribute("aria-busy")) $(id).disabled = !ready;
  if (!$("#next-page").hasAttribute("aria-busy")) $("#next-page").disabled = !(ready && lastPage && lastPage.name === fn.name && lastPage.cursor);
  if (!$("#connect").hasAttribute("aria-busy")) $("#connect").disabled = !(ready && appState.login && appState.app === appOf(fn));
  if (!$("#disconnect").hasAttribute("aria-busy")) $("#disconnect").disabled = !(ready && appState.login && appState.connected && appState.app === appOf(fn));
}

function readParams() {
  const box = $("#fn-params");
  try {
    const v = JSON.parse(box.value || "{}");
    $("#fn-params-error").textContent = "";
    box.removeAttribute("aria-invalid");
    return v;
  } catch (err) {
    $("#fn-params-error").textContent = `Not valid JSON: ${err.message}`;
    box.setAttribute("aria-invalid", "true");
    return undefined;
  }
}

$("#show-form").addEventListener("click", async (ev) => {
  const fn = current();
  const args = readParams();
  if (!fn || args === undefined) return;
  showResult("loading", "Waiting for the form…");
  try {
    const filled = await busy(ev.currentTarget, integry.showFunctionUI(fn.name, args));
    $("#fn-params").value = JSON.stringify(filled, null, 2);
    showResult("form", filled, "The form's values; Invoke sends them.");
  } catch (err) {
    showResult("error", errorView(err), "showFunctionUI rejected");
  }
});

function describeCall(r, page) {
  if (r && r.error !== undefined) return "Not executed: Integry refused the input";
  let n = Array.isArray(r?.output) ? `${r.output.length} item(s)` : "";
  const parts = [`network_code ${r?.network_code}`];
  if (page) parts.push(`page ${page}`);
  if (n) parts.push(n);
  if (r?.next_page) parts.push("more pages");
  return parts.join(" · ");
}

async function invoke(button, name, args, page) {
  showResult("loading", page > 1 ? `Fetching page ${page}…` : "Invoking…");
  try {
    const r = await busy(button, integry.invokeFunction(name, args));
    lastPage = r && r.next_page ? { name, params: args, cursor: r.next_page, page } : null;
    showResult(r && r.error !== undefined ? "refused" : "result", r, describeCall(r, page), page);
  } catch (err) {
    lastPage = null;
    showResult("error", errorView(err), "invokeFunction rejected");
  }
  refreshButtons();
}

$("#invoke").addEventListener("click", (ev) => {
  const fn = current();
  const args = readParams();
  if (!fn || args === undefined) return;
  invoke(ev.currentTarget, fn.name, args, 1);
});

$("#next-page").addEventListener("click", (ev) => {
  if (!lastPage) return;
  const { name, params: p, cursor, page } = lastPage;
  invoke(ev.currentTarget, name, { ...p, next_page: cursor }, page + 1);
});

$("#connect").addEventListener("click", async (ev) => {
  const fn = current();
  // connectApp is called right inside the click, so the popup may open.
  const p = integry.connectApp(appOf(fn));
  try {
    const id = await busy(ev.currentTarget, p);
    showResult("connected", { connectedAccountId: id }, `Connected ${appTitle(fn)}`);
  } catch (err) {
    showResult("error", errorView(err), "connectApp rejected");
  }
});

$("#disconnect").addEventListener("click", async (ev) => {
  const fn = current();
  try {
    await busy(ev.currentTarget, integry.disconnectApp(appOf(fn)));
    showResult("disconnected", { disconnected: appOf(fn) }, `Disconnected ${appTitle(fn)}`);
  } catch (err) {
    showResult("error", errorView(err), "disconnectApp rejected");
  }
});

// ---- error cases ----

// afterActivation resolves once the click's transient user activation has
// expired (about 5 s in Chromium), so a popup opened then is blocked.
function afterActivation() {
  return new Promise((resolve) => {
    const ua = navigator.userActivation;
    if (!ua) return setTimeout(resolve, 6000);
    const tick = () => (ua.isActive ? setTimeout(tick, 100) : resolve());
    tick();
  });
}

const CASES = {
  // A browser that blocks popups rejects at once with popup_blocked. One
  // that allows them anyway (its blocker off) opens the consent popup:
  // after a moment the case aborts the connect, which closes it again and
  // rejects with cancelled, instead of waiting for the popup forever.
  popup: async (out) => {
    show(out, "loading", "Waiting for the click's activation to expire…");
    await afterActivation();
    show(out, "loading", "Calling connectApp without a user gesture…");
    const ctl = new AbortController();
    const p = integry.connectApp("slack", { signal: ctl.signal });
    const opened = setTimeout(() => {
      show(out, "loading", "This browser opened the popup anyway (its popup blocker is off); closing it…");
      ctl.abort();
    }, 1500);
    return p.finally(() => clearTimeout(opened));
  },
  "bad-params": () => integry.invokeFunction("slack-post-message", "not an object"),
  "missing-param": () => integry.invokeFunction("pipedrive-add-a-person", {}),
  "not-connected": () => integry.disconnectApp("hubspot"),
  "unknown-fn": () => integry.getFunction("no-such-function"),
};

for (const b of document.querySelectorAll("[data-case]")) {
  b.addEventListener("click", async () => {
    const out = $("#error-out");
    if (!integry || document.body.dataset.sdk !== "ready") {
      show(out, "error", "The SDK is not ready yet.");
      return;
    }
    out.dataset.case = b.dataset.case;
    show(out, "loading", "Running…");
    try {
      const r = await busy(b, CASES[b.dataset.case](out));
      show(out, r && r.error !== undefined ? "refused" : "result", r === undefined ? "(resolved)" : r);
    } catch (err) {
      show(out, "error", errorView(err));
    }
  });
}

boot().catch((err) => {
  setStatus("failed", "Failed");
  showResult("error", errorView(err));
});
