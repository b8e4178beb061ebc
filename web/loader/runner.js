// integry-wasm: the "integry" import module (internal/contract ImportModule)
// for Go test binaries (GOOS=js), which run without the loader. The program
// imports its hot host functions with go:wasmimport (jsbridge/imports_js.go),
// and a module that lacks one does not instantiate, so every runner must
// supply the module: `wasmdata -exec` (internal/wasmdata) gives this one
// script to all of them, node (through --require) and Chromium
// (wasmbrowsertest, after its wasm_exec.js).
//
// It wraps WebAssembly.instantiate and instantiateStreaming: when the
// program imports from "integry" and the import object has no such module,
// it adds one whose functions call globalThis.integryTestImports' (what a
// test installs with the loader's integryImports, web/loader/abi.mjs) and
// answer -1, Go's "the host function failed", while none is installed or
// when it throws. Pages never load this file: the loader supplies the module.
(function () {
  "use strict";
  const MODULE = "integry";
  function supply(module, imports) {
    if (!imports || typeof imports !== "object" || imports[MODULE]) return;
    const mod = {};
    for (const d of WebAssembly.Module.imports(module)) {
      if (d.module !== MODULE) continue;
      const name = d.name;
      mod[name] = function (...args) {
        const t = globalThis.integryTestImports;
        if (!t || typeof t[name] !== "function") return -1;
        try {
          return t[name](...args);
        } catch (_) {
          return -1;
        }
      };
    }
    imports[MODULE] = mod;
  }
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (source, imports) {
    if (source instanceof WebAssembly.Module) {
      supply(source, imports);
      return instantiate(source, imports);
    }
    const module = await WebAssembly.compile(source);
    supply(module, imports);
    return { module, instance: await instantiate(module, imports) };
  };
  if (WebAssembly.instantiateStreaming) {
    WebAssembly.instantiateStreaming = async function (source, imports) {
      const module = await WebAssembly.compileStreaming(source);
      supply(module, imports);
      return { module, instance: await instantiate(module, imports) };
    };
  }
})();
