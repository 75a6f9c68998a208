import { describe, expect, it } from "vitest";
import {
  backendPreferenceFromQuery,
  chooseBackend,
  describeBackend,
  type BackendFacts,
} from "../../src/engine/worker/backendInfo";

describe("chooseBackend", () => {
  it("takes WebGPU when there is a hardware adapter, WASM otherwise", () => {
    expect(chooseBackend("auto", "adapter").providers).toEqual(["webgpu", "wasm"]);
    expect(chooseBackend("auto", "absent")).toEqual({
      providers: ["wasm"],
      why: "no WebGPU in this browser",
    });
    expect(chooseBackend("auto", "no-adapter").why).toMatch(/no adapter/);
    const software = chooseBackend("auto", "fallback-adapter");
    expect(software.providers).toEqual(["wasm"]);
    expect(software.why).toMatch(/software fallback, slower than WASM/);
  });

  it("follows ?backend=: WebGPU even on a software adapter, WASM even with a GPU", () => {
    expect(chooseBackend("webgpu", "fallback-adapter").providers).toEqual(["webgpu", "wasm"]);
    expect(chooseBackend("webgpu", "absent")).toEqual({
      providers: ["wasm"],
      why: "WebGPU asked for, but no WebGPU in this browser",
    });
    expect(chooseBackend("wasm", "adapter").providers).toEqual(["wasm"]);
    expect(backendPreferenceFromQuery("?backend=webgpu&buffer=30")).toBe("webgpu");
    expect(backendPreferenceFromQuery("?backend=wasm")).toBe("wasm");
    expect(backendPreferenceFromQuery("?backend=cuda")).toBe("auto");
    expect(backendPreferenceFromQuery("")).toBe("auto");
  });
});

describe("describeBackend", () => {
  const facts: BackendFacts = {
    numThreads: 4,
    crossOriginIsolated: true,
    cores: 16,
    choice: chooseBackend("auto", "absent"),
    used: { webgpu: 0, wasm: 2 },
    compiledDsp: true,
  };

  it("says how many WASM threads run and why", () => {
    expect(describeBackend(facts)).toMatchObject({
      name: "onnxruntime-web WASM (SIMD)",
      threads: 4,
    });
    expect(describeBackend(facts).reason).toMatch(/4 threads: cross-origin isolated, 16 cores/);
    const isolatedNot = describeBackend({ ...facts, numThreads: 1, crossOriginIsolated: false });
    expect(isolatedNot.reason).toMatch(/not cross-origin isolated/);
    expect(describeBackend({ ...facts, numThreads: 1, cores: 2 }).reason).toMatch(/2 core/);
    expect(describeBackend({ ...facts, numThreads: undefined }).reason).toMatch(/not initialised/);
    expect(describeBackend(facts).reason).toMatch(/no WebGPU in this browser/);
    expect(describeBackend(facts).reason).toMatch(/the codec's DSP compiled to WebAssembly$/);
    expect(describeBackend({ ...facts, compiledDsp: false }).reason).toMatch(
      /the codec's DSP in JavaScript \(WebAssembly refused the compiled DSP\)$/,
    );
  });

  it("names WebGPU when the sessions run on it, and a failed WebGPU session's reason", () => {
    const gpu = { ...facts, choice: chooseBackend("auto", "adapter") };
    expect(describeBackend({ ...gpu, used: { webgpu: 2, wasm: 0 } })).toMatchObject({
      name: "onnxruntime-web WebGPU",
      reason: "a WebGPU adapter is available; the codec's DSP compiled to WebAssembly",
    });
    const failed = describeBackend({
      ...gpu,
      used: { webgpu: 0, wasm: 2, webgpuError: "no kernel for Conv" },
    });
    expect(failed.name).toBe("onnxruntime-web WASM (SIMD)");
    expect(failed.reason).toMatch(/WebGPU failed \(no kernel for Conv\), WASM instead/);
    const mixed = describeBackend({ ...gpu, used: { webgpu: 1, wasm: 1, webgpuError: "x" } });
    expect(mixed.name).toBe("onnxruntime-web WebGPU + WASM (SIMD)");
  });
});
