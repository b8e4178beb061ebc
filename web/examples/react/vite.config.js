import { defineConfig } from "vite";

export default defineConfig({
  // Top-level await (main.tsx waits for the demo session) needs ES2022.
  build: { target: "es2022" },
  // JSX with React's automatic runtime, straight from Vite's esbuild: no
  // plugin needed for a build (add @vitejs/plugin-react for Fast Refresh).
  esbuild: { jsx: "automatic" },
  // Keep integry-wasm out of the dev server's pre-bundling, so the package
  // finds integry.wasm next to its own files (see ../npm/vite.config.js).
  optimizeDeps: { exclude: ["integry-wasm"] },
});
