// integry-wasm loader: surface.mjs (the official statics and the members that are plain JavaScript over IntegryJS's methods).
// web/loader/build.sh concatenates the loader's modules into one; see
// loader.mjs.

import { integryError } from "./errors.mjs";

// The official statics (values as in @integry/sdk 4.9.37).
export const RenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE" });
export const MarketplaceRenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE" });
export const Layouts = Object.freeze({ NARROW: "COMPACT", WIDE: "COMFORTABLE" });
export const ViewStyles = Object.freeze({ COMPACT: "COMPACT", COMFORTABLE: "COMFORTABLE" });
export const TemplateFormRenderModes = Object.freeze({ MODAL: "MODAL", INLINE: "INLINE", DETACHED: "DETACHED", CUSTOM: "CUSTOM" });

// UNSUPPORTED are the official members that are plumbing of Integry's own
// UI, with why ours has no use for them; each rejects with code
// unsupported (docs/protocol.md#unsupported).
const UNSUPPORTED = [
  ["renderPreview", "a flow template's preview in Integry's flow builder"],
  ["renderFunctionField", "the flow builder's function picker"],
  ["renderFlowStep", "a step of the flow builder; use renderFlowSetupForm"],
  ["renderMappingMenu", "the flow builder's tag menu"],
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

// addSurface gives an instance the official members that are plain
// JavaScript over the methods above: the marketplace entry points, the
// account list, the synchronous getFunctionTools, and the members of the
// official UI's plumbing, which reject with code unsupported
// (docs/protocol.md#surface, #unsupported).
export function addSurface(inst, callSync) {
  let userConfig = {}, initContainer;
  // all: check every user variable, as the official initializeMarketplace
  // does (docs/flows.md#user-variables).
  const apps = (renderMode, containerId, all) =>
    inst.showApps({ renderMode: renderMode === "MODAL" ? "MODAL" : "INLINE", containerId, _allUserVariables: all });
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
    // With an appId, init is renderAppFlows, as the official init; with a
    // flowId or integrationId too, which the official init hands to
    // initializeMarketplace's setup form (ours is renderAppFlows').
    init: rejecting((c) => {
      need(c, "init");
      initContainer = c.container || c.containerId;
      if ((c.appId || c.flowId || c.integrationId) && typeof inst.renderAppFlows === "function") return inst.renderAppFlows(c);
      return inst.initializeMarketplace(c);
    }),
    initializeMarketplace: rejecting((c) => {
      need(c, "initializeMarketplace");
      if (!c.renderMode) throw integryError("invalid_argument", "initializeMarketplace requires renderMode (IntegryJS.TemplateFormRenderModes)");
      return apps(c.renderMode, c.containerId, true);
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
  const obj = (v) => (v && typeof v === "object" ? v : {});
  const el = (tag, props, ...children) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };
  // A page's callback that throws is reported, as Go reports the form's own (jsbridge.Call).
  const call = (f, ...args) => {
    try {
      if (typeof f === "function") f(...args);
    } catch (err) {
      console.error("integry: a callback threw:", err);
    }
  };
  // fieldsForm renders properties (a signature's) as showFunction's form,
  // INLINE, without a title or a submit button, and resolves once it is on
  // screen; loaded runs then, and change gets each {fieldMachineName, value}.
  const fieldsForm = (method, containerId, properties, options, loaded, change) => new Promise((resolve, reject) => {
    inst.showFunction(method, Object.assign({
      hideSubmitButton: true, hideFunctionTitle: true, onChangeCallback: change,
      __signature: { name: "", parameters: { type: "object", properties } }, __loaded: () => { resolve(); loaded(); },
    }, options), "INLINE", containerId).catch(reject);
  });
  // renderFormFields(containerId, fields, {values, onChange, isReadOnly})
  // renders the page's field objects (a function parameter's shape, keyed
  // by id or meta.machine_name); onChange(key, value) gets each change,
  // typed (docs/protocol.md#surface-form-fields).
  inst.renderFormFields = rejecting((containerId, fields, options) => {
    if (!Array.isArray(fields)) throw integryError("invalid_argument", "renderFormFields requires an array of fields");
    const o = obj(options), values = obj(o.values), properties = {};
    for (const f of fields) {
      const key = obj(f).id || obj(obj(f).meta).machine_name;
      if (typeof key === "string" && key !== "") properties[key] = f;
    }
    // As the official fields do once mounted, each one given a value reports it.
    return fieldsForm("renderFormFields", containerId, properties, { params: o.values, isReadOnly: o.isReadOnly },
      () => { for (const k in properties) if (values[k] != null && values[k] !== "") call(o.onChange, k, values[k]); },
      (c) => call(o.onChange, c.fieldMachineName, c.value));
  });
  // renderMultipurposeField({containerId, multipurposeFieldProps}) is one
  // field (docs/protocol.md#surface-multipurpose-field): TEXTFIELD or
  // TEXTAREA, or a choice (SELECT, RADIO, CHECKBOX: one select, as the
  // official draws all three) of the options endpointUrl holds as JSON;
  // CHECKBOX's are Yes/No unless given. An editable choice is a text field
  // suggesting the labels. Either can have a tag menu of activityOutputData.
  inst.renderMultipurposeField = rejecting((o) => {
    need(o, "renderMultipurposeField");
    const p = obj(o.multipurposeFieldProps), key = p.fieldId || "value", t = p.type, choice = t === "SELECT" || t === "RADIO" || t === "CHECKBOX";
    const edit = choice && p.isEditable === true, ui = { placeholder: p.placeholder, regex: p.regex, regex_error_message: p.regexErrorMessage, ui_field: { type: t } };
    // As the official field does once mounted, a given value is reported.
    let type = "string", value = p.value, opts, mount = () => p.value != null && call(p.onChange, p.value, true);
    let change = (c) => call(p.onChange, c.value === null ? "" : c.value, undefined);
    // The official offers activityOutputData's leaves as tags {a.b} (array
    // items by index): a text field's with isMappable or allowTagsInText, a
    // choice's with hideTabs false.
    const tags = [], walk = (v, path) => {
      if (v && typeof v === "object") for (const k in v) walk(v[k], path ? path + "." + k : k);
      else if (path) tags.push("{" + path + "}");
    };
    if (choice ? p.hideTabs === false : p.isMappable || p.allowTagsInText) walk(p.activityOutputData, "");
    if (choice) {
      opts = p.endpointUrl;
      try {
        if (typeof opts === "string") opts = JSON.parse(opts);
      } catch {
        opts = 0;
      }
      if (t === "CHECKBOX" && (opts == null || (opts.length === 1 && opts[0]?.id === "1"))) opts = [{ id: "1", value: "Yes" }, { id: "0", value: "No" }];
      if (!Array.isArray(opts) || !opts.length || !opts.every((x) => typeof x?.id === "string" || typeof x?.id === "number")) {
        throw integryError("invalid_argument", "renderMultipurposeField's " + t + " needs endpointUrl: a JSON array of options {id, value} (docs/protocol.md#surface-multipurpose-field)");
      }
      const by = (k, v) => opts.find((x) => x[k] === v), given = by("id", value);
      // Shown: the given value's option (editable: its label, else the value
      // as text); a select without a schema type gives the option's id back as given.
      ui.regex = undefined;
      if (edit) [value, ui.ui_field.type] = [given?.value || value, "TEXTFIELD"];
      else [type, value, ui.ui_field] = [undefined, given && value, { type: "STATIC_DROPDOWN", options: opts }];
      mount = () => p.value && call(p.onChange, p.value);
      // The option chosen, or typed as its id or label; other text is itself.
      change = (c) => {
        const v = c.value ?? "", x = by("id", v) || (edit && by("value", v)) || { id: v, value: v };
        call(p.onChange, x.id, false, x.value);
      };
    } else if (t !== "TEXTFIELD" && t !== "TEXTAREA") {
      throw integryError("invalid_argument", "renderMultipurposeField's type must be TEXTFIELD, TEXTAREA, SELECT, RADIO or CHECKBOX, not " + String(t) + " (docs/protocol.md#surface-multipurpose-field)");
    }
    const loaded = () => {
      let root = o.containerId;
      if (typeof root === "string") root = document.getElementById(root);
      // The field may be gone already (the page emptied the container).
      const c = [...(root?.querySelectorAll("select, input, textarea") || [])].filter((i) => i.name === key).pop(), id = "integry-mp-" + Math.random().toString(36).slice(2);
      mount();
      if (!c) return;
      if (edit) c.after(el("datalist", { id }, ...opts.map((x) => el("option", { value: x.value ?? x.id })))), c.setAttribute("list", id);
      // A text field's tag is appended and reported as typing is; a choice's
      // is reported alone, and an editable choice shows it, at the caret
      // with allowTagsInText, else as its whole text.
      if (tags.length) inst.__theme().then((words) => {
        const label = words.insert_tag.replace("{field}", p.title || ""), menu = el("select", { className: "integry-input integry-tag-menu", ariaLabel: label },
          el("option", { value: "", textContent: label }), ...tags.map((t) => el("option", { value: t, textContent: t.slice(1, -1) })));
        menu.addEventListener("change", () => {
          let v = menu.value;
          menu.value = "";
          if (!v) return;
          if (!choice) return (c.value += v), c.focus(), c.dispatchEvent(new Event("input", { bubbles: true }));
          if (edit) c.value = v = p.allowTagsInText ? c.value.slice(0, c.selectionStart) + v + c.value.slice(c.selectionEnd) : v;
          call(p.onChange, v);
        });
        c.after(menu);
      });
    };
    return fieldsForm("renderMultipurposeField", o.containerId,
      { [key]: { type, meta: { title: p.title, description_for_users: p.description, is_required: p.isRequired, ui } } },
      { params: { [key]: value }, isReadOnly: p.isReadOnly }, loaded, change);
  });
  // renderFunctionForm(options) is the official AI-tool form
  // (docs/protocol.md#surface-function-form): showFunction's form, INLINE
  // and without its submit button, with an "AI filled" box first in each
  // top-level field (a nested object's too), Cancel and Save. The tool is
  // getFunctionTools' of the signature with the account, ai_assisted_fields,
  // default_arguments and the tools of its AI-filled fields' data sources.
  inst.renderFunctionForm = rejecting((o) => {
    need(o, "renderFunctionForm");
    const value = obj(o.value), meta = obj(value.meta);
    const values = Object.assign({}, obj(value.default_arguments)), boxes = new Map(), sigs = new Map(), subs = new Set();
    let sig, ai = [], account = null, customs = [];
    // A callback gets the tool once built; a data source's signature that
    // cannot be read is logged, and nothing is called, as in the official.
    const fail = (err) => console.error("integry: renderFunctionForm:", err);
    const send = async (f, args, load) => { try {
      const t = callSync("getFunctionTools", [sig, false]), props = obj(obj(sig.parameters).properties), names = new Set();
      Object.assign(t.meta, { connected_account_id: account, ai_assisted_fields: ai.slice() });
      t.default_arguments = args;
      // An AI-filled dynamic dropdown or custom fields whose source is
      // another function's /call: that function is a tool too. Its
      // parameters the person filled here are its default_arguments.
      for (const k of Object.keys(props)) {
        const f = obj(obj(obj(props[k]).meta).ui).ui_field, url = obj(f && (f.data_sources || f.data_source)).url;
        const m = ai.includes(k) && /^(DYNAMIC_DROPDOWN|CUSTOM_FIELDS)$/.test(obj(f).type) && typeof url === "string" && url.match(/\/functions\/([^/]+)\/call\/?/);
        if (m) names.add(m[1]);
      }
      const tools = await Promise.all([...names].map(async (name) => {
        if (!sigs.has(name)) sigs.set(name, inst.getFunction(name, true));
        const s = await sigs.get(name), d = callSync("getFunctionTools", [s, false]);
        d.meta.connected_account_id = account;
        d.meta.ai_assisted_fields = Object.keys(obj(obj(s.parameters).properties))
          .filter((k) => !(Object.hasOwn(props, k) && !ai.includes(k) && args[k] !== undefined) || ((d.default_arguments[k] = args[k]), false));
        return d;
      }));
      if (tools.length) t.meta.data_source_tools = tools;
      // Custom fields whose sub-fields are on screen list them, as the
      // official's available_fields: each one's box, and its value when
      // the person fills it. Not in onLoad's tool: the official's comes
      // before they load.
      for (const fs of load ? [] : customs) {
        const key = fs.dataset.field, subs = fs.querySelectorAll(".integry-custom-body > .integry-field"), p = t.json_schema.function.parameters.properties[key];
        if (p && subs.length) p.meta = { available_fields: [...subs].map((b) => {
          const id = b.querySelector("[name]").name, on = b.querySelector("[data-ai-field]").checked, v = obj(values[key])[id];
          return Object.assign({ id, title: b.querySelector(".integry-label > span").textContent, ai_assist: on }, on || v == null || v === "" ? {} : { value: v });
        }) };
      }
      call(f, t);
    } catch (err) { fail(err); } };
    // A field the AI fills is read-only (its choices disabled).
    const lock = (box, on) => {
      for (const c of box.querySelectorAll("input:not([data-ai-field]), select, textarea")) c[c.matches("select, [type=checkbox], [type=radio]") ? "disabled" : "readOnly"] = on;
    };
    // aiBox puts an "AI filled" box first in a field's box (after its
    // legend); change gets each tick or untick.
    const aiBox = (box, key, on, words, change) => {
      const cb = el("input", { type: "checkbox", checked: on, disabled: !!o.isReadOnly, onchange: () => { change(cb.checked); lock(box, cb.checked); } });
      const label = el("label", { className: "integry-check integry-ai-toggle" }, cb, el("span", { textContent: words.ai_filled }));
      const legend = box.querySelector(":scope > legend");
      cb.dataset.aiField = key;
      legend ? legend.after(label) : box.prepend(label);
      if (!o.isReadOnly) lock(box, on);
    };
    const save = () => {
      const args = {};
      for (const k in values) if (!ai.includes(k)) args[k] = values[k];
      const missing = (obj(sig.parameters).required || []).find((k) => boxes.has(k) && !ai.includes(k) && !(k in args));
      if (save1.disabled) return; // a login app with no account yet
      if (missing !== undefined) return boxes.get(missing).querySelector("input, select, textarea").focus();
      send(o.onChange, args);
    };
    // The form is shown with the account picked: another one renders it
    // again (its dynamic dropdowns read their choices with it), with what
    // was typed, and the old one is cancelled once the new one is on screen.
    let save1, wrap, shown = new AbortController(), offs = new Set();
    const render = (params, loaded, signal) => inst.showFunction(o.functionName, {
      params, version: o.version, isReadOnly: o.isReadOnly, hideSubmitButton: true, __loaded: loaded, connectedAccountId: account, signal,
      onChangeCallback: (c) => {
        if (subs.has(c.fieldMachineName)) return;
        if (c.value === null) delete values[c.fieldMachineName];
        else values[c.fieldMachineName] = c.value;
      },
    }, "INLINE", o.container || o.containerId);
    return new Promise((resolve, reject) => {
      const loaded = (signature) => inst.__theme().then((words) => {
        sig = signature;
        const props = obj(obj(sig.parameters).properties), given = meta.ai_assisted_fields, app = obj(obj(sig.meta).app);
        const accounts = [...(app.connected_accounts || [])], t = (k) => words[k].replace("{app}", app.title || app.name);
        account = (app.login_url && meta.connected_account_id) || (accounts[0] ? accounts[0].id : null);
        ai = (Array.isArray(given) ? given : Object.keys(props).filter((k) => obj(obj(obj(props[k]).meta).ui).ui_field?.type !== "CUSTOM_FIELDS"))
          .filter((k, i, all) => typeof k === "string" && Object.hasOwn(props, k) && all.indexOf(k) === i);
        // mount sets up the form on screen: its boxes, its custom fields,
        // Enter; it returns the form's wrap.
        const mount = () => {
          let root = o.container || o.containerId;
          if (typeof root === "string") root = document.getElementById(root);
          const wrap = [...root.children].filter((e) => e.matches(".integry-inline")).pop(), form = wrap.querySelector("form");
          // A top-level field's box: a nested object's fieldset names its
          // key, a control's name is it, or else (a dynamic dropdown before a
          // choice) its label's for="integry-f-KEY-N".
          boxes.clear();
          for (const box of form.children) {
            if (!box.matches(".integry-field, fieldset[data-field]:not(.integry-custom-fields)")) continue;
            const c = box.querySelector("[name]"), l = box.querySelector(":scope > label[for]");
            const key = box.dataset.field || (c ? c.name : l && l.htmlFor.replace(/^integry-f-|-\d+$/g, ""));
            if (key) boxes.set(key, box);
          }
          for (const [key, box] of boxes) {
            aiBox(box, key, ai.includes(key), words, (on) => {
              ai = ai.filter((k) => k !== key);
              if (on) ai.push(key);
            });
          }
          // Custom fields, as the official: no box on the field; each of its
          // sub-fields, once loaded, has one, ticked at first, that never
          // changes ai_assisted_fields; a value typed goes to
          // default_arguments[field][sub], as the text shown.
          customs = form.querySelectorAll(":scope > .integry-custom-fields");
          for (const fs of customs) {
            const key = fs.dataset.field;
            const add = () => {
              for (const b of fs.querySelectorAll(".integry-custom-body > .integry-field")) {
                const c = b.querySelector("[name]"), k = key + "." + c?.name;
                if (c && !b.querySelector(":scope > .integry-ai-toggle")) aiBox(b, k, !offs.has(k), words, (on) => offs[on ? "delete" : "add"](k));
              }
            };
            new MutationObserver(add).observe(fs, { childList: true, subtree: true });
            add();
            // Before the form's own listener, whose onChangeCallback names the sub-field only.
            fs.addEventListener("input", (e) => {
              const n = e.target.name, v = Object.assign({}, obj(values[key]));
              if (!n) return;
              subs.add(n);
              if (e.target.value === "") delete v[n];
              else v[n] = e.target.value;
              if (Object.keys(v).length) values[key] = v;
              else delete values[key];
            }, true);
          }
          // Enter in a field saves; the form itself never submits.
          wrap.addEventListener("submit", (e) => { e.preventDefault(); e.stopPropagation(); if (!o.isReadOnly) save(); }, true);
          return wrap;
        };
        wrap = mount();
        const button = (cls, text, onclick) => el("button", { type: "button", className: "integry-button " + cls, textContent: text, onclick });
        // Cancel calls nothing: in the official form-only mode it resets
        // only the component's own state, and nothing on screen changes.
        const cancel = () => button("integry-button-secondary integry-tool-cancel", words.cancel);
        save1 = button("integry-submit integry-tool-save", words.save, save);
        save1.disabled = !!o.isReadOnly;
        const actions = el("div", { className: "integry-actions" }, cancel(), save1);
        wrap.append(actions);
        // An app with a login opens on its Authorization tab: the person
        // picks one of its accounts, or adds one, for the tool; the fields
        // are on the Input tab, which needs an account.
        if (app.login_url && !obj(sig.meta).is_built_in) {
          const n = Object.keys(props).length, group = "integry-tool-account-" + Math.random().toString(36).slice(2);
          let pending, on;
          const tab = (auth) => {
            on = auth;
            authTab.setAttribute("aria-selected", auth);
            inputTab.setAttribute("aria-selected", !auth);
            for (const c of wrap.children) if (c !== bar) c.hidden = (c === panel) !== auth;
          };
          const pick = (id) => {
            const c = new AbortController();
            account = id;
            state();
            pending?.abort();
            pending = c;
            render(values, () => {
              const old = wrap;
              wrap = mount();
              wrap.prepend(bar, panel);
              wrap.append(actions);
              old.remove();
              shown.abort();
              shown = c;
              tab(on);
            }, c.signal).catch((err) => c.signal.aborted || fail(err));
          };
          const authTab = button("integry-tab", t("tool_auth"), () => tab(true)), inputTab = button("integry-tab", t("tool_input") + (n ? " (" + n + ")" : ""), () => tab(false));
          const list = el("fieldset", { className: "integry-fieldset" }), next = button("integry-submit integry-tool-next", t("flow_next"), () => tab(false));
          // A new account joins the list, is picked, and the fields show.
          const add = button("integry-button-secondary integry-tool-add-account", t("add_account"), () => inst.connectApp(app.name)
            .then((id) => inst.getConnectedAccounts(app.name).then((all) => {
              const a = all.find((x) => String(x.id) === String(id));
              if (a && !accounts.some((x) => String(x.id) === String(id))) accounts.unshift(a);
              if (a) pick(a.id);
              draw();
              tab(false);
            }), fail));
          const bar = el("div", { className: "integry-tabs" }, authTab, inputTab);
          const panel = el("div", {}, list, add, el("div", { className: "integry-actions" }, cancel(), next));
          const state = () => {
            inputTab.disabled = next.disabled = account == null;
            save1.disabled = !!o.isReadOnly || account == null;
          };
          const draw = () => {
            list.replaceChildren(el("legend", { className: "integry-legend", textContent: t("flow_account") }), ...accounts.map((a) => {
              const r = el("input", { type: "radio", name: group, value: a.id, checked: String(a.id) === String(account), disabled: !!o.isReadOnly, onchange: () => pick(a.id) });
              return el("label", { className: "integry-check" }, r, el("span", { textContent: a.display_name || String(a.id) }));
            }));
            state();
          };
          add.disabled = !!o.isReadOnly;
          bar.setAttribute("role", "tablist");
          for (const b of [authTab, inputTab]) b.setAttribute("role", "tab");
          wrap.prepend(bar, panel);
          draw();
          tab(true);
        }
        resolve();
        send(o.onLoad, Object.assign({}, obj(value.default_arguments)), true);
      }).catch(reject);
      render(value.default_arguments, loaded, shown.signal).catch(reject);
    });
  });
  // showFunction's modal goes where the official one goes: into init's
  // container when showFunction names none (docs/protocol.md#surface-styling).
  const show = inst.showFunction;
  inst.showFunction = (name, options, mode, containerId, ...rest) =>
    show(name, options, mode, containerId == null && (mode == null || String(mode).toUpperCase() === "MODAL") ? initContainer : containerId, ...rest);
  Object.defineProperty(inst, "_userConfig", { get: () => userConfig });
  for (const [name, why] of UNSUPPORTED) {
    inst[name] = () => Promise.reject(integryError("unsupported", "IntegryJS." + name + " is not supported: " + why + " (docs/protocol.md#unsupported)"));
  }
}
