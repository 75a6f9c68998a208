import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { copyShippedFiles } from "./scripts/shippedFiles.ts";

export default defineConfig({
  // The build carries the model packs and builtin recordings the app fetches at run time.
  plugins: [react(), copyShippedFiles()],
  optimizeDeps: {
    // onnxruntime-web finds its .wasm files next to its own module; keep it out of pre-bundling.
    exclude: ["onnxruntime-web"],
    // Scan the worker and the worklets too, so every dependency is pre-bundled at start-up: a
    // dependency found later makes Vite re-bundle and reload the page under the user (or a test).
    entries: [
      "index.html",
      "src/engine/worker/engineWorker.ts",
      "src/ui/bundle/zipWorker.ts",
      "src/audio/outputProcessor.ts",
      "src/audio/captureProcessor.ts",
    ],
  },
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
