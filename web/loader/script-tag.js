// Script-tag build: window.IntegryJS exists as soon as this script has run,
// as with the official UMD bundle. The wasm and the Go glue are fetched from
// next to this script, unless the tag says otherwise:
//   <script src="/sdk/integry.js" data-wasm-url="https://cdn.example/integry.wasm"></script>
var script = typeof document !== "undefined" ? document.currentScript : null;
var attr = function (name) { return script ? script.getAttribute(name) : null; };
var here = function () { return script && script.src ? script.src : location.href; };
var integry = defineIntegry({
  wasmURL: function () { return attr("data-wasm-url") || new URL("integry.wasm", here()).href; },
  execURL: function () { return attr("data-wasm-exec-url") || new URL("wasm_exec.js", here()).href; },
});
globalThis.IntegryJS = integry.IntegryJS;
