/**
 * The arithmetic of the control boxes' faces (Number, Message, Toggle, Bang on the canvas), kept
 * apart from React so it is unit-tested: a Number's vertical drag and typing, a Message's text,
 * and where a Bang clicked while playing puts its pulse.
 */

/** `v` at six significant digits, so that drags by 0.1 do not save 0.30000000000000004. */
export const tidy = (v: number): number => Number(v.toPrecision(6));

/**
 * The value after a vertical drag of `dy` pixels (up is positive) from `from`: `step` per pixel,
 * a tenth of it with Shift, limited to [min, max].
 */
export function draggedValue(
  from: number,
  dy: number,
  step: number,
  fine: boolean,
  min: number,
  max: number,
): number {
  const v = from + dy * step * (fine ? 0.1 : 1);
  return tidy(Math.min(max, Math.max(min, v)));
}

/** A Number's typed text as a value in [min, max], or why not. */
export function typedNumber(
  text: string,
  min: number,
  max: number,
): { ok: true; value: number } | { ok: false; message: string } {
  const v = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(v))
    return { ok: false, message: `"${text}" is not a number` };
  return { ok: true, value: tidy(Math.min(max, Math.max(min, v))) };
}

/** A message as its box shows it: numbers separated by spaces, as in Max ("1 2.5 -3"). */
export const messageText = (values: readonly number[]): string => values.join(" ");

/** What the playing patch reports for a Bang: the beat heard, the tempo, how far ahead it renders. */
export interface HeardTransport {
  readonly beat: number;
  readonly bpm: number;
  /** Milliseconds between the render position and the listener (the queue and the patch's delay). */
  readonly aheadMs: number;
}

/** Time left for the engine to take a click in, beyond what it already renders ahead. */
export const BANG_MARGIN_MS = 60;

/**
 * The beat a Bang clicked now pulses at: stopped, the start (beat 0, heard on the next play or
 * render); playing, the first beat the engine has not rendered yet, with a margin for the edit to
 * reach it, so the pulse is heard whole and as soon as can be. Rounded to a thousandth of a beat.
 */
export function bangBeat(heard: HeardTransport | undefined): number {
  if (!heard) return 0;
  const ahead = ((heard.aheadMs + BANG_MARGIN_MS) / 1000) * (heard.bpm / 60);
  return Math.round((heard.beat + ahead) * 1000) / 1000;
}

let heardTransport: () => HeardTransport | undefined = () => undefined;

/** Tells the Bang faces where the playing patch is (the app sets it; tests need not). */
export function setHeardTransport(read: () => HeardTransport | undefined): void {
  heardTransport = read;
}

/** The beat a Bang clicked now pulses at (see {@link bangBeat}). */
export const bangBeatNow = (): number => bangBeat(heardTransport());
