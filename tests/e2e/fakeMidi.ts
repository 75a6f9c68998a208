/**
 * A stand-in for the browser's MIDI device list: one fake input, "Fake Knobs", and
 * `window.__midiSend(bytes)` to play it. Only `navigator.requestMIDIAccess` is replaced; webmidi
 * and everything of ours runs as shipped. Pass {@link fakeMidi} as a page's init script.
 */
import type { Page } from "playwright-core";

/** Runs in the page before the app: one fake MIDI input, and `__midiSend(bytes)` to play it. */
export function fakeMidi(): void {
  const input = {
    id: "fake-1",
    name: "Fake Knobs",
    manufacturer: "Test",
    type: "input",
    version: "1",
    state: "connected",
    connection: "open",
    onmidimessage: null as null | ((e: { data: Uint8Array; timeStamp: number }) => void),
    onstatechange: null,
    open() {
      return Promise.resolve(this);
    },
    close() {
      return Promise.resolve(this);
    },
    addEventListener() {},
    removeEventListener() {},
  };
  const access = {
    inputs: new Map([[input.id, input]]),
    outputs: new Map(),
    sysexEnabled: false,
    onstatechange: null,
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(navigator, "requestMIDIAccess", {
    configurable: true,
    value: () => Promise.resolve(access),
  });
  (window as unknown as { __midiSend: (b: number[]) => void }).__midiSend = (bytes) =>
    input.onmidimessage?.({ data: new Uint8Array(bytes), timeStamp: performance.now() });
}

/** Plays `bytes` (e.g. `[0xb0, 1, 0]`: CC 1 to 0 on channel 1) on the fake input. */
export const sendMidi = (page: Page, bytes: number[]): Promise<void> =>
  page.evaluate(
    (b) => (window as unknown as { __midiSend: (b: number[]) => void }).__midiSend(b),
    bytes,
  );
