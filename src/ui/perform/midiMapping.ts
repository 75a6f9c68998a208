/**
 * MIDI mapping logic, apart from any MIDI device: reading raw messages, which mapping a message
 * moves, the value it sets (range and curve like the parameter's slider), MIDI learn (the next
 * controller moved is mapped to the parameter waiting for it), and the tempo from MIDI clock.
 */
import { MORPH_TARGET, retriggerNode, type MidiMapping } from "../../engine/patch/performSchema";
import type { NumberParam } from "../../engine/nodeDefinition";

/** The messages mappings read; `channel` is 1–16. */
export type MidiMessage =
  | {
      readonly kind: "cc";
      readonly channel: number;
      readonly number: number;
      readonly value: number;
    }
  | {
      readonly kind: "note-on";
      readonly channel: number;
      readonly note: number;
      readonly velocity: number;
    }
  | { readonly kind: "clock" }
  | { readonly kind: "start" }
  | { readonly kind: "stop" };

/** The message in raw MIDI bytes, if it is one mappings read (a note-on at velocity 0 is an off). */
export function readMidi(data: ArrayLike<number>): MidiMessage | undefined {
  const status = data[0] ?? 0;
  if (status === 0xf8) return { kind: "clock" };
  if (status === 0xfa || status === 0xfb) return { kind: "start" };
  if (status === 0xfc) return { kind: "stop" };
  const type = status & 0xf0;
  const channel = (status & 0x0f) + 1;
  const a = data[1];
  const b = data[2];
  if (a === undefined || b === undefined) return undefined;
  if (type === 0xb0) return { kind: "cc", channel, number: a & 0x7f, value: b & 0x7f };
  if (type === 0x90 && b > 0)
    return { kind: "note-on", channel, note: a & 0x7f, velocity: b & 0x7f };
  return undefined;
}

/** The 0–127 value `message` gives `mapping`, or undefined when it is not for that mapping. */
export function rawValueFor(mapping: MidiMapping, message: MidiMessage): number | undefined {
  if (message.kind !== "cc" && message.kind !== "note-on") return undefined;
  if (mapping.channel !== undefined && mapping.channel !== message.channel) return undefined;
  if (mapping.control === "cc")
    return message.kind === "cc" && message.number === mapping.number ? message.value : undefined;
  if (message.kind !== "note-on") return undefined;
  if (mapping.control === "note-on")
    return mapping.number === undefined || mapping.number === message.note
      ? message.velocity
      : undefined;
  return mapping.control === "note-pitch" ? message.note : message.velocity;
}

/** The range a mapping spans: its own min/max, else the target's (0–1 for the morph). */
export function mappingRange(
  mapping: MidiMapping,
  spec: NumberParam | undefined,
): { min: number; max: number } {
  const own = mapping.target === MORPH_TARGET || !spec ? { min: 0, max: 1 } : spec;
  return { min: mapping.min ?? own.min, max: mapping.max ?? own.max };
}

/** The parameter value for a 0–127 controller value. */
export function mappedValue(
  mapping: MidiMapping,
  spec: NumberParam | undefined,
  raw: number,
): number {
  const { min, max } = mappingRange(mapping, spec);
  const t = Math.min(1, Math.max(0, raw / 127));
  let v =
    mapping.curve === "log" && min > 0 && max > 0
      ? min * Math.pow(max / min, t)
      : min + t * (max - min);
  if (spec?.integer) v = Math.round(v);
  if (spec) v = Math.min(spec.max, Math.max(spec.min, v));
  return v;
}

/**
 * The mapping MIDI learn makes for `target` from the first message moved: a controller maps its
 * number and channel, a key maps its pitch; `curve` follows the parameter's slider. A retrigger
 * target (`"<node>.@retrigger"`) waits for a key and restarts on that key and channel.
 */
export function learnedMapping(
  target: string,
  message: MidiMessage,
  curve: "linear" | "log",
): MidiMapping | undefined {
  if (retriggerNode(target) !== undefined)
    return message.kind === "note-on"
      ? {
          control: "note-on",
          number: message.note,
          channel: message.channel,
          target,
          curve: "linear",
          smoothMs: 0,
        }
      : undefined;
  if (message.kind === "cc")
    return {
      control: "cc",
      number: message.number,
      channel: message.channel,
      target,
      curve,
      smoothMs: 30,
    };
  if (message.kind === "note-on")
    return { control: "note-pitch", channel: message.channel, target, curve, smoothMs: 0 };
  return undefined;
}

/** A human label: "CC 21 ch 1", "note pitch (any channel)", "note 60 ch 1", "any note ch 2". */
export function mappingLabel(m: MidiMapping): string {
  const ch = m.channel === undefined ? "any channel" : `ch ${m.channel}`;
  if (m.control === "cc") return `CC ${m.number ?? "?"} ${ch}`;
  if (m.control === "note-on")
    return `${m.number === undefined ? "any note" : `note ${m.number}`} ${ch}`;
  return `${m.control === "note-pitch" ? "note pitch" : "velocity"} (${ch})`;
}

/**
 * Tempo from MIDI clock (24 pulses a quarter note): the average over the last `window` pulses,
 * or undefined until enough have come. `now` is in milliseconds.
 */
export class MidiClockTempo {
  private readonly times: number[] = [];

  constructor(private readonly window = 48) {}

  pulse(now: number): number | undefined {
    this.times.push(now);
    if (this.times.length > this.window + 1) this.times.shift();
    const first = this.times[0]!;
    const n = this.times.length - 1;
    if (n < 24 || now <= first) return undefined;
    const msPerPulse = (now - first) / n;
    return 60000 / (msPerPulse * 24);
  }

  reset(): void {
    this.times.length = 0;
  }
}
