/**
 * The transport area of the toolbar, one fixed width so that nothing beside it moves when a
 * readout changes: the play buttons, the tempo (BPM, beats per bar, loop length, bar.beat), loop
 * toggle, play position and an output meter. {@link LiveControls}: while playing live, the
 * engine's backend, latency and underruns; the live input's toggle, level and latency probe;
 * the live buffer menu (shown in the toolbar's Live menu).
 */
import { useRef, useState, type ReactNode } from "react";
import type { Transport } from "./transport";
import type { LiveTransport } from "./live/liveTransport";
import { LiveReadout } from "./live/LiveReadout";
import { InputControl } from "./live/InputControl";
import { BufferControl } from "./live/BufferControl";
import { TempoControl, type TempoControlProps } from "./TempoControl";
import { formatPosition, meterFraction } from "./meter";
import { useAnimation } from "./inspect/plotCanvas";

export function TransportBar(props: {
  transport: () => Transport | undefined;
  live: () => LiveTransport | undefined;
  tempo: Omit<TempoControlProps, "live">;
  /** The play buttons, first in the area. */
  children?: ReactNode;
}) {
  const [loop, setLoop] = useState(false);
  const position = useRef<HTMLSpanElement>(null);
  const peak = useRef<HTMLDivElement>(null);
  const rms = useRef<HTMLDivElement>(null);
  useAnimation(() => {
    const live = props.live();
    const t = live?.playing ? live : props.transport();
    const text = formatPosition(t?.position());
    if (position.current && position.current.textContent !== text)
      position.current.textContent = text;
    const level = t?.meter() ?? { peak: 0, rms: 0 };
    if (peak.current) peak.current.style.width = `${100 * meterFraction(level.peak)}%`;
    if (rms.current) rms.current.style.width = `${100 * meterFraction(level.rms)}%`;
  });
  return (
    <div className="lp-transport" role="group" aria-label="transport">
      {props.children}
      <TempoControl {...props.tempo} live={props.live} />
      <button
        aria-pressed={loop}
        className={loop ? "lp-toggle on" : "lp-toggle"}
        title="Loop the output"
        onClick={() => {
          const t = props.transport();
          if (t) t.loop = !loop;
          const live = props.live();
          if (live) live.loop = !loop;
          setLoop(!loop);
        }}
      >
        ⟲ Loop
      </button>
      <span className="lp-position" ref={position} aria-label="play position">
        {formatPosition(undefined)}
      </span>
      <div className="lp-meter" title="Output level: RMS (bright) and peak, −60 to 0 dBFS">
        <div className="lp-meter-peak" ref={peak} />
        <div className="lp-meter-rms" ref={rms} />
      </div>
    </div>
  );
}

/** The live engine's readout, the live input and the live buffer. */
export function LiveControls({ live }: { live: () => LiveTransport | undefined }) {
  return (
    <>
      <LiveReadout live={live} />
      <InputControl live={live} />
      <BufferControl live={live} />
    </>
  );
}
