import { defineConfig } from "vite";

export default defineConfig({
  // Top-level await (main.js waits for the demo session) needs ES2022.
  build: { target: "es2022" },
  // Keep integry-wasm out of the dev server's dependency pre-bundling: the
  // package finds integry.wasm and wasm_exec.js next to its own file
  // (new URL("./integry.wasm", import.meta.url)), and a pre-bundled copy
  // would look for them in node_modules/.vite/deps. `vite build` copies them
  // either way.
  optimizeDeps: { exclude: ["integry-wasm"] },
});
