/**
 * The live path's figures in the transport bar: the inference backend (and why), the latency
 * (algorithmic + ring + output device; the queue the adaptive buffer settled at) and the underrun count, refreshed every animation frame from shared memory and the
 * worker's last status.
 */
import { useRef } from "react";
import { useAnimation } from "../inspect/plotCanvas";
import type { LiveTransport } from "./liveTransport";
import { describeQueue } from "./latency";

function setText(el: HTMLElement | null, text: string, title?: string): void {
  if (!el) return;
  if (el.textContent !== text) el.textContent = text;
  if (title !== undefined && el.title !== title) el.title = title;
}

/** The live queue's part of the latency title: the block, and the buffer beyond it. */
function queueNote(queue: Parameters<typeof describeQueue>[0] | undefined): string {
  return queue ? `; live queue = one latent block + buffer (${describeQueue(queue)})` : "";
}

export function LiveReadout({ live }: { live: () => LiveTransport | undefined }) {
  const backend = useRef<HTMLSpanElement>(null);
  const latency = useRef<HTMLSpanElement>(null);
  const xruns = useRef<HTMLSpanElement>(null);
  useAnimation(() => {
    const t = live();
    const b = t?.backend;
    setText(
      backend.current,
      !b
        ? "engine: idle"
        : b.name.includes("WebGPU")
          ? b.name.includes("WASM")
            ? "WebGPU + WASM"
            : "WebGPU"
          : `WASM ${b.threads > 1 ? `${b.threads} threads` : "1 thread"}`,
      b ? `${b.name}: ${b.reason}` : "Press Play to start the engine worker",
    );
    const l = t?.latency();
    setText(
      latency.current,
      l ? `${Math.round(l.totalMs)} ms` : "— ms",
      l
        ? l.measuredMs !== undefined
          ? `latency ${l.totalMs.toFixed(0)} ms = ${l.measuredMs.toFixed(1)} measured input → output (expected ${(l.algorithmicMs + l.bufferMs).toFixed(1)}: ${l.algorithmicMs.toFixed(1)} algorithmic + ${l.bufferMs.toFixed(1)} live queue) + ${l.outputMs.toFixed(1)} output (context base + device)${queueNote(l.queue)}`
          : l.queue && l.path === "live"
            ? `latency ${l.totalMs.toFixed(0)} ms = ${l.algorithmicMs.toFixed(1)} algorithmic + ${l.bufferMs.toFixed(1)} live queue + ${l.outputMs.toFixed(1)} output (context base + device)${queueNote(l.queue)}`
            : `latency ${l.totalMs.toFixed(0)} ms = ${l.algorithmicMs.toFixed(1)} algorithmic + ${l.bufferMs.toFixed(1)} ring buffer + ${l.outputMs.toFixed(1)} output (context base + device)${l.queue ? `; the worker renders when the ring is down to ${describeQueue(l.queue)}` : ""}`
        : "latency: shown while playing live",
    );
    const s = t?.stats();
    setText(
      xruns.current,
      s ? `${s.underruns} underruns` : "0 underruns",
      s
        ? `${s.underruns} render quanta unfilled (${s.missingFrames} frames of silence), ${s.nonFinite} non-finite samples silenced, ${s.framesPlayed} frames played`
        : "underruns of the live output",
    );
    xruns.current?.classList.toggle("bad", (s?.underruns ?? 0) > 0);
  });
  return (
    <span className="lp-live" aria-label="live engine">
      <span ref={backend} className="lp-live-backend" aria-label="backend" />
      <span ref={latency} className="lp-live-latency" aria-label="latency" />
      <span ref={xruns} className="lp-live-underruns" aria-label="underruns" />
    </span>
  );
}
