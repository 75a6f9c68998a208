/** The node contract (./contract.ts) for the nodes at the edges: sources, models and output. */
import { fsLoader } from "../../src/engine/node/fsLoader";
import { loadModels } from "../../src/engine/models/store";
import type { NodeEnv } from "../../src/engine/nodeDefinition";
import { latent, type AudioValue } from "../../src/engine/values";
import { AudioInNode } from "../../src/nodes/AudioIn";
import { AudioOutNode } from "../../src/nodes/AudioOut";
import { DecodeNode } from "../../src/nodes/Decode";
import { EncodeNode } from "../../src/nodes/Encode";
import { runNodeContract } from "./contract";

const MODEL = "spectral-fixture";
let env: Promise<NodeEnv> | undefined;

/** An environment with the spectral fixture pack (16 kHz, 128 samples per frame, 8 dims). */
function fixtureEnv(): Promise<NodeEnv> {
  env ??= loadModels(fsLoader(process.cwd()), [MODEL], {
    defaultModelId: MODEL,
    dirOf: (id) => `tests/fixtures/models/${id}`,
  }).then((models) => {
    const m = models.get(MODEL);
    return {
      clock: { sampleRate: m.sampleRate, hopSamples: m.hopSamples, frameRate: m.frameRate },
      models,
      assets: {
        audio: () => {
          throw new Error("no assets here");
        },
      },
      nodeId: "n1",
    };
  });
  return env;
}

const HOP = 128;
const tone = (frames: number, amp = 0.3): AudioValue => ({
  type: "audio",
  sampleRate: 16000,
  channels: [
    Float32Array.from(
      { length: frames * HOP },
      (_, i) => amp * Math.sin(i * 0.07) * Math.sin(i * 0.0011),
    ),
  ],
});
const randomLatent = (frames: number) =>
  latent(
    Float32Array.from({ length: frames * 8 }, (_, i) => Math.sin(i * 12.9898) * 0.8),
    frames,
    8,
    16000 / HOP,
    MODEL,
  );

runNodeContract({
  def: AudioInNode,
  env: fixtureEnv,
  params: { source: "noise", seconds: 0.5 },
  inputs: () => ({}),
  latentPorts: [],
});

runNodeContract({
  def: EncodeNode,
  env: fixtureEnv,
  inputs: (n) => ({ audio: tone(n) }),
  latentPorts: [],
});

runNodeContract({
  def: DecodeNode,
  env: fixtureEnv,
  inputs: (n) => ({ latent: randomLatent(n) }),
  latentPorts: ["latent"],
});

runNodeContract({
  def: AudioOutNode,
  env: fixtureEnv,
  inputs: (n) => ({ audio: tone(n, 3) }),
  neutral: { inputs: (n) => ({ audio: tone(n, 0.5) }), expected: (i) => ({ out: i.audio! }) },
  latentPorts: [],
});
