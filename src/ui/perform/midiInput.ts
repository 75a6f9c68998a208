/**
 * The browser's MIDI inputs through webmidi: enabled on first use, every input listened to,
 * hot-plugged inputs added and removed, raw messages handed on. A browser without Web MIDI or
 * a refused permission is reported once; nothing else depends on MIDI.
 */
import { WebMidi, type Input } from "webmidi";

export type MidiStatus =
  | { readonly state: "off" }
  | { readonly state: "unavailable" | "refused"; readonly message: string }
  | { readonly state: "ready"; readonly inputs: readonly string[] };

export class MidiInputs {
  private status: MidiStatus = { state: "off" };
  private readonly attached = new Set<Input>();

  constructor(
    private readonly onMessage: (data: ArrayLike<number>, now: number) => void,
    private readonly onStatus: (status: MidiStatus) => void,
  ) {}

  get current(): MidiStatus {
    return this.status;
  }

  /** Asks for MIDI access (once); later calls return the status. */
  async enable(): Promise<MidiStatus> {
    if (this.status.state !== "off") return this.status;
    if (typeof navigator === "undefined" || typeof navigator.requestMIDIAccess !== "function") {
      return this.set({
        state: "unavailable",
        message: "this browser has no Web MIDI: MIDI is off, everything else works",
      });
    }
    try {
      await WebMidi.enable({ sysex: false });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return this.set({
        state: "refused",
        message: `MIDI access was refused (${reason}): MIDI is off, everything else works`,
      });
    }
    WebMidi.addListener("connected", () => this.refresh());
    WebMidi.addListener("disconnected", () => this.refresh());
    return this.refresh();
  }

  private refresh(): MidiStatus {
    for (const input of WebMidi.inputs) {
      if (this.attached.has(input)) continue;
      this.attached.add(input);
      input.addListener("midimessage", (e) => this.onMessage(e.message.data, e.timestamp));
    }
    for (const input of [...this.attached]) {
      if (!WebMidi.inputs.includes(input)) this.attached.delete(input);
    }
    const inputs = WebMidi.inputs.filter((i) => i.state !== "disconnected").map((i) => i.name);
    return this.set({ state: "ready", inputs });
  }

  private set(status: MidiStatus): MidiStatus {
    this.status = status;
    this.onStatus(status);
    return status;
  }
}
