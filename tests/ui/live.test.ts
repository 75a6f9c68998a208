import { describe, expect, it } from "vitest";
import { liveChange } from "../../src/ui/live/liveChange";
import {
  describeQueue,
  latencyOf,
  LIVE_SETTINGS,
  liveLatencyOf,
  liveSettingsFromQuery,
} from "../../src/ui/live/latency";
import { nodeRegistry } from "../../src/nodes";
import type { Patch } from "../../src/engine/patch/schema";
import { example } from "./helpers";
import { groupNodes } from "../../src/ui/model/subpatchEdit";

const withNode = (p: Patch, id: string, change: (n: Patch["nodes"][number]) => object): Patch => ({
  ...p,
  nodes: p.nodes.map((n) => (n.id === id ? { ...n, ...change(n) } : n)),
});

describe("liveChange", () => {
  const p = example("reconstruct");

  it("ignores moves and renames", () => {
    expect(
      liveChange(
        p,
        withNode({ ...p, name: "x" }, "out", () => ({ position: [1, 2] })),
        nodeRegistry,
      ),
    ).toEqual({
      kind: "none",
    });
  });

  it("streams parameter changes, sending every parameter of the changed node", () => {
    const q = withNode(p, "out", (n) => ({ params: { ...n.params, gain: -6, limiter: false } }));
    expect(liveChange(p, q, nodeRegistry)).toEqual({
      kind: "params",
      nodes: [{ nodeId: "out", params: { gain: -6, limiter: false } }],
    });
  });

  it("sends a tempo alone without a reload, and reloads for a new loop length in bars", () => {
    const t = (transport: Patch["transport"]): Patch => ({ ...p, transport });
    const base = { bpm: 120, beatsPerBar: 4 };
    expect(liveChange(t(base), t({ ...base, bpm: 90 }), nodeRegistry).kind).toBe("none");
    expect(liveChange(t(base), t({ ...base, loopBars: 2 }), nodeRegistry).kind).toBe("reload");
    const bars = { ...base, loopBars: 2 };
    expect(liveChange(t(bars), t({ ...bars, bpm: 90 }), nodeRegistry).kind).toBe("reload");
    expect(liveChange(t(bars), t({ ...bars, beatsPerBar: 3 }), nodeRegistry).kind).toBe("reload");
  });

  it("reloads for a model choice, which makes a new graph (a half-done change is refused whole)", () => {
    const enc = p.nodes.find((n) => n.type === "Encode")!;
    const q = withNode(p, enc.id, (n) => ({ params: { ...n.params, model: "pca-spectral" } }));
    expect(liveChange(p, q, nodeRegistry).kind).toBe("reload");
  });

  it("reloads for graph edits, assets and source parameters", () => {
    expect(liveChange(p, { ...p, connections: p.connections.slice(1) }, nodeRegistry).kind).toBe(
      "reload",
    );
    expect(liveChange(p, { ...p, nodes: p.nodes.slice(1) }, nodeRegistry).kind).toBe("reload");
    expect(liveChange(p, { ...p, assets: {} }, nodeRegistry).kind).toBe("reload");
    const src = withNode(p, "piano", (n) => ({ params: { ...n.params, asset: "flute" } }));
    expect(liveChange(p, src, nodeRegistry).kind).toBe("reload");
    const retyped = withNode(p, "decode", () => ({ type: "Encode" }));
    expect(liveChange(p, retyped, nodeRegistry).kind).toBe("reload");
  });

  it("reloads when a key is learned to start a source again (the stream waits for notes)", () => {
    const perform = (midi: NonNullable<Patch["perform"]>["midi"]): Patch => ({
      ...p,
      perform: { snapshots: [], favourites: [], midi },
    });
    const cc = {
      control: "cc",
      number: 1,
      target: "out.gain",
      curve: "linear",
      smoothMs: 30,
    } as const;
    const key = { control: "note-on", number: 60, target: "piano.@retrigger" } as const;
    const keyed = perform([cc, key] as never);
    expect(liveChange(perform([cc] as never), keyed, nodeRegistry).kind).toBe("reload");
    expect(liveChange(keyed, perform([cc] as never), nodeRegistry).kind).toBe("reload");
    // Another key for the same source, or a CC mapping, changes nothing the stream plays.
    const other = perform([cc, { ...key, number: 62 }] as never);
    expect(liveChange(keyed, other, nodeRegistry).kind).toBe("none");
    expect(liveChange(p, perform([cc] as never), nodeRegistry).kind).toBe("none");
  });
});

describe("liveChange inside subpatches", () => {
  // The source and the encoder grouped into one instance; the decoder too, nested in another.
  const inner = groupNodes(example("reconstruct"), ["piano", "encode"]);
  if (!inner.ok) throw new Error(inner.message);
  const p = inner.patch;
  const instance = inner.instanceId;
  const outer = groupNodes(p, [instance, "decode"]);
  if (!outer.ok) throw new Error(outer.message);
  const nested = outer.patch;

  it("reloads for a source's parameter inside an instance, nested too", () => {
    const src = withNode(p, instance, (n) => ({ params: { ...n.params, "piano.asset": "flute" } }));
    expect(liveChange(p, src, nodeRegistry).kind).toBe("reload");
    const deep = withNode(nested, outer.instanceId, (n) => ({
      params: { ...n.params, [`${instance}.piano.asset`]: "flute" },
    }));
    expect(liveChange(nested, deep, nodeRegistry).kind).toBe("reload");
  });

  it("reloads for an inner model choice and an edited definition", () => {
    const model = withNode(p, instance, (n) => ({
      params: { ...n.params, "encode.model": "pca-spectral" },
    }));
    expect(liveChange(p, model, nodeRegistry).kind).toBe("reload");
    const renamed = { ...p, subpatches: p.subpatches!.map((s) => ({ ...s, name: "other" })) };
    expect(liveChange(p, renamed, nodeRegistry).kind).toBe("reload");
  });
});

describe("latencyOf", () => {
  it("adds algorithmic, ring and output latency in milliseconds", () => {
    const l = latencyOf({ latencySamples: 768, sampleRate: 44100 }, LIVE_SETTINGS, 1323, {
      baseLatency: 0.01,
      outputLatency: 0.032,
    });
    expect(l.algorithmicMs).toBeCloseTo(17.41, 2);
    expect(l.bufferMs).toBeCloseTo(30, 5);
    expect(l.outputMs).toBeCloseTo(42, 5);
    expect(l.totalMs).toBeCloseTo(l.algorithmicMs + 72, 5);
  });

  it("falls back to the queue target before the first status", () => {
    const l = latencyOf(
      { latencySamples: 0, sampleRate: 48000 },
      { aheadSeconds: 0.03 },
      undefined,
      {
        baseLatency: 0,
        outputLatency: 0,
      },
    );
    expect(l.bufferMs).toBeCloseTo(30, 5);
  });

  it("carries the file queue the worker keeps when it follows the Buffer setting", () => {
    expect(LIVE_SETTINGS.aheadSeconds).toBe("buffer");
    const queue = { samples: 441, pinned: false, growths: 1, shrinks: 0 };
    const l = latencyOf(
      { latencySamples: 0, sampleRate: 44100 },
      LIVE_SETTINGS,
      882,
      { baseLatency: 0, outputLatency: 0 },
      queue,
    );
    expect(l.path).toBe("file");
    expect(l.bufferMs).toBeCloseTo(20, 5);
    expect(l.queue).toEqual({ ms: 10, pinned: false, growths: 1, shrinks: 0 });
    expect(describeQueue(l.queue!)).toBe("adaptive, 10.0 ms (grew once after underruns)");
  });
});

describe("liveSettingsFromQuery", () => {
  it("takes ?buffer=MS as the pinned Buffer (live and file queues), with a ring deep enough", () => {
    const s = liveSettingsFromQuery("?buffer=150");
    expect(s.liveQueue).toBeCloseTo(0.15);
    expect(s.aheadSeconds).toBe("buffer");
    expect(s.ringSeconds).toBeGreaterThanOrEqual(2 * 0.15);
    expect(s.loadAheadSeconds).toBeGreaterThanOrEqual(0.15);
    expect(s.blockFrames).toBe(LIVE_SETTINGS.blockFrames);
  });

  it("pins a live queue as short as asked (a file keeps 20 ms: see FilePace)", () => {
    const s = liveSettingsFromQuery("?buffer=5");
    expect(s.liveQueue).toBeCloseTo(0.005);
    expect(liveSettingsFromQuery("?buffer=0").liveQueue).toBe(0);
  });

  it("keeps the adaptive defaults without it, for auto, or for a value out of 0–1000 ms", () => {
    expect(LIVE_SETTINGS.liveQueue).toBe("adaptive");
    for (const q of [
      "",
      "?x=1",
      "?buffer=",
      "?buffer=auto",
      "?buffer=abc",
      "?buffer=-5",
      "?buffer=5000",
    ])
      expect(liveSettingsFromQuery(q), q).toBe(LIVE_SETTINGS);
  });
});

describe("liveLatencyOf", () => {
  const info = { latencySamples: 768, sampleRate: 44100 };
  const device = { baseLatency: 0.01, outputLatency: 0 };

  it("splits the live queue into the block and the buffer, and says how the buffer is set", () => {
    const input = {
      delaySamples: 768 + 1024 + 441,
      queueSamples: 441,
      queuePinned: false,
      queueGrowths: 2,
      queueShrinks: 0,
    };
    const l = liveLatencyOf(info, input, device);
    expect(l.bufferMs).toBeCloseTo((1000 * (1024 + 441)) / 44100, 6);
    expect(l.queue).toEqual({ ms: 10, pinned: false, growths: 2, shrinks: 0 });
    expect(l.totalMs).toBeCloseTo(l.algorithmicMs + l.bufferMs + 10, 6);
    expect(describeQueue(l.queue!)).toBe("adaptive, 10.0 ms (grew 2 times after underruns)");
    expect(describeQueue({ ms: 5, pinned: false, growths: 1, shrinks: 0 })).toMatch(/grew once/);
    expect(describeQueue({ ms: 5, pinned: false, growths: 0, shrinks: 0 })).toBe(
      "adaptive, 5.0 ms",
    );
    expect(describeQueue({ ms: 15, pinned: false, growths: 3, shrinks: 1 })).toBe(
      "adaptive, 15.0 ms (grew 3 times after underruns, gave 1 step back)",
    );
    expect(describeQueue({ ms: 20, pinned: true, growths: 0, shrinks: 0 })).toBe("pinned, 20.0 ms");
    // A measurement replaces the design's figure in the total.
    expect(liveLatencyOf(info, input, device, 60).totalMs).toBeCloseTo(70, 6);
  });
});
