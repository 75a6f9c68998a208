/**
 * Render & play's offline render goes through the worker API: `WorkerRender` talks comlink to a
 * host (here the real OfflineRenderer over the repo's fixture packs, across a MessageChannel), so
 * the page's thread only receives the result. Cancel ends the worker; a crash rejects clearly.
 */
import { afterEach, describe, expect, it } from "vitest";
import { expose } from "comlink";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { RenderCancelled, WorkerRender, type PackShelf } from "../../src/ui/render/workerRender";
import { OfflineRenderer, valueKey, type RenderStep } from "../../src/engine/worker/offlineRender";
import type { WorkerLike } from "../../src/ui/live/engineSupervisor";
import type { MemoryModelPack } from "../../src/engine/models/memoryPack";
import { Engine } from "../../src/engine/engine";
import { serializePatch } from "../../src/engine/patch/serialize";
import { sweepPatch, testEngineOptions } from "../stream/helpers";

/** The worker side: what the page asked for, and the real offline renderer (or a render that hangs). */
class FakeRenderHost {
  readonly rendered: string[] = [];
  readonly packs: string[] = [];
  backend: string | undefined;
  hang = false;
  private readonly renderer = new OfflineRenderer(testEngineOptions());
  configureBackend(pref: string): void {
    this.backend = pref;
  }
  addModelPack(pack: MemoryModelPack): void {
    this.packs.push(pack.id);
  }
  render(text: string, step: RenderStep) {
    this.rendered.push(text);
    if (this.hang) {
      step("loading the model and the sounds…");
      return new Promise(() => undefined);
    }
    return this.renderer.render(text, step);
  }
}

interface FakeWorker extends WorkerLike {
  readonly host: FakeRenderHost;
  terminated: boolean;
  crash(message: string): void;
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function fakeWorker(): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const host = new FakeRenderHost();
  expose(host, port2 as unknown as Parameters<typeof expose>[1]);
  const w: FakeWorker = {
    host,
    terminated: false,
    postMessage: (m: unknown, t?: unknown) => port1.postMessage(m, t as never),
    addEventListener: ((type: string, l: (e: Event) => void) =>
      port1.addEventListener(type, l)) as WorkerLike["addEventListener"],
    removeEventListener: ((type: string, l: (e: Event) => void) =>
      port1.removeEventListener(type, l)) as WorkerLike["removeEventListener"],
    terminate() {
      w.terminated = true;
      port1.close();
    },
    crash(message) {
      port1.dispatchEvent(Object.assign(new Event("error"), { message }));
    },
  };
  return w;
}

function setup(packs: PackShelf = { customIds: () => [], get: () => undefined }) {
  const workers: FakeWorker[] = [];
  const renderer = new WorkerRender({
    createWorker: () => {
      const w = fakeWorker();
      workers.push(w);
      return w;
    },
    prepare: (engine) => void engine.configureBackend("wasm"),
    packs,
  });
  return { renderer, workers };
}

describe("WorkerRender", () => {
  it("renders in the worker what the engine renders, with progress, and hands back every node's outputs", async () => {
    const { renderer, workers } = setup();
    const patch = sweepPatch(1);
    const steps: [string, number | undefined][] = [];
    const result = await renderer.render(patch, (label, fraction) => steps.push([label, fraction]));

    expect(workers).toHaveLength(1);
    expect(workers[0]!.host.backend).toBe("wasm");
    expect(workers[0]!.host.rendered).toEqual([JSON.stringify(patch)]);
    // Steps cross on a channel of their own: those still in flight when the result lands are dropped.
    expect(steps[0]).toEqual(["loading the model and the sounds…", undefined]);
    const fractions = steps.slice(1).map(([, f]) => f!);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    for (const f of fractions) expect(f).toBeGreaterThanOrEqual(0);
    for (const f of fractions) expect(f).toBeLessThanOrEqual(1);

    const engine = new Engine(testEngineOptions());
    await engine.load(patch);
    const direct = await engine.render();
    const [id, audio] = result.outputs[0]!;
    expect(id).toBe("out");
    expect(audio.channels[0]).toEqual(direct.outputs.get("out")!.channels[0]);
    const values = new Map(result.values);
    expect(values.get(valueKey("enc", "latent"))?.type).toBe("latent");
    expect(values.get(valueKey("dec", "audio"))?.type).toBe("audio");
    expect(values.get(valueKey("sweep", "out"))?.type).toBe("curve");
  });

  it("rejects with the engine's message for a patch it cannot render, and renders the next", async () => {
    const { renderer } = setup();
    // Unchecked on the page (as a patch edited by hand could be): the worker's parse refuses it.
    const good = sweepPatch(0.5);
    const broken = {
      ...good,
      nodes: good.nodes.map((n) => (n.id === "rot" ? { ...n, params: { angle: 999 } } : n)),
    };
    await expect(renderer.render(broken, () => undefined)).rejects.toThrow(
      /patch.nodes\[3\].params.angle: expected/,
    );
    await expect(renderer.render(sweepPatch(0.5), () => undefined)).resolves.toBeDefined();
  });

  it("cancel rejects the render at once, ends the worker, and the next render starts a fresh one", async () => {
    const { renderer, workers } = setup();
    await renderer.render(sweepPatch(0.5), () => undefined);
    workers[0]!.host.hang = true;
    const steps: string[] = [];
    const pending = renderer.render(sweepPatch(0.5), (label) => steps.push(label));
    await expect.poll(() => steps.length).toBeGreaterThan(0);
    expect(renderer.busy).toBe(true);
    expect(renderer.cancel()).toBe(true);
    await expect(pending).rejects.toThrow(RenderCancelled);
    expect(workers[0]!.terminated).toBe(true);
    expect(renderer.busy).toBe(false);
    expect(renderer.cancel()).toBe(false);
    await expect(renderer.render(sweepPatch(0.5), () => undefined)).resolves.toBeDefined();
    expect(workers).toHaveLength(2);
  });

  it("a crash of the render worker rejects with a message that says so", async () => {
    const { renderer, workers } = setup();
    await renderer.render(sweepPatch(0.5), () => undefined);
    workers[0]!.host.hang = true;
    const pending = renderer.render(sweepPatch(0.5), () => undefined);
    await new Promise((r) => setTimeout(r, 20));
    workers[0]!.crash("out of memory");
    await expect(pending).rejects.toThrow(/the render worker crashed \(out of memory\)/);
    expect(workers[0]!.terminated).toBe(true);
  });

  it("hands each new worker the page's custom model packs once", async () => {
    const pack = { id: "my-pack" } as MemoryModelPack;
    const { renderer, workers } = setup({ customIds: () => ["my-pack"], get: () => pack });
    await renderer.render(sweepPatch(0.5), () => undefined);
    await renderer.render(sweepPatch(0.5), () => undefined);
    expect(workers[0]!.host.packs).toEqual(["my-pack"]);
    workers[0]!.host.hang = true;
    const pending = renderer.render(sweepPatch(0.5), () => undefined);
    renderer.cancel();
    await expect(pending).rejects.toThrow(RenderCancelled);
    await renderer.render(sweepPatch(0.5), () => undefined);
    expect(workers[1]!.host.packs).toEqual(["my-pack"]);
    expect(serializePatch(sweepPatch(0.5))).toContain("spectral-fixture");
  });
});
