/**
 * Plays a sound of the browser through the speakers: rendered by a Transport of its own (an
 * AudioIn into an AudioOut, so assets load as in any render, and the last render the inspectors
 * show stays), cut to a few seconds and kept under full scale (soundList.ts). One at a time.
 */
import { Transport } from "../transport";
import { previewClip, previewPatch, type SoundEntry } from "./soundList";

let transport: Transport | undefined;
let generation = 0;

/** What a preview played: its peak after the ceiling, and its length in seconds. */
export interface Previewed {
  readonly peak: number;
  readonly seconds: number;
}

/** Renders and plays `entry`; resolves once it plays (undefined if stopped meanwhile). */
export async function playPreview(entry: SoundEntry): Promise<Previewed | undefined> {
  stopPreview();
  const mine = ++generation;
  transport ??= new Transport();
  const rendered = await transport.render(previewPatch(entry), () => {});
  if (mine !== generation) return undefined;
  const clip = previewClip(rendered.audio);
  transport.play(clip);
  let peak = 0;
  for (const c of clip.channels) for (const v of c) peak = Math.max(peak, Math.abs(v));
  return { peak, seconds: (clip.channels[0]?.length ?? 0) / clip.sampleRate };
}

/** Stops the preview playing or being rendered, if any. */
export function stopPreview(): void {
  generation++;
  transport?.stop();
}
