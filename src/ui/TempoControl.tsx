/**
 * The tempo in the transport bar: BPM (type it, or drag the "BPM" label up and down; Shift for
 * tenths), beats per bar, the loop length (the material's, or N bars) and, while playing, the
 * position heard as bar.beat. The first three are saved in the patch, so each change is an undo
 * step (a drag is one); while playing, a new tempo is heard within a block, without a restart.
 */
import { useRef, useState, type PointerEvent } from "react";
import { MAX_BPM, MIN_BPM, type PatchTransport } from "../engine/patch/schema";
import type { Outcome } from "./model/patchModel";
import type { TransportChange } from "./model/transportEdit";
import type { LiveTransport } from "./live/liveTransport";
import { formatBarBeat } from "./live/beatClock";
import { useAnimation } from "./inspect/plotCanvas";

/** Loop lengths offered, in bars (the patch's own is added when it is not one of them). */
const LOOP_BARS = [1, 2, 4, 8, 16, 32];
/** Pixels of drag per BPM (per tenth with Shift). */
const PX_PER_STEP = 2;

export interface TempoControlProps {
  readonly transport: PatchTransport;
  readonly setTransport: (change: TransportChange, gesture?: string) => Outcome;
  readonly live: () => LiveTransport | undefined;
  readonly onRefused: (message: string) => void;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function TempoControl({ transport, setTransport, live, onRefused }: TempoControlProps) {
  const { bpm, beatsPerBar, loopBars } = transport;
  const [typed, setTyped] = useState<string | undefined>(undefined);
  const drag = useRef<{ y: number; bpm: number; gesture: string } | undefined>(undefined);
  const position = useRef<HTMLSpanElement>(null);
  useAnimation(() => {
    const b = live()?.beat();
    const text = b ? formatBarBeat(b.beat, beatsPerBar) : "–.–";
    if (position.current && position.current.textContent !== text)
      position.current.textContent = text;
  });

  const apply = (change: TransportChange, gesture?: string) => {
    const outcome = setTransport(change, gesture);
    if (!outcome.ok) onRefused(outcome.message);
  };
  const commitTyped = () => {
    if (typed === undefined) return;
    setTyped(undefined);
    const value = Number(typed);
    if (typed.trim() === "" || !Number.isFinite(value))
      return onRefused(`tempo: expected a number of beats per minute, got "${typed}"`);
    apply({ bpm: value });
  };
  const onDown = (e: PointerEvent<HTMLSpanElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { y: e.clientY, bpm, gesture: `drag-${e.timeStamp}` };
  };
  const onMove = (e: PointerEvent<HTMLSpanElement>) => {
    const d = drag.current;
    if (!d) return;
    const steps = (d.y - e.clientY) / PX_PER_STEP;
    const next = round1(d.bpm + (e.shiftKey ? steps / 10 : Math.round(steps)));
    apply({ bpm: Math.min(MAX_BPM, Math.max(MIN_BPM, next)) }, d.gesture);
  };
  const onUp = () => (drag.current = undefined);

  const loops = loopBars === undefined ? LOOP_BARS : [...new Set([...LOOP_BARS, loopBars])];
  return (
    <span className="lp-tempo" aria-label="tempo controls">
      <span
        className="lp-tempo-drag"
        title="Drag up or down to change the tempo (Shift: in tenths)"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      >
        BPM
      </span>
      <input
        aria-label="tempo"
        className="lp-tempo-bpm"
        type="number"
        min={MIN_BPM}
        max={MAX_BPM}
        step={0.1}
        value={typed ?? String(bpm)}
        title={`Tempo in beats per minute, ${MIN_BPM} to ${MAX_BPM}; saved in the patch`}
        onChange={(e) => setTyped(e.currentTarget.value)}
        onBlur={commitTyped}
        onKeyDown={(e) => {
          if (e.key === "Enter") commitTyped();
          if (e.key === "Escape") setTyped(undefined);
        }}
      />
      <select
        aria-label="beats per bar"
        value={String(beatsPerBar)}
        title="Beats in a bar"
        onChange={(e) => apply({ beatsPerBar: Number(e.currentTarget.value) })}
      >
        {Array.from({ length: 16 }, (_, i) => i + 1).map((n) => (
          <option key={n} value={String(n)}>{`${n}/4`}</option>
        ))}
      </select>
      <select
        aria-label="loop length"
        value={loopBars === undefined ? "material" : String(loopBars)}
        title="How long a loop is: the material's length, or whole bars at this tempo"
        onChange={(e) => {
          const v = e.currentTarget.value;
          apply({ loopBars: v === "material" ? undefined : Number(v) });
        }}
      >
        <option value="material">loop: material</option>
        {loops
          .sort((a, b) => a - b)
          .map((n) => (
            <option key={n} value={String(n)}>{`loop: ${n} bar${n > 1 ? "s" : ""}`}</option>
          ))}
      </select>
      <span
        ref={position}
        className="lp-tempo-position"
        aria-label="bar.beat"
        title="Bar and beat being heard (while playing)"
      >
        –.–
      </span>
    </span>
  );
}
