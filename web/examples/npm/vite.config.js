import { defineConfig } from "vite";

// Top-level await (main.js waits for the demo session) needs an ES2022 target.
export default defineConfig({
  build: { target: "es2022" },
});
