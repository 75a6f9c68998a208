/**
 * Readies a spare engine worker (see `EngineSupervisor.warmSpare`): a short sine through the
 * default model's codec, rendered a few blocks and let go. That leaves the inference runtime
 * fetched, compiled and started, and its hot code optimised — what a new worker's first load and
 * first blocks otherwise spend seconds on — so the spare, once it takes over, loads the user's
 * patch and fills its queue quickly.
 */
import type { EngineOptions } from "../engine";
import { parsePatch } from "../patch/parse";
import { loadStreamSetup } from "../stream/loadStream";
import { StreamingRender } from "../stream/streamingRender";

/** Blocks of 4 latent frames rendered: enough for the codec's runs to reach their steady pace. */
const WARM_BLOCKS = 12;

/** AudioIn (a sine) → Encode → Decode → AudioOut on `modelId`. */
function warmPatchText(modelId: string): string {
  return JSON.stringify({
    format: "latent-patcher.patch",
    version: 1,
    name: "warm-up",
    model: modelId,
    nodes: [
      { id: "sine", type: "AudioIn", params: { source: "sine", frequency: 220, seconds: 1 } },
      { id: "encode", type: "Encode", params: {} },
      { id: "decode", type: "Decode", params: {} },
      { id: "out", type: "AudioOut", params: {} },
    ],
    connections: [
      { from: "sine.audio", to: "encode.audio" },
      { from: "encode.latent", to: "decode.latent" },
      { from: "decode.audio", to: "out.audio" },
    ],
  });
}

/** Loads and plays the warm-up patch on the default model, then releases it. */
export async function prewarmEngine(options: EngineOptions): Promise<void> {
  const patch = parsePatch(warmPatchText(options.defaultModelId), options.registry);
  const setup = await loadStreamSetup(patch, options);
  try {
    const stream = await StreamingRender.create(setup);
    try {
      for (let i = 0; i < WARM_BLOCKS && !stream.ended; i++) await stream.next(4);
    } finally {
      stream.dispose();
    }
  } finally {
    await setup.dispose();
  }
}
