/**
 * The musical clock: the tempo and the transport position in beats at every latent frame of a
 * render or a stream. Beats are integrated, beat(f + 1) = beat(f) + bpm(f) / 60 / frameRate, so
 * a tempo change while playing bends the beat's slope at that frame without moving the beat
 * itself. The clock is a tempo map (a list of segments, each a start frame, the beat there and a
 * constant tempo) so any frame, past or future, can be asked for: a chain rebuilt after an edit
 * reads the same beats as the one it replaces. Written by hand: no library keeps a tempo map on a
 * latent-frame grid.
 */

/** What nodes read: the tempo and the beat position at a frame of the patch clock. */
export interface TempoMap {
  /** Beats since frame 0 at `frame` (fractional frames allowed). */
  beatAt(frame: number): number;
  /** The tempo in beats per minute at `frame`. */
  bpmAt(frame: number): number;
}

/** One stretch of constant tempo, from `frame` on. */
export interface TempoSegment {
  readonly frame: number;
  readonly beat: number;
  readonly bpm: number;
}

/** Tempo changes remembered; a stream only asks for frames near where it plays. */
const MAX_SEGMENTS = 256;

function checkBpm(bpm: number): void {
  if (!(Number.isFinite(bpm) && bpm > 0))
    throw new Error(`tempo: expected a positive number of beats per minute, got ${String(bpm)}`);
}

/**
 * A tempo map on a grid of `frameRate` latent frames per second, starting at `bpm` with beat 0
 * at frame 0. {@link setTempo} changes the tempo from a frame on.
 */
export class TransportClock implements TempoMap {
  private segments: TempoSegment[];

  constructor(
    readonly frameRate: number,
    bpm: number,
    start: { readonly frame: number; readonly beat: number } = { frame: 0, beat: 0 },
  ) {
    if (!(Number.isFinite(frameRate) && frameRate > 0))
      throw new Error(`tempo: expected a positive frame rate, got ${String(frameRate)}`);
    checkBpm(bpm);
    this.segments = [{ frame: start.frame, beat: start.beat, bpm }];
  }

  /**
   * A clock at `bpm` that continues `other` from `frame`: the same beat there, the new tempo on.
   * A stream that replaces another (a graph edit while playing) keeps the beat this way.
   */
  static continuing(other: TempoMap, frame: number, frameRate: number, bpm: number) {
    return new TransportClock(frameRate, bpm, { frame, beat: other.beatAt(frame) });
  }

  /** The tempo segments, oldest first (for tests and status). */
  get tempoSegments(): readonly TempoSegment[] {
    return this.segments;
  }

  /**
   * Plays at `bpm` from `frame` on; what was planned after `frame` is dropped. The beat at
   * `frame` is unchanged, so a stream that changes tempo does not jump.
   */
  setTempo(bpm: number, frame: number): void {
    checkBpm(bpm);
    if (!Number.isFinite(frame)) throw new Error(`tempo: expected a frame, got ${String(frame)}`);
    const beat = this.beatAt(frame);
    const kept = this.segments.filter((s) => s.frame < frame);
    // The first segment stays (it anchors frames before it) unless the change replaces it.
    this.segments = kept.length > 0 ? [...kept, { frame, beat, bpm }] : [{ frame, beat, bpm }];
    // Bounded under a dragged tempo: the oldest stretches go (frames long played are not asked).
    if (this.segments.length > MAX_SEGMENTS) this.segments = this.segments.slice(-MAX_SEGMENTS);
  }

  beatAt(frame: number): number {
    const s = this.segmentAt(frame);
    return s.beat + ((frame - s.frame) * s.bpm) / 60 / this.frameRate;
  }

  bpmAt(frame: number): number {
    return this.segmentAt(frame).bpm;
  }

  /** The last segment starting at or before `frame`; the first one for earlier frames. */
  private segmentAt(frame: number): TempoSegment {
    const list = this.segments;
    for (let i = list.length - 1; i > 0; i--) if (list[i]!.frame <= frame) return list[i]!;
    return list[0]!;
  }
}

/** A fixed tempo from beat 0 at frame 0: what an offline render of a patch plays at. */
export function constantTempo(frameRate: number, bpm: number): TransportClock {
  return new TransportClock(frameRate, bpm);
}
