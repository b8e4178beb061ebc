// Type test: a page using the elements through elements.d.ts.
import { IntegryJS } from "integry-wasm";
import { defineElements, setDefault, getDefault, TAGS, type IntegryFunctionFormElement } from "integry-wasm/elements";

const integry = new IntegryJS({ appKey: "k", hash: "h", userId: "u" });
setDefault(integry);
const same: IntegryJS | null = getDefault();
const defined: boolean = defineElements();
console.log(same, defined, TAGS.length);

const form = document.querySelector("integry-function-form");
if (form) {
  form.params = { channel: "C01GENERAL" };
  form.hiddenFields = ["as_user"];
  form.integry = integry;
  form.addEventListener("integry-submit", (e) => console.log(e.detail["text"]));
}
const apps = document.createElement("integry-apps");
apps.layout = "wide";
apps.authOnly = true;
document.addEventListener("integry-connected", (e) => console.log(e.detail.connected_account_id, e.detail.connected_accounts.length));
document.addEventListener("integry-error", (e) => console.log(e.detail.code));
const button = document.createElement("integry-connect-button");
button.app = "slack";
const typed: IntegryFunctionFormElement = document.createElement("integry-function-form");
typed.cancelable = true;

// @ts-expect-error: setDefault takes an instance, not a config
setDefault({ appKey: "k", hash: "h", userId: "u" });
// @ts-expect-error: params is an object
typed.params = "channel=general";
