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

// addSurface gives an instance the official members that are plain
// JavaScript over the methods above: the marketplace entry points, the
// account list, the synchronous getFunctionTools, and the members of the
// official UI's plumbing, which reject with code unsupported
// (docs/protocol.md#surface, #unsupported).
export function addSurface(inst, callSync) {
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
