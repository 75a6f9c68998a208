/**
 * The performance layer over the open patch: snapshots (store, recall over a crossfade time,
 * morph between two), MIDI (learn, mapped controls gliding over their smoothing time, tempo from
 * MIDI clock) and favourites. Every change is an edit of the patch model, so it is saved, undone
 * and heard through the same path as a slider move. No DOM: MIDI arrives as raw bytes.
 */
import type { NumberParam } from "../../engine/nodeDefinition";
import {
  MAX_SNAPSHOTS,
  MORPH_TARGET,
  retriggerNode,
  type MidiMapping,
  type PatchPerform,
  type Snapshot,
} from "../../engine/patch/performSchema";
import { patchTransport, type Patch } from "../../engine/patch/schema";
import type { PatchModel } from "../model/patchModel";
import { Glides, type Ticker } from "./glide";
import { MidiClockTempo, learnedMapping, mappedValue, rawValueFor, readMidi } from "./midiMapping";
import {
  captureValues,
  freshSnapshotName,
  isLogScale,
  morphValues,
  specOf,
  withValues,
  type SnapshotValues,
} from "./snapshots";

const EMPTY: PatchPerform = { snapshots: [], midi: [], favourites: [] };

export const performOf = (patch: Patch): PatchPerform => patch.perform ?? EMPTY;

export type Outcome = { ok: true } | { ok: false; message: string };

export class PerformController {
  private readonly glides: Glides;
  private readonly clock = new MidiClockTempo();
  private learning: string | undefined;
  private readonly listeners = new Set<() => void>();
  private edits = 0;
  /** When true, MIDI clock sets the patch tempo. */
  followClock = false;

  constructor(
    private readonly model: PatchModel,
    ticker: Ticker,
    /** Starts a source of the playing patch again (a note-on mapped to `"<node>.@retrigger"`). */
    private readonly retrigger: (nodeId: string) => void = () => undefined,
  ) {
    this.glides = new Glides(ticker);
  }

  /** Calls `listener` when learning starts or ends (patch changes come from the model). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The parameter waiting for MIDI learn, if any. */
  get learnTarget(): string | undefined {
    return this.learning;
  }

  private get patch(): Patch {
    return this.model.patch;
  }

  private setPerform(perform: PatchPerform, key?: string): void {
    this.model.update({ ...this.patch, perform }, key);
  }

  // ── snapshots ──

  /** Stores the current values (of `nodeIds`, or all nodes) as a new snapshot; returns its name. */
  store(nodeIds?: readonly string[], name?: string): Outcome & { name?: string } {
    const perform = performOf(this.patch);
    if (perform.snapshots.length >= MAX_SNAPSHOTS)
      return { ok: false, message: `a patch keeps at most ${MAX_SNAPSHOTS} snapshots` };
    const snapName = name ?? freshSnapshotName(perform.snapshots);
    if (perform.snapshots.some((s) => s.name === snapName))
      return { ok: false, message: `there is already a snapshot "${snapName}"` };
    const values = captureValues(this.patch, this.model.registry, nodeIds);
    this.setPerform({ ...perform, snapshots: [...perform.snapshots, { name: snapName, values }] });
    return { ok: true, name: snapName };
  }

  /** Replaces a snapshot's values by the current ones (of the parameters it already holds). */
  overwrite(name: string): Outcome {
    const perform = performOf(this.patch);
    const snap = perform.snapshots.find((s) => s.name === name);
    if (!snap) return { ok: false, message: `no snapshot "${name}"` };
    const now = captureValues(this.patch, this.model.registry);
    const values = Object.fromEntries(
      Object.keys(snap.values).flatMap((ref) => (ref in now ? [[ref, now[ref]!]] : [])),
    );
    const snapshots = perform.snapshots.map((s) => (s === snap ? { ...s, values } : s));
    this.setPerform({ ...perform, snapshots });
    return { ok: true };
  }

  remove(name: string): void {
    const perform = performOf(this.patch);
    const snapshots = perform.snapshots.filter((s) => s.name !== name);
    const morph =
      perform.morph && (perform.morph.from === name || perform.morph.to === name)
        ? undefined
        : perform.morph;
    this.setPerform({ ...perform, snapshots, morph });
  }

  /**
   * Recalls snapshot `name` (or the `index`-th) over `fadeMs` (0: at once): every parameter it
   * holds glides from where it is now, as one undo step.
   */
  recall(which: string | number, fadeMs: number): Outcome {
    const snaps = performOf(this.patch).snapshots;
    const snap: Snapshot | undefined =
      typeof which === "number" ? snaps[which] : snaps.find((s) => s.name === which);
    if (!snap)
      return {
        ok: false,
        message: `no snapshot ${typeof which === "number" ? which + 1 : `"${which}"`}`,
      };
    const from = captureValues(this.patch, this.model.registry);
    const key = `recall:${snap.name}:${++this.edits}`;
    this.glides.stop("recall");
    this.glides.glide("recall", 0, 1, fadeMs, (t) => this.applyBetween(from, snap.values, t, key));
    return { ok: true };
  }

  private applyBetween(from: SnapshotValues, to: SnapshotValues, t: number, key: string): void {
    const values = morphValues(this.patch, this.model.registry, from, to, t);
    const next = withValues(this.patch, values);
    if (next !== this.patch) this.model.update(next, key);
  }

  /** Sets the morph between snapshots `from` and `to` at `amount` (0–1) and applies it. */
  morph(from: string, to: string, amount: number, gesture = "morph"): Outcome {
    const perform = performOf(this.patch);
    const a = perform.snapshots.find((s) => s.name === from);
    const b = perform.snapshots.find((s) => s.name === to);
    if (!a || !b) return { ok: false, message: `no snapshot "${a ? to : from}"` };
    const clamped = Math.min(1, Math.max(0, amount));
    const values = morphValues(this.patch, this.model.registry, a.values, b.values, clamped);
    const next = withValues(
      { ...this.patch, perform: { ...perform, morph: { from, to, amount: clamped } } },
      values,
    );
    this.model.update(next, `morph:${gesture}`);
    return { ok: true };
  }

  /** Chooses the morph's two snapshots without moving any parameter (the next morph move does). */
  setMorphEnds(from: string, to: string): void {
    const perform = performOf(this.patch);
    this.setPerform({ ...perform, morph: { from, to, amount: perform.morph?.amount ?? 0 } });
  }

  // ── favourites ──

  toggleFavourite(ref: string): void {
    const perform = performOf(this.patch);
    const has = perform.favourites.includes(ref);
    const favourites = has
      ? perform.favourites.filter((f) => f !== ref)
      : [...perform.favourites, ref];
    this.setPerform({ ...perform, favourites });
  }

  // ── MIDI ──

  /** Waits for the next controller moved, to map it to `target` (`"node.param"` or "@morph"). */
  learn(target: string): void {
    this.learning = target;
    this.emit();
  }

  cancelLearn(): void {
    if (this.learning === undefined) return;
    this.learning = undefined;
    this.emit();
  }

  /** Starts source `nodeId` of the playing patch again from its start, as a mapped key does. */
  trigger(nodeId: string): void {
    this.retrigger(nodeId);
  }

  /** Lets every key (on its channel) play retrigger mapping `index`, not only the one learned. */
  anyKey(index: number): void {
    const perform = performOf(this.patch);
    const midi = perform.midi.map((m, i) =>
      i === index && m.control === "note-on" ? { ...m, number: undefined } : m,
    );
    this.setPerform({ ...perform, midi });
  }

  removeMapping(index: number): void {
    const perform = performOf(this.patch);
    this.setPerform({ ...perform, midi: perform.midi.filter((_, i) => i !== index) });
  }

  /** One raw MIDI message from any input. */
  onMidi(data: ArrayLike<number>, now: number): void {
    const message = readMidi(data);
    if (!message) return;
    if (message.kind === "clock") return this.onClock(now);
    if (message.kind === "start" || message.kind === "stop") return this.clock.reset();
    if (this.learning !== undefined) {
      const target = this.learning;
      const spec = this.numberSpec(target);
      const mapping = learnedMapping(target, message, spec && isLogScale(spec) ? "log" : "linear");
      if (mapping) {
        const perform = performOf(this.patch);
        const midi = [...perform.midi.filter((m) => m.target !== target), mapping];
        this.learning = undefined;
        this.setPerform({ ...perform, midi });
        this.emit();
      }
    }
    for (const mapping of performOf(this.patch).midi) {
      const raw = rawValueFor(mapping, message);
      if (raw !== undefined) this.drive(mapping, raw);
    }
  }

  private numberSpec(ref: string): NumberParam | undefined {
    if (ref === MORPH_TARGET) return undefined;
    const spec = specOf(this.patch, this.model.registry, ref);
    return spec?.kind === "number" ? spec : undefined;
  }

  private drive(mapping: MidiMapping, raw: number): void {
    const source = retriggerNode(mapping.target);
    if (source !== undefined) return this.retrigger(source);
    const spec = this.numberSpec(mapping.target);
    const value = mappedValue(mapping, spec, raw);
    if (mapping.target === MORPH_TARGET) {
      const { morph, snapshots } = performOf(this.patch);
      // No morph chosen yet: the knob morphs from the first snapshot to the second.
      const [a, b] = snapshots;
      const m = morph ?? (a && b ? { from: a.name, to: b.name, amount: 0 } : undefined);
      if (!m) return;
      this.glides.glide(MORPH_TARGET, m.amount, value, mapping.smoothMs, (v) => {
        const now = performOf(this.patch).morph ?? m;
        this.morph(now.from, now.to, v, "midi");
      });
      return;
    }
    if (!spec) return;
    const dot = mapping.target.indexOf(".");
    const node = mapping.target.slice(0, dot);
    const param = mapping.target.slice(dot + 1);
    const current = this.model.node(node)?.params[param];
    const from = typeof current === "number" ? current : spec.default;
    this.glides.glide(mapping.target, from, value, mapping.smoothMs, (v) => {
      this.model.setParam(node, param, spec.integer ? Math.round(v) : v, "midi");
    });
  }

  private onClock(now: number): void {
    const bpm = this.clock.pulse(now);
    if (!this.followClock || bpm === undefined) return;
    const transport = patchTransport(this.patch);
    const rounded = Math.round(Math.min(300, Math.max(20, bpm)) * 10) / 10;
    if (Math.abs(rounded - transport.bpm) < 0.5) return;
    this.model.update({ ...this.patch, transport: { ...transport, bpm: rounded } }, "midi-clock");
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
