// integry-wasm: the ES module entry. The one line that changes in an
// @integry/sdk app is the import:
//
//   import { IntegryJS } from "integry-wasm";
//
// Importing has no side effects. The first instance, method call or
// IntegryJS.load() fetches integry.wasm and wasm_exec.js from next to this
// file (bundlers that understand new URL(…, import.meta.url), such as Vite,
// webpack 5 and Rollup with a URL plugin, copy both).
import { defineIntegry, html } from "./loader.mjs";

const integry = defineIntegry({
  wasmURL: () => new URL("./integry.wasm", import.meta.url).href,
  execURL: () => new URL("./wasm_exec.js", import.meta.url).href,
});

export const IntegryJS = integry.IntegryJS;
export const Helpers = integry.Helpers;
// html is the official runtime's template tag; ours throws unsupported
// (docs/protocol.md#unsupported).
export { html };
export default IntegryJS;
