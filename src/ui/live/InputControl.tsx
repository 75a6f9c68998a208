/**
 * Live input in the transport bar: the Input toggle (opens the microphone or line-in), its level
 * meter, and the latency probe's button and figure. A refused permission or a missing device is
 * said beside the button.
 */
import { useRef, useState } from "react";
import { useAnimation } from "../inspect/plotCanvas";
import { meterFraction } from "../meter";
import type { LiveTransport } from "./liveTransport";
import type { MeasuredLatency } from "./latency";

/** How fast the input meter falls back: a factor per animation frame (~20 dB/s at 60 Hz). */
const METER_FALL = 0.96;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function InputControl({ live }: { live: () => LiveTransport | undefined }) {
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [measuring, setMeasuring] = useState(false);
  const [measured, setMeasured] = useState<MeasuredLatency | undefined>(undefined);
  const level = useRef<HTMLDivElement>(null);
  const shown = useRef({ peak: 0, on: false });

  useAnimation(() => {
    const t = live();
    const s = shown.current;
    s.peak = Math.max(t?.inputPeak() ?? 0, s.peak * METER_FALL);
    if (level.current) level.current.style.width = `${100 * meterFraction(s.peak)}%`;
    // Playing a patch with a live AudioIn opens the input by itself.
    const isOn = t?.inputOn ?? false;
    if (isOn !== s.on) {
      s.on = isOn;
      setOn(isOn);
      if (isOn) setError(undefined);
    }
  });

  const toggle = async () => {
    const t = live();
    if (!t) return;
    try {
      if (t.inputOn) await t.disableInput();
      else await t.enableInput();
      setError(undefined);
    } catch (err) {
      setError(messageOf(err));
    }
    setOn(t.inputOn);
  };

  const measure = async () => {
    const t = live();
    if (!t) return;
    setMeasuring(true);
    try {
      setMeasured(await t.measureLatency());
      setError(undefined);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setMeasuring(false);
    }
  };

  const clicks = measured?.clicksMs
    .map((ms) => (Number.isNaN(ms) ? "—" : ms.toFixed(1)))
    .join(", ");
  return (
    <span className="lp-input" aria-label="live input">
      <button
        aria-pressed={on}
        className={on ? "lp-toggle on" : "lp-toggle"}
        title="Microphone or line-in, heard through AudioIn nodes on source “live” while playing"
        onClick={() => void toggle()}
      >
        ● Input
      </button>
      <div className="lp-meter lp-input-meter" title="Input level (peak), −60 to 0 dBFS">
        <div className="lp-meter-peak" ref={level} aria-label="input level" />
      </div>
      <button
        disabled={!on || measuring}
        title="Measure the live path's latency: clicks replace the input for 3 s and are timed at the output"
        onClick={() => void measure()}
      >
        {measuring ? "measuring…" : "◷ Latency"}
      </button>
      {measured && (
        <span
          className="lp-input-measured"
          aria-label="measured latency"
          title={`input → output node, median of the clicks (${clicks} ms), without the devices' own latency`}
        >
          {`${measured.ms.toFixed(0)} ms measured`}
        </span>
      )}
      {error && (
        <span className="lp-input-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
