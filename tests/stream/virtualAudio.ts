/**
 * A virtual audio thread for engine-host tests in Node: the real capture and output processors
 * (fake AudioWorkletGlobalScope) run quantum by quantum, advanced by exactly the time the host
 * sleeps or waits, so a test is deterministic however slow the machine is.
 */
import { createOutputRing } from "../../src/audio/outputRing";
import { CaptureControls, createCaptureRing } from "../../src/audio/captureRing";
import type { OutputProcessor as OutputProcessorType } from "../../src/audio/outputProcessor";
import type { CaptureProcessor as CaptureProcessorType } from "../../src/audio/captureProcessor";
import type { HostClock } from "../../src/engine/worker/engineHost";

export const SAMPLE_RATE = 16000; // the spectral fixture's clock
const QUANTUM = 128;
let OutputProcessor: typeof OutputProcessorType;
let CaptureProcessor: typeof CaptureProcessorType;
const scope = globalThis as unknown as { currentFrame: number };

/** Sets up the worklet globals and loads the processors (call in `beforeAll`). */
export async function loadProcessors(): Promise<void> {
  Object.assign(globalThis, {
    sampleRate: SAMPLE_RATE,
    currentFrame: 0,
    AudioWorkletProcessor: class {},
    registerProcessor: () => undefined,
  });
  ({ OutputProcessor } = await import("../../src/audio/outputProcessor"));
  ({ CaptureProcessor } = await import("../../src/audio/captureProcessor"));
}

/** The audio thread: each quantum the output worklet plays, the capture worklet records the mic and listens to the output. */
export function audioThread(input: (frame: number) => number, seconds: number) {
  const output = createOutputRing({ sampleRate: SAMPLE_RATE, channels: 1 });
  const capture = createCaptureRing({ sampleRate: SAMPLE_RATE });
  const out = new OutputProcessor({ processorOptions: output });
  const cap = new CaptureProcessor({ processorOptions: capture });
  const played = new Float32Array(seconds * SAMPLE_RATE + QUANTUM);
  const mic = new Float32Array(QUANTUM);
  const speaker = new Float32Array(QUANTUM);
  const silent = new Float32Array(QUANTUM);
  let frame = 0;
  const quantum = () => {
    scope.currentFrame = frame;
    for (let i = 0; i < QUANTUM; i++) mic[i] = input(frame + i);
    out.process([], [[speaker]]);
    cap.process([[mic], [speaker]], [[silent]]);
    if (frame + QUANTUM <= played.length) played.set(speaker, frame);
    frame += QUANTUM;
  };
  const quantaIn = (ms: number) => Math.max(1, Math.round((ms / 1000) * (SAMPLE_RATE / QUANTUM)));
  const clock: HostClock = {
    async sleep(ms) {
      for (let k = quantaIn(ms); k > 0; k--) quantum();
      await new Promise((resolve) => setImmediate(resolve));
    },
    // The capture worklet's notify, on the virtual clock: quanta run until the watched counter
    // moves (the host looks again whether its block is complete) or the timeout passes.
    async wait(cell, index, value, ms) {
      for (let k = quantaIn(ms); k > 0 && Atomics.load(cell, index) === value; k--) quantum();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return {
    output,
    capture,
    controls: new CaptureControls(capture),
    clock,
    played,
    quantum,
    get frames() {
      return frame;
    },
  };
}

export async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}
