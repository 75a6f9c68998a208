import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  // onnxruntime-web finds its .wasm files next to its own module; keep it out of pre-bundling.
  optimizeDeps: { exclude: ["onnxruntime-web"] },
  // The engine worker imports onnxruntime-web, which loads code dynamically: an ES module worker.
  worker: { format: "es" },
  server: {
    // Cross-origin isolation lets onnxruntime-web use threads (SharedArrayBuffer).
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
  },
  preview: {
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
  },
});
