/**
 * The performance view: a stage panel over the canvas with the tempo, MIDI, the output meter, the
 * snapshots (keys 1–9 recall them over the fade time), the morph between two snapshots, the
 * favourite and MIDI-mapped parameters as big controls, each MIDI-learnable, the sounds a key
 * restarts, and the patch text (Ctrl-Enter applies it, Esc leaves it). Usable with keyboard and
 * MIDI only.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { MORPH_TARGET, retriggerNode } from "../../engine/patch/performSchema";
import { patchTransport } from "../../engine/patch/schema";
import type { PatchModel } from "../model/patchModel";
import type { MidiStatus } from "./midiInput";
import { performOf, type PerformController } from "./performController";
import { captureValues, specOf } from "./snapshots";
import { LearnButton, MappingTags } from "./mappingControls";
import { PerformMeter, type OutputLevel } from "./PerformMeter";
import { RetriggerList } from "./RetriggerList";
import { TextPane } from "../text/TextPane";
import "./perform.css";

interface Props {
  readonly model: PatchModel;
  readonly perform: PerformController;
  readonly midi: MidiStatus;
  readonly fadeMs: number;
  readonly setFadeMs: (ms: number) => void;
  readonly onClose: () => void;
  readonly say: (text: string, error?: boolean) => void;
  /** The live output's level, for the meter. */
  readonly level: OutputLevel;
  /** Ctrl-. in the patch text: stop playback. */
  readonly onStop: () => void;
}

function MidiLine({ status }: { status: MidiStatus }) {
  if (status.state === "off") return <span className="lp-perf-midi">MIDI: starting…</span>;
  if (status.state !== "ready")
    return <span className="lp-perf-midi error">MIDI: {status.message}</span>;
  const names = status.inputs.length ? status.inputs.join(", ") : "no inputs connected";
  return <span className="lp-perf-midi">MIDI: {names}</span>;
}

export function PerformView(props: Props) {
  const { model, perform, midi, fadeMs, setFadeMs, onClose, say } = props;
  const stage = useRef<HTMLElement>(null);
  const patch = useSyncExternalStore(model.subscribe, () => model.patch);
  const learning = useSyncExternalStore(
    (l) => perform.subscribe(l),
    () => perform.learnTarget,
  );
  const [follow, setFollow] = useState(perform.followClock);
  const p = performOf(patch);
  const transport = patchTransport(patch);
  const controls = [
    ...new Set([
      ...p.favourites,
      ...p.midi.map((m) => m.target).filter((t) => t !== MORPH_TARGET && !retriggerNode(t)),
    ]),
  ];
  const numberRefs = Object.keys(captureValues(patch, model.registry)).filter(
    (ref) => specOf(patch, model.registry, ref)?.kind === "number" && !controls.includes(ref),
  );
  const [from, setFrom] = useState(p.morph?.from ?? p.snapshots[0]?.name ?? "");
  const [to, setTo] = useState(p.morph?.to ?? p.snapshots[1]?.name ?? "");
  useEffect(() => {
    if (p.morph) {
      setFrom(p.morph.from);
      setTo(p.morph.to);
    }
  }, [p.morph]);

  const learnButton = (target: string) => (
    <LearnButton perform={perform} target={target} learning={learning} />
  );
  const mappingTags = (target: string) => (
    <MappingTags perform={perform} midi={p.midi} target={target} />
  );

  return (
    <section className="lp-perform" aria-label="performance view" ref={stage} tabIndex={-1}>
      <header>
        <h2>Perform</h2>
        <label>
          Tempo
          <input
            type="number"
            aria-label="tempo (BPM)"
            min={20}
            max={300}
            step={0.1}
            value={transport.bpm}
            onChange={(e) => {
              const bpm = Number(e.target.value);
              if (bpm >= 20 && bpm <= 300)
                model.update({ ...model.patch, transport: { ...transport, bpm } }, "tempo");
            }}
          />
          BPM
        </label>
        <MidiLine status={midi} />
        <label title="Take the tempo from incoming MIDI clock">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => {
              perform.followClock = e.target.checked;
              setFollow(e.target.checked);
            }}
          />
          follow MIDI clock
        </label>
        <button onClick={onClose} title="Back to the patcher (P)">
          Close
        </button>
      </header>

      <PerformMeter level={props.level} />

      <div className="lp-perf-snapshots">
        <h3>Snapshots</h3>
        <button
          onClick={() => {
            const r = perform.store();
            say(r.ok ? `stored snapshot "${r.name}"` : r.message, !r.ok);
          }}
          title="Store every parameter's value as a new snapshot"
        >
          Store
        </button>
        <label>
          fade
          <input
            type="number"
            aria-label="recall fade (ms)"
            min={0}
            max={10000}
            step={50}
            value={fadeMs}
            onChange={(e) => setFadeMs(Math.max(0, Math.min(10000, Number(e.target.value) || 0)))}
          />
          ms
        </label>
        <ol>
          {p.snapshots.map((s, i) => (
            <li key={s.name}>
              <button
                className="lp-perf-recall"
                onClick={() => perform.recall(s.name, fadeMs)}
                title={i < 9 ? `Recall (key ${i + 1})` : "Recall"}
              >
                {i < 9 && <kbd>{i + 1}</kbd>} {s.name}
              </button>
              <button
                onClick={() => perform.overwrite(s.name)}
                title="Store the current values in it"
              >
                Update
              </button>
              <button
                aria-label={`delete snapshot ${s.name}`}
                onClick={() => perform.remove(s.name)}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
        {p.snapshots.length === 0 && (
          <p className="lp-perf-hint">
            Store the patch's values, change them, store again, then morph.
          </p>
        )}
      </div>

      <div className="lp-perf-morph">
        <h3>Morph</h3>
        <select
          aria-label="morph from"
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
            if (to) perform.setMorphEnds(e.target.value, to);
          }}
        >
          {p.snapshots.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>
        <input
          type="range"
          aria-label="morph"
          min={0}
          max={1}
          step={0.001}
          disabled={!from || !to}
          value={p.morph?.amount ?? 0}
          onChange={(e) => {
            const r = perform.morph(from, to, Number(e.target.value));
            if (!r.ok) say(r.message, true);
          }}
          onPointerUp={() => model.endGesture()}
        />
        <select
          aria-label="morph to"
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
            if (from) perform.setMorphEnds(from, e.target.value);
          }}
        >
          {p.snapshots.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>
        {learnButton(MORPH_TARGET)}
        {mappingTags(MORPH_TARGET)}
      </div>

      <div className="lp-perf-controls">
        <h3>Controls</h3>
        {controls.map((ref) => {
          const spec = specOf(patch, model.registry, ref);
          if (spec?.kind !== "number") return null;
          const [node, ...rest] = ref.split(".");
          const param = rest.join(".");
          const value = model.node(node!)?.params[param];
          const v = typeof value === "number" ? value : spec.default;
          return (
            <div key={ref} className="lp-perf-control">
              <label>
                <span>{ref}</span>
                <input
                  type="range"
                  aria-label={ref}
                  min={spec.min}
                  max={spec.max}
                  step={spec.step ?? (spec.max - spec.min) / 1000}
                  value={v}
                  onChange={(e) => model.setParam(node!, param, Number(e.target.value), "perform")}
                  onPointerUp={() => model.endGesture()}
                />
                <output>
                  {Number(v.toFixed(3))}
                  {spec.unit ?? ""}
                </output>
              </label>
              {learnButton(ref)}
              {mappingTags(ref)}
              <button
                aria-pressed={p.favourites.includes(ref)}
                title="Keep it in this view"
                onClick={() => perform.toggleFavourite(ref)}
              >
                {p.favourites.includes(ref) ? "★" : "☆"}
              </button>
            </div>
          );
        })}
        <select
          aria-label="add a control"
          value=""
          onChange={(e) => e.target.value && perform.toggleFavourite(e.target.value)}
        >
          <option value="">Add a control…</option>
          {numberRefs.map((ref) => (
            <option key={ref}>{ref}</option>
          ))}
        </select>
      </div>
      <RetriggerList
        patch={patch}
        registry={model.registry}
        perform={perform}
        p={p}
        learning={learning}
      />

      <div
        className="lp-perf-text"
        onKeyDown={(e) => {
          if (e.key === "Escape") stage.current?.focus(); // back to the view's keys (1–9)
        }}
      >
        <TextPane model={model} onStop={props.onStop} autoFocus={false} label="patch text" />
      </div>
    </section>
  );
}
