import { describe, expect, it } from "vitest";
import { parsePatch, splitEndpoint } from "../../src/engine/patch/parse";
import { serializePatch } from "../../src/engine/patch/serialize";
import { registry } from "./fixtures";

/** Written out of order, with ui keys unsorted: serialization must put everything in place. */
const messy = {
  ui: { zoom: 1.5, camera: { y: 2, x: -1 } },
  assets: {
    piano: { name: "piano", kind: "builtin" },
    clip: { base64: "UklGRg==", mime: "audio/wav", kind: "embedded" },
  },
  comments: [{ position: [0, -40], text: "mix, then out", id: "note" }],
  connections: [{ to: "out.audio", from: "mix.out" }],
  nodes: [
    {
      position: [40, 80],
      params: { sample: "piano", freq: (0.1 + 0.2) * 1000 },
      type: "Osc",
      id: "osc",
    },
    { type: "Mix2", id: "mix" },
    { id: "out", type: "Out", params: {} },
  ],
  model: "pca-spectral",
  transport: { loopBars: 2, beatsPerBar: 3, bpm: 96 },
  name: "effect transfer",
  version: 2,
  format: "latent-patcher.patch",
};

const CANONICAL = `{
  "format": "latent-patcher.patch",
  "version": 2,
  "name": "effect transfer",
  "model": "pca-spectral",
  "transport": {
    "bpm": 96,
    "beatsPerBar": 3,
    "loopBars": 2
  },
  "nodes": [
    {
      "id": "osc",
      "type": "Osc",
      "params": {
        "freq": 300.00000000000006,
        "sample": "piano"
      },
      "position": [40, 80]
    },
    {
      "id": "mix",
      "type": "Mix2",
      "params": {}
    },
    {
      "id": "out",
      "type": "Out",
      "params": {}
    }
  ],
  "connections": [
    {
      "from": "mix.out",
      "to": "out.audio"
    }
  ],
  "comments": [
    {
      "id": "note",
      "text": "mix, then out",
      "position": [0, -40]
    }
  ],
  "assets": {
    "clip": {
      "kind": "embedded",
      "mime": "audio/wav",
      "base64": "UklGRg=="
    },
    "piano": {
      "kind": "builtin",
      "name": "piano"
    }
  },
  "ui": {
    "camera": {
      "x": -1,
      "y": 2
    },
    "zoom": 1.5
  }
}
`;

describe("serializePatch", () => {
  it("writes the canonical form: fixed key order, sorted maps, 2-space indent, final newline", () => {
    expect(serializePatch(parsePatch(messy, registry))).toBe(CANONICAL);
    expect(serializePatch(parsePatch(CANONICAL, registry))).toBe(CANONICAL);
  });

  it("writes breakpoints one pair per line and leaves out absent optionals", () => {
    const text = serializePatch(
      parsePatch(
        {
          format: "latent-patcher.patch",
          version: 2,
          name: "b",
          description: "",
          nodes: [
            {
              id: "o",
              type: "Osc",
              params: {
                envelope: [
                  [0, 1],
                  [0.5, -2],
                ],
              },
            },
          ],
        },
        registry,
      ),
    );
    expect(text).toContain('"envelope": [\n          [0, 1],\n          [0.5, -2]\n        ]');
    expect(text).toContain('"description": ""');
    expect(text).not.toContain('"model"');
    expect(text).not.toContain('"assets"');
    expect(text).not.toContain('"comments"');
    expect(text).not.toContain('"ui"');
  });
});

describe("splitEndpoint", () => {
  it("splits on the one dot and refuses anything else", () => {
    expect(splitEndpoint("enc.audio")).toEqual({ node: "enc", port: "audio" });
    expect(() => splitEndpoint("enc")).toThrow('expected an endpoint "node.port", got "enc"');
    expect(() => splitEndpoint("a.b.c")).toThrow();
    expect(() => splitEndpoint(".b")).toThrow();
  });
});
