import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createOnnxSession,
  providerUse,
  useExecutionProviders,
} from "../../src/engine/models/onnx";
import { fixtureDir } from "./helpers";

const encoderBytes = () =>
  new Uint8Array(readFileSync(`${fixtureDir("wave-fixture")}/encoder.onnx`));

describe("createOnnxSession", () => {
  it("exposes names and declared shapes (symbolic axes by name)", async () => {
    const session = await createOnnxSession(encoderBytes());
    expect(session.inputNames).toEqual(["audio"]);
    expect(session.outputNames).toEqual(["z"]);
    expect(session.declared("audio")).toEqual({ type: "float32", shape: [1, 1, "N"] });
    expect(session.declared("z")).toEqual({ type: "float32", shape: [1, 8, "T"] });
    expect(session.declared("nope")).toBeUndefined();
    await session.release();
  });

  it("serializes overlapping runs and returns each its own result", async () => {
    const session = await createOnnxSession(encoderBytes());
    const inputs = [1, 2, 3, 4, 5, 6].map((frames) =>
      Float32Array.from({ length: frames * 64 }, (_, i) => Math.sin(i * frames)),
    );
    const together = await Promise.all(
      inputs.map((x) => session.run("audio", "z", x, [1, 1, x.length])),
    );
    for (const [i, x] of inputs.entries()) {
      const alone = await session.run("audio", "z", x, [1, 1, x.length]);
      expect(together[i]!.dims).toEqual([1, 8, i + 1]);
      expect(together[i]!.data).toEqual(alone.data);
    }
    await session.release();
  });

  it("a failed run does not block the queue", async () => {
    const session = await createOnnxSession(encoderBytes());
    const bad = session.run("audio", "z", new Float32Array(10), [1, 1, 10]);
    const good = session.run("audio", "z", new Float32Array(64), [1, 1, 64]);
    await expect(bad).rejects.toThrow();
    await expect(good).resolves.toMatchObject({ dims: [1, 8, 1] });
    await session.release();
    await expect(session.run("audio", "z", new Float32Array(64), [1, 1, 64])).rejects.toThrow(
      /released/,
    );
  });
  it("falls back from WebGPU to WASM where there is none (Node), and says why", async () => {
    const before = providerUse();
    let release: (p: readonly string[]) => void = () => {};
    // A choice still being made (an adapter probed): sessions wait for it.
    useExecutionProviders(new Promise((resolve) => (release = resolve)));
    try {
      const pending = createOnnxSession(encoderBytes());
      release(["webgpu", "wasm"]);
      const session = await pending;
      const after = providerUse();
      expect(after.webgpu).toBe(before.webgpu);
      expect(after.wasm).toBe(before.wasm + 1);
      expect(after.webgpuError).toBeTruthy();
      const z = await session.run("audio", "z", new Float32Array(64), [1, 1, 64]);
      expect(z.dims).toEqual([1, 8, 1]);
      await session.release();
      useExecutionProviders(["webgpu"]);
      await expect(createOnnxSession(encoderBytes())).rejects.toThrow();
    } finally {
      useExecutionProviders(["wasm"]);
    }
  });
});
