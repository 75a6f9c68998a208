#!/usr/bin/env node
// Runs the CLI: the prebuilt bundle when it matches the sources (bin/cliEntry.mjs), else the
// TypeScript sources directly through tsx's loader (slower to start, no build step).
import { URL, fileURLToPath, pathToFileURL } from "node:url";
import { pickEntry } from "./cliEntry.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
let main;
try {
  const entry = pickEntry(root, process.env.LATENT_PATCHER_FROM);
  if (entry.kind === "bundle") {
    ({ main } = await import(pathToFileURL(entry.file).href));
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    ({ main } = await import("../src/cli/main.ts"));
  }
} catch (err) {
  console.error(`latent-patcher: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
