/**
 * The production build (`npm run build`, what `npm start` serves) in a real Chromium: it must be
 * a working app, not only a page — the model packs and builtin recordings it fetches at run time
 * are copied into the build (scripts/shippedFiles.ts), so the demo renders sound.
 */
import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, preview, type PreviewServer } from "vite";
import { chromium, type Browser } from "playwright-core";
import { render } from "./actions";
import { CHROMIUM, hasChromium, ready, shot } from "./harness";
import { shippedFiles } from "../../scripts/shippedFiles";

describe.skipIf(!hasChromium)("the production build in Chromium", () => {
  let outDir: string;
  let server: PreviewServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), "latent-patcher-build-"));
    await build({ logLevel: "error", build: { outDir, emptyOutDir: true } });
    server = await preview({
      logLevel: "error",
      build: { outDir },
      preview: { port: 0, host: "127.0.0.1" },
    });
    const address = server.httpServer.address();
    if (!address || typeof address === "string") throw new Error("vite preview did not listen");
    url = `http://127.0.0.1:${address.port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("carries every shipped pack and recording, and renders the demo with the default model", async () => {
    const files = shippedFiles(process.cwd());
    expect(files).toEqual(
      expect.arrayContaining([
        "models/neural-spectral-2/model.json",
        "models/neural-spectral-2/encoder.onnx",
        "models/neural-spectral-2/decoder.onnx",
        "models/neural-spectral/model.json",
        "models/neural-spectral/encoder.onnx",
        "models/neural-spectral/decoder.onnx",
        "models/pca-spectral/model.json",
        "assets/audio/piano.wav",
      ]),
    );
    expect(files.some((f) => f.includes("/data/"))).toBe(false); // never the training data
    for (const f of files) {
      const res = await fetch(new URL(f, url));
      expect(res.status, f).toBe(200);
      // The file itself, not the page a server falls back to for a path it does not have.
      expect((await res.arrayBuffer()).byteLength, f).toBe(statSync(f).size);
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await ready(page);
    const r = await render(page);
    await shot(page, "40-production-build");
    expect(errors).toEqual([]);
    expect(r.peak).toBeGreaterThan(0.01);
    expect(r.rms).toBeGreaterThan(0.001);
    await page.close();
  }, 180_000);
});
