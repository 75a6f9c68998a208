/**
 * Main-thread glue for live input: asks for the microphone (or line-in), loads the capture
 * processor once per AudioContext, allocates the capture ring at the context's rate and wires
 * MediaStream source → capture worklet. The ring goes to the engine worker; the controls give
 * the input level and run the latency probe.
 */
import processorUrl from "./captureProcessor.ts?worker&url";
import {
  CAPTURE_PROCESSOR_NAME,
  CaptureControls,
  captureStats,
  createCaptureRing,
  type CaptureRingShared,
  type CaptureStats,
} from "./captureRing";
import { addWorkletModuleOnce } from "./worklet";

/** Adds the capture processor module to `context` once; later calls share the first promise. */
export function loadCaptureWorklet(context: BaseAudioContext, url = processorUrl): Promise<void> {
  return addWorkletModuleOnce(context, url);
}

/** A user-facing sentence for a failed `getUserMedia` (permission, no device, device busy). */
export function microphoneErrorMessage(err: unknown): string {
  const name = err instanceof Error || err instanceof DOMException ? err.name : "";
  const detail = err instanceof Error ? err.message : String(err);
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "microphone permission was denied: allow the microphone for this page (the icon in the address bar) and press Input again";
    case "NotFoundError":
    case "OverconstrainedError":
      return "no microphone or line-in was found: connect an input device and press Input again";
    case "NotReadableError":
    case "AbortError":
      return `the input device could not be opened (another application may be using it): ${detail}`;
    default:
      return `live input failed: ${detail}`;
  }
}

/**
 * Opens the default audio input, without the voice processing (echo cancellation, noise
 * suppression, automatic gain) that would colour music. Rejects with a message from
 * {@link microphoneErrorMessage}.
 */
export async function openMicrophone(
  mediaDevices: Pick<MediaDevices, "getUserMedia"> | undefined = globalThis.navigator?.mediaDevices,
): Promise<MediaStream> {
  if (!mediaDevices?.getUserMedia) {
    throw new Error(
      "live input needs a secure page (https or localhost) in a browser that offers getUserMedia",
    );
  }
  try {
    return await mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (err) {
    throw new Error(microphoneErrorMessage(err), { cause: err });
  }
}

/** The capture worklet fed by a MediaStream, and the ring it fills. */
export class CaptureNode {
  readonly controls: CaptureControls;
  private probed: AudioNode | undefined;

  private constructor(
    readonly node: AudioWorkletNode,
    readonly source: MediaStreamAudioSourceNode,
    readonly ring: CaptureRingShared,
  ) {
    this.controls = new CaptureControls(ring);
  }

  /**
   * Wires `stream` into a capture worklet in `context` (module loaded once per context), with a
   * ring of `bufferSeconds` at the context's rate. The node is pulled through a silent output to
   * the destination.
   */
  static async create(
    context: AudioContext,
    stream: MediaStream,
    opts: { readonly bufferSeconds?: number } = {},
  ): Promise<CaptureNode> {
    await loadCaptureWorklet(context);
    const ring = createCaptureRing({ sampleRate: context.sampleRate, seconds: opts.bufferSeconds });
    const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
      numberOfInputs: 2,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: ring,
    });
    const source = context.createMediaStreamSource(stream);
    source.connect(node, 0, 0);
    node.connect(context.destination);
    return new CaptureNode(node, source, ring);
  }

  /** The signal the latency probe listens to (the live output node); replaces the last one. */
  listenTo(output: AudioNode | undefined): void {
    if (this.probed === output) return;
    try {
      this.probed?.disconnect(this.node);
    } catch {
      // Already disconnected (a disposed output node drops all its connections).
    }
    output?.connect(this.node, 0, 1);
    this.probed = output;
  }

  stats(): CaptureStats {
    return captureStats(this.ring);
  }

  /** Disconnects the source and the worklet (the stream's tracks belong to the caller). */
  dispose(): void {
    this.listenTo(undefined);
    this.source.disconnect();
    this.node.disconnect();
  }
}
