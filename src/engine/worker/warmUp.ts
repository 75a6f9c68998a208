/**
 * The warm-up before a live start (see {@link warmUpModels}).
 */
import type { LiveFeed } from "../stream/liveFeed";
import type { StreamingRender } from "../stream/streamingRender";

/** The longest a live start warms the models up for. */
export const WARM_UP_MS = 1000;

/**
 * Before a live start: blocks of silence through the patch until one renders in under half its
 * duration (at most {@link WARM_UP_MS}), so the models' first, slow runs (compiling,
 * allocating, starting threads) are over before the output counts underruns. What they play
 * is dropped: the queue starts as silence either way.
 */
export async function warmUpModels(
  stream: StreamingRender,
  feed: LiveFeed,
  blockFrames: number,
): Promise<void> {
  const { hopSamples, sampleRate } = stream.clock;
  const block = blockFrames * hopSamples;
  const blockMs = (1000 * block) / sampleRate;
  const until = performance.now() + WARM_UP_MS;
  for (;;) {
    const started = performance.now();
    feed.discard();
    feed.advance(block);
    await stream.next(blockFrames);
    if (performance.now() - started < blockMs / 2 || performance.now() > until) break;
  }
  feed.discard();
}
