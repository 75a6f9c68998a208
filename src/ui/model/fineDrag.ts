/**
 * Dragging a slider, with a fine mode: while Shift is held the value moves FINE_FACTOR times
 * more slowly (Max's and Ableton's habit). The drag is relative to where it started, and when
 * Shift is pressed or released mid-drag it re-anchors, so the value never jumps.
 */

/** How many times finer a drag with Shift is. */
export const FINE_FACTOR = 10;

export class SliderDrag {
  private anchorPos: number;
  private anchorX: number;
  private fine: boolean;
  private pos: number;

  /**
   * @param pos slider position where the drag starts, in [0, max]
   * @param x pointer x where it starts, in pixels
   * @param pixelsPerTrack width of the slider's track in pixels (> 0)
   * @param max the slider's largest position
   */
  constructor(
    pos: number,
    x: number,
    private readonly pixelsPerTrack: number,
    private readonly max: number,
    fine = false,
  ) {
    if (!(pixelsPerTrack > 0)) throw new Error(`a slider track must be wider than 0 px`);
    this.pos = this.anchorPos = Math.min(max, Math.max(0, pos));
    this.anchorX = x;
    this.fine = fine;
  }

  /** The slider position for the pointer at `x`, Shift held or not; clamped to [0, max]. */
  move(x: number, fine: boolean): number {
    if (fine !== this.fine) {
      this.anchorPos = this.pos;
      this.anchorX = x;
      this.fine = fine;
    }
    const perPixel = this.max / this.pixelsPerTrack / (fine ? FINE_FACTOR : 1);
    const raw = this.anchorPos + (x - this.anchorX) * perPixel;
    this.pos = Math.min(this.max, Math.max(0, raw));
    return this.pos;
  }
}
