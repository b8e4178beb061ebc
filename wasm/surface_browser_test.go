//go:build !js

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// flowMembers are the official members that belong to flows (issue 20),
// built by another part of this SDK. Until they exist, the member test
// lists them as pending instead of failing; once one exists, it is held
// to the same rule as the others.
var flowMembers = []string{"renderFlowSetupForm", "showFlows", "setupIntegration", "renderAppFlows"}

// officialTypings reads the member names of class IntegryJS (instance
// members and statics) and of its EventEmitter from the official typings:
// the public ones of IntegryJS, and the private ones of both.
func officialTypings(t *testing.T) (public, private map[string]bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "web", "node_modules", "@integry", "sdk", "dist", "esm", "index.csm.d.ts"))
	if err != nil {
		t.Skipf("the official SDK is not installed (%v); run make npm", err)
	}
	public, private = map[string]bool{}, map[string]bool{}
	member := regexp.MustCompile(`(?m)^    (private )?(?:static )?([A-Za-z_$][\w$]*)\??\s*[:(;<]`)
	for _, decl := range []string{"declare class IntegryJS {", "declare class EventEmitter<"} {
		s := string(b)
		i := strings.Index(s, decl)
		if i < 0 {
			t.Fatalf("the official typings have no %q", decl)
		}
		body := s[i:]
		body = body[:strings.Index(body, "\n}")]
		for _, m := range member.FindAllStringSubmatch(body, -1) {
			switch {
			case m[2] == "constructor":
			case m[1] != "":
				private[m[2]] = true
			case strings.HasPrefix(decl, "declare class IntegryJS"):
				public[m[2]] = true
			}
		}
	}
	return public, private
}

// unsupportedInDocs are the member names docs/protocol.md#unsupported lists.
func unsupportedInDocs(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "docs", "protocol.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, `<a id="unsupported"></a>`)
	if i < 0 {
		t.Fatal(`docs/protocol.md has no section <a id="unsupported">`)
	}
	s = s[i:]
	if j := strings.Index(s[1:], "\n## "); j >= 0 {
		s = s[:j+1]
	}
	return s
}

// The official runtime's live instance and constructor, walked in
// Chromium: every public member (the typings' non-private ones) exists on
// ours with the same type; each one ours does not support rejects with
// code unsupported, a reason, and a line in docs/protocol.md#unsupported.
func TestEveryOfficialMemberExists(t *testing.T) {
	public, private := officialTypings(t)
	p := newPageWith(t, pageOptions{Official: true})
	var live struct {
		Official, Ours map[string]map[string]string
	}
	p.ok(`(() => {
	  const skip = new Set(["length", "name", "prototype", "constructor", "arguments", "caller"]);
	  const walk = (o) => {
	    const out = {};
	    for (let p = o; p && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
	      for (const k of Object.getOwnPropertyNames(p)) if (!skip.has(k) && !(k in out)) out[k] = typeof o[k];
	    }
	    return out;
	  };
	  const all = (C) => {
	    const i = new C(cfg("u-other"));
	    return {instance: walk(i), statics: walk(C), helpers: walk(C.Helpers), emitter: walk(i.eventEmitter)};
	  };
	  return {Official: all(window.Official), Ours: all(IntegryJS)};
	})()`, &live)

	// The typings and the live object agree on what is public.
	for name := range public {
		if live.Official["instance"][name] == "" && live.Official["statics"][name] == "" {
			t.Errorf("the typings declare %s public, but the live official object has no such member", name)
		}
	}
	var unsupported []string
	for _, part := range []string{"instance", "statics", "helpers", "emitter"} {
		for name, typ := range live.Official[part] {
			if private[name] && part != "helpers" {
				continue
			}
			got := live.Ours[part][name]
			if got == "" && slices.Contains(flowMembers, name) {
				t.Logf("pending (flows, issue 20): %s.%s", part, name)
				continue
			}
			if got != typ {
				t.Errorf("%s.%s: official is %q, ours is %q", part, name, typ, got)
				continue
			}
			if part == "instance" && typ == "function" {
				unsupported = append(unsupported, name)
			}
		}
	}

	// Every instance function that rejects unsupported says why, and the
	// docs list it.
	docs := unsupportedInDocs(t)
	var codes map[string]struct{ Code, Message string }
	js, _ := json.Marshal(unsupported)
	p.ok(`(async () => {
	  const i = new IntegryJS(cfg("u-other"));
	  await i.ready;
	  const out = {};
	  for (const name of `+string(js)+`) {
	    if (name === "destroy" || name === "connectApp" || name === "paginate") continue;
	    let r;
	    try { r = i[name](); } catch (e) { out[name] = {Code: "threw " + e.code, Message: String(e.message)}; continue; }
	    if (!r || typeof r.then !== "function") continue;
	    try { await Promise.race([r, new Promise((res) => setTimeout(res, 0, "pending"))]); } catch (e) { out[name] = {Code: e.code, Message: String(e.message)}; }
	  }
	  return out;
	})()`, &codes)
	n := 0
	for name, c := range codes {
		if c.Code != "unsupported" {
			continue
		}
		n++
		if !strings.Contains(c.Message, "not supported: ") || !strings.Contains(c.Message, "#unsupported") {
			t.Errorf("%s rejects unsupported without a reason and the docs' anchor: %q", name, c.Message)
		}
		if !strings.Contains(docs, "`"+name+"`") {
			t.Errorf("%s is unsupported but docs/protocol.md#unsupported does not list it", name)
		}
	}
	if n == 0 {
		t.Error("no member rejected unsupported; the test found none to check")
	}
	// The static html is unsupported too.
	var h struct{ Code string }
	p.ok(`(() => { try { IntegryJS.html`+"``"+`; return {}; } catch (e) { return {Code: e.code}; } })()`, &h)
	if h.Code != "unsupported" || !strings.Contains(docs, "`html`") {
		t.Errorf("IntegryJS.html threw code %q; want unsupported, listed in the docs", h.Code)
	}
}

// getFunctionTools and Helpers.getFunctionTools give, for every function
// of the sandbox's catalog, what the official runtime gives for the same
// signature, synchronously; ours also agrees with the official on the
// signature each SDK's getFunction resolved.
func TestFunctionToolsEqualTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	var names []string
	for f, err := range p.sb.Client(t, "u-other").Functions(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
	}
	if len(names) < 10 {
		t.Fatalf("the catalog lists %d functions, want the whole catalog", len(names))
	}
	js, _ := json.Marshal(names)
	var got map[string]struct {
		Official, Ours, OfficialHelper, OursHelper, OursOwn json.RawMessage
		Sync                                                bool
	}
	p.ok(`(async () => {
	  const off = new Official(cfg("u-other")), ours = new IntegryJS(cfg("u-other"));
	  await ours.ready;
	  const out = {};
	  for (const name of `+string(js)+`) {
	    const sig = await off.getFunction(name), mine = await ours.getFunction(name);
	    const r = ours.getFunctionTools(sig);
	    out[name] = {Official: off.getFunctionTools(sig), Ours: r, Sync: !(r instanceof Promise),
	      OfficialHelper: Official.Helpers.getFunctionTools(sig), OursHelper: IntegryJS.Helpers.getFunctionTools(sig),
	      OursOwn: ours.getFunctionTools(mine)};
	  }
	  return out;
	})()`, &got)
	if len(got) != len(names) {
		t.Fatalf("got tools of %d functions, want %d", len(got), len(names))
	}
	same := func(a, b json.RawMessage) bool {
		var x, y any
		return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
	}
	for _, name := range names {
		g := got[name]
		if !g.Sync {
			t.Errorf("%s: getFunctionTools returned a promise; the official answers synchronously", name)
		}
		if !same(g.Official, g.Ours) {
			t.Errorf("%s: getFunctionTools\n ours     %s\n official %s", name, g.Ours, g.Official)
		}
		if !same(g.OfficialHelper, g.OursHelper) {
			t.Errorf("%s: Helpers.getFunctionTools\n ours     %s\n official %s", name, g.OursHelper, g.OfficialHelper)
		}
		if !same(g.Official, g.OursOwn) {
			t.Errorf("%s: getFunctionTools of our getFunction\n ours     %s\n official %s", name, g.OursOwn, g.Official)
		}
	}
	// Before the runtime is there, the synchronous answer cannot wait for
	// it: a fresh page says so with a coded error.
	var early struct{ Code, Message string }
	q := newPage(t)
	q.ok(`(() => { try { IntegryJS.Helpers.getFunctionTools({}); return {}; } catch (e) { return {Code: e.code, Message: e.message}; } })()`, &early)
	if early.Code != "unsupported" && early.Code != "" {
		t.Errorf("Helpers.getFunctionTools before the runtime loaded threw %+v, want unsupported or an answer", early)
	}
	t.Logf("getFunctionTools: %d catalog functions equal the official runtime's", len(names))
}

// The members the official surface adds, on ours: removeAuthorization,
// renderAccountConnectionModal, renderMarketplace, renderAppAuthorizations,
// init, setFieldValue and unsub(name) (docs/protocol.md#surface).
func TestSurfaceMembers(t *testing.T) {
	p := newPage(t)
	slack := p.sb.Connect(t, "u-other", "slack", "first@acme")
	p.sb.Connect(t, "u-other", "slack", "second@acme")
	p.ok(`(window.i = new IntegryJS(cfg("u-other"))).ready`, nil)

	// removeAuthorization: {status, data}, did-remove-authorization with the
	// ID as a number, the account gone; a missing ID is invalid_argument.
	var removed struct {
		Result struct {
			Status int
			Data   any
		}
		Events   []map[string]any
		Accounts []map[string]any
	}
	p.ok(fmt.Sprintf(`(async () => {
	  const events = [];
	  i.eventEmitter.on("did-remove-authorization", (e) => events.push(e));
	  i.eventEmitter.on("app-disconnected", (e) => events.push({disconnected: true}));
	  const r = await i.removeAuthorization({authorizationId: %d});
	  return {Result: {Status: r.status, Data: r.data}, Events: events, Accounts: await i.getConnectedAccounts("slack")};
	})()`, slack), &removed)
	if removed.Result.Status != 204 || removed.Result.Data != nil {
		t.Errorf("removeAuthorization resolved %+v, want {status: 204, data: null}", removed.Result)
	}
	if len(removed.Events) != 1 || removed.Events[0]["authorizationId"] != float64(slack) {
		t.Errorf("events = %v, want one did-remove-authorization {authorizationId: %d}", removed.Events, slack)
	}
	if len(removed.Accounts) != 1 {
		t.Errorf("accounts after the removal = %v, want the other one", removed.Accounts)
	}
	p.rejects(`i.removeAuthorization({})`, "invalid_argument")
	p.rejects(fmt.Sprintf(`i.removeAuthorization({authorizationId: %d})`, slack), "not_found")

	// The marketplace entry points render where they are told.
	var cards []int
	p.ok(`(async () => {
	  const out = [];
	  for (const [id, f] of [["m1", (c) => i.renderMarketplace({containerId: c, renderMode: IntegryJS.MarketplaceRenderModes.INLINE})],
	                         ["m2", (c) => i.init({containerId: c, renderMode: IntegryJS.TemplateFormRenderModes.INLINE})],
	                         ["m3", (c) => i.initializeMarketplace({containerId: c, renderMode: "INLINE"})]]) {
	    const d = document.createElement("div"); d.id = id; document.body.append(d);
	    await f(id);
	    for (let k = 0; k < 200 && !d.querySelector(".integry-app-card"); k++) await new Promise((r) => setTimeout(r, 25));
	    out.push(d.querySelectorAll(".integry-app-card").length);
	  }
	  return out;
	})()`, &cards)
	if len(cards) != 3 || cards[0] == 0 || cards[1] != cards[0] || cards[2] != cards[0] {
		t.Errorf("app cards by renderMarketplace, init, initializeMarketplace = %v, want the same non-zero count", cards)
	}
	p.rejects(`i.renderMarketplace({containerId: "m1"})`, "invalid_argument")
	p.rejects(`i.init({containerId: "m1"})`, "invalid_argument")

	// renderAppAuthorizations lists the app's accounts in the container.
	var accounts int
	p.ok(`(async () => {
	  const d = document.createElement("div"); d.id = "auths"; document.body.append(d);
	  const r = await i.renderAppAuthorizations({containerId: "auths", appName: "slack"});
	  if (r !== undefined) return -1;
	  for (let k = 0; k < 200 && !d.querySelector(".integry-account"); k++) await new Promise((r) => setTimeout(r, 25));
	  return d.querySelectorAll(".integry-account").length;
	})()`, &accounts)
	if accounts != 1 {
		t.Errorf("renderAppAuthorizations showed %d accounts, want 1", accounts)
	}

	// renderAccountConnectionModal opens the app's page in a modal.
	var modal string
	p.ok(`(async () => {
	  const app = await i.getApp("slack");
	  i.renderAccountConnectionModal({appId: app.id});
	  for (let k = 0; k < 200 && !document.querySelector(".integry-modal .integry-account"); k++) await new Promise((r) => setTimeout(r, 25));
	  const m = document.querySelector(".integry-modal");
	  return m ? m.textContent : "";
	})()`, &modal)
	if !strings.Contains(modal, "second@acme") {
		t.Errorf("the account connection modal shows %q, want slack's account", modal)
	}
	p.rejects(`i.renderAccountConnectionModal({appId: 999999})`, "app_not_found")
	p.rejects(`i.renderAccountConnectionModal()`, "invalid_argument")

	// setFieldValue types into a field found by its machine name.
	var typed []string
	p.ok(`(() => {
	  const d = document.createElement("div");
	  d.innerHTML = '<div id="wrap"><input></div><input name="channel">';
	  document.body.append(d);
	  const seen = [];
	  d.addEventListener("input", (e) => seen.push("input:" + e.target.value));
	  d.addEventListener("keyup", (e) => seen.push("keyup"));
	  IntegryJS.setFieldValue("wrap", "one");
	  IntegryJS.setFieldValue("channel", "two");
	  IntegryJS.setFieldValue("nothing", "three");
	  return seen;
	})()`, &typed)
	if strings.Join(typed, " ") != "input:one keyup input:two keyup" {
		t.Errorf("setFieldValue events = %v", typed)
	}

	// unsub(name) removes every handler of that event; unsub(name, fn) one.
	var log []string
	p.ok(`(() => {
	  const e = i.eventEmitter, log = [];
	  const a = () => log.push("a"), b = () => log.push("b");
	  e.on("u", a); e.on("u", b); e.on("v", a);
	  e.unsub("u"); e.emit("u"); e.emit("v");
	  e.on("w", a); e.on("w", b); e.unsub("w", a); e.emit("w");
	  return log;
	})()`, &log)
	if strings.Join(log, " ") != "a b" {
		t.Errorf("after unsub: handler calls %v, want [a b] (v's a, then w's b)", log)
	}
}

// The constructor's options: title heads the marketplace, debug logs each
// request on the console without its credentials, a bad tags is refused
// with the rest of the config (docs/protocol.md#surface-options).
func TestSurfaceOptions(t *testing.T) {
	p := newPage(t)
	var got struct {
		Title string
		Logs  []string
	}
	p.ok(`(async () => {
	  const logs = [], orig = console.log;
	  console.log = (...a) => { logs.push(a.join(" ")); };
	  try {
	    const i = new IntegryJS(cfg("u-other", {options: {title: "Our integrations", tags: ["crm"], debug: true}}));
	    await i.ready;
	    const d = document.createElement("div"); d.id = "titled"; document.body.append(d);
	    await i.showApps({renderMode: "INLINE", containerId: "titled"});
	    await i.isAppConnected("slack");
	    return {Title: d.querySelector(".integry-title").textContent, Logs: logs};
	  } finally { console.log = orig; }
	})()`, &got)
	if got.Title != "Our integrations" {
		t.Errorf("marketplace title %q, want options.title", got.Title)
	}
	var requests int
	for _, l := range got.Logs {
		if strings.HasPrefix(l, "integry: ") && strings.Contains(l, " → 200 in ") {
			requests++
		}
		if strings.Contains(l, "hash") || strings.Contains(l, p.sb.AppKey) {
			t.Errorf("a debug line carries credentials: %q", l)
		}
	}
	if requests < 2 {
		t.Errorf("debug logged %d answered requests, want the verification, the apps and more: %q", requests, got.Logs)
	}
	// Without debug nothing is logged.
	var quiet []string
	p.ok(`(async () => {
	  const logs = [], orig = console.log;
	  console.log = (...a) => { logs.push(a.join(" ")); };
	  try { const i = new IntegryJS(cfg("u-other")); await i.ready; await i.isAppConnected("slack"); return logs; }
	  finally { console.log = orig; }
	})()`, &quiet)
	if len(quiet) != 0 {
		t.Errorf("logged without debug: %q", quiet)
	}
	var msg struct{ Code, Message string }
	p.ok(`(() => { try { new IntegryJS(cfg("u-other", {options: {tags: "crm"}})); return {}; } catch (e) { return {Code: e.code, Message: e.message}; } })()`, &msg)
	if msg.Code != "invalid_argument" || !strings.Contains(msg.Message, "options.tags") {
		t.Errorf("tags as a string: %+v, want invalid_argument naming options.tags", msg)
	}
}

// A page's CSS scoped to the widget's container reaches it: the font and
// --integry-* set on the inline container, and on #integry-marketplace (the
// official default container, where the modal mounts), are what the widgets
// compute; --integry-font wins over the inherited font
// (docs/protocol.md#surface-styling).
func TestContainerStylesReachTheWidgets(t *testing.T) {
	p := newPage(t)
	var got map[string]string
	p.ok(`(async () => {
	  document.head.insertAdjacentHTML("beforeend", "<style>" +
	    "#box { font-family: Georgia, serif; --integry-fg: rgb(1, 2, 3); }" +
	    "#integry-marketplace { font-family: 'Courier New', monospace; --integry-accent: rgb(200, 0, 0); }" +
	    "#own { --integry-font: Verdana, sans-serif; font-family: Georgia, serif; }</style>");
	  for (const id of ["box", "own"]) { const d = document.createElement("div"); d.id = id; document.body.append(d); }
	  const i = new IntegryJS(cfg("u-other"));
	  await i.showApps({renderMode: "INLINE", containerId: "box"});
	  await i.showApps({renderMode: "INLINE", containerId: "own"});
	  await i.showApps();
	  const cs = (sel, prop) => getComputedStyle(document.querySelector(sel)).getPropertyValue(prop);
	  return {
	    inlineFont: cs("#box .integry-title", "font-family"), inlineColor: cs("#box .integry-title", "color"),
	    ownFont: cs("#own .integry-title", "font-family"),
	    modalIn: document.querySelector(".integry-overlay").parentElement.id,
	    modalFont: cs("#integry-marketplace .integry-modal-title", "font-family"),
	    modalAccent: cs("#integry-marketplace .integry-connect", "background-color"),
	    inlineAccent: cs("#box .integry-connect", "background-color"),
	  };
	})()`, &got)
	want := map[string]string{
		"inlineFont": "Georgia, serif", "inlineColor": "rgb(1, 2, 3)", "ownFont": "Verdana, sans-serif",
		"modalIn": "integry-marketplace", "modalFont": `"Courier New", monospace`, "modalAccent": "rgb(200, 0, 0)",
		"inlineAccent": "rgb(11, 92, 173)", // the default: #integry-marketplace's accent is the modal's only
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

// showFunction({payload, autoMapPayload}) sends the payload as _variables:
// the sandbox maps the parameters named like a payload key to its tag, and
// the form shows them prefilled; params still win. Without autoMapPayload
// the payload only gives the text fields a tag menu
// (docs/protocol.md#surface-payload).
func TestShowFunctionPayload(t *testing.T) {
	p := newPage(t)
	p.sb.Connect(t, "u-other", "slack", "first@acme")
	var got struct{ Mapped, Params, Plain, Menu string }
	p.ok(`(async () => {
	  const i = new IntegryJS(cfg("u-other"));
	  const box = (id) => { const d = document.createElement("div"); d.id = id; document.body.append(d); return d; };
	  const wait = async (d, sel) => { for (let k = 0; k < 400 && !d.querySelector(sel); k++) await new Promise((r) => setTimeout(r, 25)); return d.querySelector(sel); };
	  const a = box("auto"), b = box("plain");
	  i.showFunction("slack-post-message", {payload: {text: "hello", blocks: "x"}, autoMapPayload: true, params: {blocks: "mine"}}, "INLINE", "auto").catch(() => {});
	  i.showFunction("slack-post-message", {payload: {text: "hello"}}, "INLINE", "plain").catch(() => {});
	  const ta = await wait(a, "[name=text]"), tb = await wait(b, "[name=text]");
	  const menu = b.querySelector(".integry-tag-menu[data-field=text]");
	  return {Mapped: ta.value, Params: a.querySelector("[name=blocks]").value, Plain: tb.value,
	    Menu: menu ? Array.from(menu.options).map((o) => o.value).join(" ") : ""};
	})()`, &got)
	if got.Mapped != "{text}" || got.Plain != "" {
		t.Errorf("text field: %q with autoMapPayload, %q without; want {text} and empty", got.Mapped, got.Plain)
	}
	if got.Params != "mine" {
		t.Errorf("blocks = %q, want the params' value over the mapped one", got.Params)
	}
	if got.Menu != " {text}" {
		t.Errorf("the text field's tag menu offers %q", got.Menu)
	}
}

// A page may hand a widget the container itself, an Element or a
// ShadowRoot, wherever it takes a container id (docs/protocol.md#surface-container):
// the widget renders inside that node, in a shadow root too, where no id
// could find it. The page's options object is left as it was.
func TestWidgetsRenderIntoAPageNode(t *testing.T) {
	p := newPage(t)
	p.sb.Connect(t, "u-other", "slack", "first@acme")
	var got struct {
		Apps, App, Form, Plain, Light bool
		OptionsKept                   bool
		Gone, Styled, Inherited       string
	}
	p.ok(`(async () => {
	  const i = new IntegryJS(cfg("u-other"));
	  const shadow = () => { const h = document.createElement("div"); document.body.append(h); return h.attachShadow({mode: "open"}); };
	  const a = shadow(), b = shadow(), c = shadow(), light = document.createElement("section");
	  document.body.append(light);
	  document.body.style.setProperty("--integry-accent", "rgb(200, 0, 0)"); // an ancestor of b's host, not of a's
	  document.body.removeChild(a.host); document.documentElement.append(a.host);
	  const opts = {renderMode: "INLINE", container: a};
	  await i.showApps(opts);
	  await i.showApp("pipedrive", "INLINE", b);
	  i.showFunction("slack-post-message", {}, "INLINE", c).catch(() => {});
	  await i.showConnectedAccounts("slack", "INLINE", light);
	  for (let k = 0; k < 400 && !c.querySelector("[name=text]"); k++) await new Promise((r) => setTimeout(r, 25));
	  const detached = document.createElement("div");
	  let gone = "";
	  await i.showApps({renderMode: "INLINE", containerId: detached}).catch((e) => { gone = e.code; });
	  return {
	    Apps: !!a.querySelector(".integry-app-list"), App: !!b.querySelector(".integry-app-page"),
	    Form: !!c.querySelector("form [name=text]"), Light: !!light.querySelector(".integry-apps"),
	    Plain: document.querySelectorAll(".integry-root").length === 1, // only the light one is in the document's tree
	    OptionsKept: opts.container === a && !("containerId" in opts), Gone: gone,
	    Styled: getComputedStyle(a.querySelector(".integry-connect")).backgroundColor,
	    Inherited: getComputedStyle(b.querySelector(".integry-connect")).backgroundColor,
	  };
	})()`, &got)
	if !got.Apps || !got.App || !got.Form || !got.Light {
		t.Errorf("rendered inside the given node: marketplace %v, app page %v, form %v, light-DOM section %v; want all",
			got.Apps, got.App, got.Form, got.Light)
	}
	if !got.Plain {
		t.Error("a widget given a shadow root rendered in the document's tree")
	}
	if !got.OptionsKept {
		t.Error("the page's options object was changed")
	}
	if got.Gone != "" {
		t.Errorf("a detached container: %q; want it rendered there (it is the page's node)", got.Gone)
	}
	// The stylesheet reaches into the shadow roots, and the palette comes
	// from the document: its default, or an ancestor's value.
	if got.Styled != "rgb(11, 92, 173)" || got.Inherited != "rgb(200, 0, 0)" {
		t.Errorf("a Connect button in a shadow root: %q by default, %q under an ancestor's --integry-accent; want rgb(11, 92, 173) and rgb(200, 0, 0)",
			got.Styled, got.Inherited)
	}
}

// showFunction's modal mounts in a fresh div#functionFormWrap, as the
// official one does: at the end of <body>, or, ours, inside the container
// the page names, where its container-scoped CSS reaches the modal; in a
// shadow root too (docs/protocol.md#surface-styling).
func TestFunctionModalInTheContainer(t *testing.T) {
	p := newPage(t)
	p.sb.Connect(t, "u-other", "slack", "first@acme")
	var got struct{ Plain, Boxed, Shadowed, BoxAccent, ShadowAccent string }
	p.ok(`(async () => {
	  document.head.insertAdjacentHTML("beforeend", "<style>#box { --integry-accent: rgb(200, 0, 0); }</style>");
	  const box = document.createElement("div"); box.id = "box"; document.body.append(box);
	  const host = document.createElement("div"); document.body.append(host);
	  host.style.setProperty("--integry-accent", "rgb(0, 120, 0)");
	  const root = host.attachShadow({mode: "open"});
	  const i = new IntegryJS(cfg("u-other"));
	  const wait = async (n, sel) => { for (let k = 0; k < 400 && !n.querySelector(sel); k++) await new Promise((r) => setTimeout(r, 25)); return n.querySelector(sel); };
	  const where = (o) => o ? (o.parentNode.id + " in " + (o.parentNode.parentNode.id || o.parentNode.parentNode.nodeName)) : "none";
	  i.showFunction("slack-post-message", {}, "MODAL").catch(() => {});
	  const plain = await wait(document.body, ":scope > #functionFormWrap .integry-overlay");
	  i.showFunction("slack-post-message", {}, "MODAL", "box").catch(() => {});
	  const boxed = await wait(box, ".integry-overlay");
	  i.showFunction("slack-post-message", {}, "MODAL", root).catch(() => {});
	  const shadowed = await wait(root, ".integry-overlay");
	  const accent = (n) => getComputedStyle(n.querySelector(".integry-submit")).backgroundColor;
	  return {Plain: where(plain), Boxed: where(boxed), Shadowed: where(shadowed),
	    BoxAccent: accent(boxed), ShadowAccent: accent(shadowed)};
	})()`, &got)
	if got.Plain != "functionFormWrap in BODY" || got.Boxed != "functionFormWrap in box" || got.Shadowed != "functionFormWrap in #document-fragment" {
		t.Errorf("the modals sit in %q (no container), %q (containerId box), %q (a shadow root); want functionFormWrap in BODY, in box, in #document-fragment",
			got.Plain, got.Boxed, got.Shadowed)
	}
	if got.BoxAccent != "rgb(200, 0, 0)" || got.ShadowAccent != "rgb(0, 120, 0)" {
		t.Errorf("Submit's background: %q in #box, %q in the shadow root; want the container's rgb(200, 0, 0) and the host's rgb(0, 120, 0)",
			got.BoxAccent, got.ShadowAccent)
	}
}

// The constructor's options.tags choose the marketplace's apps: the
// official marketplace (showApps) asks flow-apps for the apps of the flows
// with those tags (tags=a,b), and ours sends the same and shows only those
// apps, here Pipedrive and Slack, the apps of the one flow tagged "chat"
// (docs/protocol.md#surface-options).
func TestMarketplaceKeepsTheTagsApps(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	const user = "u-apps-tags"
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	var got struct {
		Official, Ours string
		Apps           []string
	}
	p.ok(`(async () => {
	  performance.setResourceTimingBufferSize(10000);
	  const asked = () => performance.getEntriesByType("resource").map((e) => e.name)
	    .filter((u) => new URL(u).pathname == "/api/v1/sdk/flow-apps/");
	  const tagsOf = (list) => list.map((u) => new URL(u).searchParams.get("tags")).join(" ");
	  const official = new Official(cfg("u-apps-tags", {options: {tags: ["chat"]}}));
	  await new Promise((r) => official.eventEmitter.on("ready", r));
	  official.showApps();
	  for (let k = 0; k < 400 && asked().length == 0; k++) await new Promise((r) => setTimeout(r, 25));
	  const off = asked();
	  performance.clearResourceTimings();
	  const d = document.createElement("div"); document.body.append(d);
	  const ours = new IntegryJS(cfg("u-apps-tags", {options: {tags: ["chat"]}}));
	  await ours.showApps({renderMode: "INLINE", container: d});
	  return {Official: tagsOf(off), Ours: tagsOf(asked()),
	    Apps: Array.from(d.querySelectorAll("[data-app]")).map((e) => e.getAttribute("data-app"))};
	})()`, &got)
	if got.Official != "chat" || got.Ours != got.Official {
		t.Errorf("flow-apps asked with tags %q by the official marketplace, %q by ours; want chat from both", got.Official, got.Ours)
	}
	// The sandbox's chat-tagged flows: 7101 (pipedrive, slack) and, since
	// 9128473, 7104 (hubspot, slack).
	if strings.Join(got.Apps, ",") != "hubspot,pipedrive,slack" {
		t.Errorf("our marketplace with tags chat shows %v, want hubspot, pipedrive and slack", got.Apps)
	}
}

// One page's CSS on both SDKs' inline marketplaces: the container's font
// reaches both, and a rule on the official inline marketplace's ids
// (#embed--appsContainer, #appsHeaderTitle, #search-container) styles ours
// the same. The official card title sets its own font (Inter) where ours
// inherits the container's: the difference docs/protocol.md#surface-styling
// names.
func TestPageCSSStylesBothMarketplaces(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	const user = "u-apps-css"
	p.ok(`(window.hashes[`+strconv.Quote(user)+`] = `+strconv.Quote(p.sb.Hash(user))+`, true)`, nil)
	var got map[string]map[string]string
	p.ok(`(async () => {
	  document.head.insertAdjacentHTML("beforeend", "<style>.box { font-family: Georgia, serif; }" +
	    " #appsHeaderTitle { color: rgb(200, 0, 0); font-family: 'Courier New', monospace; }" +
	    " #embed--appsContainer { border-top: 3px solid rgb(0, 0, 200); } #search-container { margin-top: 7px; }</style>");
	  for (const id of ["official", "ours"]) { const d = document.createElement("div"); d.id = id; d.className = "box"; document.body.append(d); }
	  const official = new Official(cfg("u-apps-css"));
	  await new Promise((r) => official.eventEmitter.on("ready", r));
	  official.showApps({renderMode: "INLINE", containerId: "official"});
	  const title = (root) => { const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT); let n, last = null; while ((n = w.nextNode())) if (n.textContent.trim() === "Slack") last = n; return last; };
	  const off = document.getElementById("official");
	  for (let k = 0; k < 400 && !title(off); k++) await new Promise((r) => setTimeout(r, 25));
	  await new IntegryJS(cfg("u-apps-css")).showApps({renderMode: "INLINE", containerId: "ours"});
	  const read = (root) => {
	    const cs = (sel, prop) => { const n = typeof sel === "string" ? root.querySelector(sel) : sel; return n ? getComputedStyle(n).getPropertyValue(prop) : "missing"; };
	    return {containerFont: cs("#embed--appsContainer", "font-family"), containerBorder: cs("#embed--appsContainer", "border-top-color"),
	      headerColor: cs("#appsHeaderTitle", "color"), headerFont: cs("#appsHeaderTitle", "font-family"),
	      searchMargin: cs("#search-container", "margin-top"), cardTitleFont: cs(title(root), "font-family")};
	  };
	  return {official: read(off), ours: read(document.getElementById("ours"))};
	})()`, &got)
	for _, k := range []string{"containerFont", "containerBorder", "headerColor", "headerFont", "searchMargin"} {
		if got["official"][k] != got["ours"][k] || got["ours"][k] == "missing" {
			t.Errorf("%s: official %q, ours %q; want the same", k, got["official"][k], got["ours"][k])
		}
	}
	if got["official"]["cardTitleFont"] != "Inter" || got["ours"]["cardTitleFont"] != "Georgia, serif" {
		t.Errorf("card titles: official %q, ours %q; docs/protocol.md#surface-styling says Inter and the container's Georgia, serif",
			got["official"]["cardTitleFont"], got["ours"]["cardTitleFont"])
	}
}

// showFunction's modal, when showFunction names no container, goes into
// the container init was given, on both SDKs (dist/esm, showFunction:
// MODAL renders into initConfig.containerId's element), inside
// #functionFormWrap (docs/protocol.md#surface-styling).
func TestFunctionModalInInitsContainer(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	p.sb.Connect(t, "u-other", "slack", "first@acme")
	var got struct{ Official, Ours string }
	p.ok(`(async () => {
	  const wait = async (n, sel) => { for (let k = 0; k < 400 && !n.querySelector(sel); k++) await new Promise((r) => setTimeout(r, 25)); return n.querySelector(sel); };
	  const off = new Official(cfg("u-other")), ours = new IntegryJS(cfg("u-other"));
	  await Promise.all([new Promise((r) => off.eventEmitter.on("ready", r)), ours.ready]);
	  const out = {};
	  for (const [who, sdk] of [["Official", off], ["Ours", ours]]) {
	    const box = document.createElement("div"); box.id = who + "-box"; document.body.append(box);
	    const r = sdk.init({containerId: box.id, renderMode: "INLINE"});
	    if (r && r.catch) r.catch(() => {});
	    sdk.showFunction("slack-post-message", {}).catch(() => {});
	    const wrap = await wait(document.body, "#functionFormWrap");
	    out[who] = wrap ? wrap.parentNode.id : "none";
	    wrap && wrap.remove();
	  }
	  return out;
	})()`, &got)
	if got.Official != "Official-box" {
		t.Errorf("the official modal's #functionFormWrap sits in %q, want init's container Official-box (the test's reading of the official runtime is stale)", got.Official)
	}
	if got.Ours != "Ours-box" {
		t.Errorf("our modal's #functionFormWrap sits in %q, want init's container Ours-box", got.Ours)
	}
}
