/** The rendered output's waveform: peak per pixel column. */
import { useEffect, useRef } from "react";
import type { AudioValue } from "../engine/values";

export function Waveform({ audio }: { audio: AudioValue | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const g = canvas?.getContext("2d");
    if (!canvas || !g) return;
    canvas.width = canvas.clientWidth * devicePixelRatio;
    canvas.height = canvas.clientHeight * devicePixelRatio;
    g.clearRect(0, 0, canvas.width, canvas.height);
    const x = audio?.channels[0];
    const mid = canvas.height / 2;
    g.fillStyle = "#2a3140";
    g.fillRect(0, mid, canvas.width, 1);
    if (!x) return;
    g.fillStyle = "#7fb0ff";
    const step = x.length / canvas.width;
    for (let px = 0; px < canvas.width; px++) {
      let peak = 0;
      const end = Math.min(x.length, Math.floor((px + 1) * step));
      for (let i = Math.floor(px * step); i < end; i++) peak = Math.max(peak, Math.abs(x[i] ?? 0));
      const h = Math.max(1, peak * canvas.height);
      g.fillRect(px, mid - h / 2, 1, h);
    }
  }, [audio]);
  return <canvas className="lp-wave" ref={ref} aria-label="output waveform" />;
}
