/**
 * The WebGPU path in a real Chromium. This machine has no GPU, but Chromium's SwiftShader gives
 * WebGPU a software ("fallback") adapter with `--enable-unsafe-webgpu --enable-unsafe-swiftshader`:
 * by default the app keeps WASM on such an adapter (it is slower) and says so; `?backend=webgpu`
 * runs the models on it. The default pack's decoder gives the same numbers on both providers, and
 * live playback on WebGPU reports it in the backend readout.
 */
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDemo, playLive } from "./actions";
import { hasChromium, openApp, useApp } from "./harness";

const SOFTWARE_WEBGPU = ["--enable-unsafe-webgpu", "--enable-unsafe-swiftshader"];

describe.skipIf(!hasChromium)("WebGPU (SwiftShader's software adapter) in Chromium", () => {
  const app = useApp({ args: SOFTWARE_WEBGPU });

  it("decodes the same latents on WebGPU as on WASM", async () => {
    const page = await openApp(app);
    const result = await page.evaluate(async (file) => {
      // The app's own session wrapper, as Vite serves it to the page (a string, so that the test
      // runner does not rewrite the import).
      type Onnx = typeof import("../../src/engine/models/onnx");
      // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call
      const onnx = await (new Function(
        "return import('/src/engine/models/onnx.ts')",
      )() as Promise<Onnx>);
      // The pack's file as the app fetches it (not 4.7 million numbers through the test's channel).
      const res = await fetch(new URL(file, new URL("/", location.href)));
      const list = new Uint8Array(await res.arrayBuffer());
      const data = Float32Array.from({ length: 32 * 8 }, (_, i) => Math.sin(i * 0.37) * 1.5);
      const out: Record<string, Float32Array> = {};
      for (const provider of ["wasm", "webgpu"]) {
        const session = await onnx.createOnnxSession(list, {
          executionProviders: [provider],
        });
        out[provider] = (await session.run("z", "logmag", data, [1, 32, 8])).data;
        await session.release();
      }
      const [a, b] = [out.wasm!, out.webgpu!];
      let maxDiff = 0;
      let maxAbs = 0;
      for (let i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
        maxAbs = Math.max(maxAbs, Math.abs(a[i]!));
      }
      return { n: a.length, bytes: list.length, same: a.length === b.length, maxDiff, maxAbs };
    }, "models/neural-spectral-2/decoder.onnx");
    console.log("decoder on WASM vs WebGPU:", result);
    expect(result.bytes).toBe(statSync("models/neural-spectral-2/decoder.onnx").size);
    expect(result.same).toBe(true);
    expect(result.n).toBe(8 * 4 * 513);
    expect(result.maxAbs).toBeGreaterThan(1);
    // Log-magnitudes: 1e-3 is 0.009 dB.
    expect(result.maxDiff).toBeLessThan(1e-3);
  }, 120_000);

  it("keeps WASM on a software adapter by default and says why", async () => {
    const page = await openApp(app);
    await openDemo(page, "reconstruct");
    await playLive(page);
    const backend = page.locator(".lp-live-backend");
    await expect.poll(() => backend.getAttribute("title"), { timeout: 30_000 }).toMatch(/WASM/);
    expect(await backend.getAttribute("title")).toMatch(/software fallback, slower than WASM/);
    await page.getByRole("button", { name: "■ Stop" }).click();
  }, 120_000);

  it("loads the live models on WebGPU with ?backend=webgpu, and the readout says so", async () => {
    const page = await openApp(app, { query: "?backend=webgpu" });
    await openDemo(page, "reconstruct");
    await page.getByRole("button", { name: "▶ Play" }).click();
    // The readout names the backend once the worker has loaded the patch's models. Streaming on a
    // software adapter is far slower than real time (seconds per latent frame on this machine),
    // so the test stops there: the numbers are checked above, the timings are in bench/.
    const backend = page.locator(".lp-live-backend");
    await expect
      .poll(() => backend.getAttribute("title"), { timeout: 120_000 })
      .toMatch(/^onnxruntime-web WebGPU: WebGPU asked for \(\?backend=webgpu\)/);
    expect(await backend.textContent()).toBe("WebGPU");
    await page.getByRole("button", { name: "■ Stop" }).click();
    await expect
      .poll(() => page.locator(".lp-status").textContent(), { timeout: 60_000 })
      .toBe("stopped before playback began");
    // The cancelled start does not begin playing later on.
    await page.waitForTimeout(3000);
    expect(await page.evaluate(() => window.__latentPatcher!.liveOutput())).toBeUndefined();
  }, 200_000);
});
