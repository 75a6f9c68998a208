/**
 * The options of a streaming render (`StreamingRender`), in a file of their own so the
 * renderer stays readable.
 */
import type { LiveInput } from "../nodeDefinition";
import type { TransportClock } from "../transportClock";
import type { IsLiveSource } from "./chain";

/**
 * The crossfade from the old chain to the new one after an edit: short, so a change is heard
 * soon, and long enough that the two chains' waveforms meet without a click (the crossfade test
 * checks 10 ms adds no step above the signal's own; 20 ms was used before).
 */
export const DEFAULT_CROSSFADE_MS = 10;

export interface StreamOptions {
  /** Length of the material; default: the longest source, or 4 s when there is none. */
  readonly seconds?: number;
  /** The output node to play; default: the first node of category "output". */
  readonly outputId?: string;
  /**
   * Crossfade after a parameter change, in milliseconds (default {@link DEFAULT_CROSSFADE_MS};
   * 0 switches abruptly).
   */
  readonly crossfadeMs?: number;
  /** Block size (frames) used to precompute static nodes; default 16, as `Engine.render`. */
  readonly precomputeBlockFrames?: number;
  /**
   * Whether static sources are computed once over the whole duration (default true: every
   * chain after an edit shares them). False plays them block by block, so a one-pass render
   * (the CLI's) does not hold a second whole copy of each source; the output is the same.
   */
  readonly precomputeSources?: boolean;
  /** Which sources are live (default: AudioIn with source "live"). */
  readonly isLive?: IsLiveSource;
  /**
   * The input live sources read: the caller sets up each block's input before `next`. Without
   * it a patch with a live source is refused when the stream is created.
   */
  readonly live?: LiveInput;
  /**
   * Loop from the first block (`StreamingRender.setLoop`): the sources wrap at
   * `loopFrames` and the stream never ends. Default false.
   */
  readonly loop?: boolean;
  /** The crossfade at a wrap that cuts the material short (default `LOOP_CROSSFADE_MS`, `loop.ts`). */
  readonly loopCrossfadeMs?: number;
  /**
   * Live playback: a patch a MIDI note can start again (a `note-on` mapping in `perform.midi`),
   * or one already retriggered, does not end with its material; it plays silence, waiting for
   * the next note, until stopped. Default false (offline renders always end).
   */
  readonly holdForNotes?: boolean;
  /** The transport the nodes read; default: the patch's tempo from beat 0 at frame 0. */
  readonly tempo?: TransportClock;
}
