/**
 * The performance view's output meter: peak and RMS of what goes to the speakers (the transport
 * bar's meter, drawn large) with the peak in dBFS, redrawn every frame without React renders.
 */
import { useRef } from "react";
import { useAnimation } from "../inspect/plotCanvas";
import { METER_FLOOR_DB, meterFraction } from "../meter";

/** Peak and RMS (linear) of the last block sent to the speakers. */
export type OutputLevel = () => { peak: number; rms: number };

const dbOf = (level: number): number =>
  level > 0 ? Math.max(METER_FLOOR_DB, 20 * Math.log10(level)) : METER_FLOOR_DB;

export function PerformMeter({ level }: { level: OutputLevel }) {
  const meter = useRef<HTMLDivElement>(null);
  const peak = useRef<HTMLDivElement>(null);
  const rms = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLOutputElement>(null);
  useAnimation(() => {
    const now = level();
    const db = Math.round(dbOf(now.peak) * 10) / 10;
    if (peak.current) peak.current.style.width = `${100 * meterFraction(now.peak)}%`;
    if (rms.current) rms.current.style.width = `${100 * meterFraction(now.rms)}%`;
    meter.current?.setAttribute("aria-valuenow", String(db));
    const text = db <= METER_FLOOR_DB ? "silent" : `${db.toFixed(1)} dB`;
    if (readout.current && readout.current.textContent !== text) readout.current.textContent = text;
  });
  return (
    <div className="lp-perf-level">
      <h3>Output</h3>
      <div
        ref={meter}
        className="lp-meter lp-perf-meter"
        role="meter"
        aria-label="output level (peak dBFS)"
        aria-valuemin={METER_FLOOR_DB}
        aria-valuemax={0}
        aria-valuenow={METER_FLOOR_DB}
        title="Output level: RMS (bright) and peak, −60 to 0 dBFS"
      >
        <div className="lp-meter-peak" ref={peak} />
        <div className="lp-meter-rms" ref={rms} />
      </div>
      <output ref={readout} className="lp-perf-db">
        silent
      </output>
    </div>
  );
}
